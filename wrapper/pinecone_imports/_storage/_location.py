"""`open_location`: from a user's location (a folder, `file://`, or a cloud URI) to a filesystem."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pyarrow import fs

from pinecone_imports._storage._s3 import s3_filesystem_from_env

Cloud = Literal["local", "s3"]


class StorageError(Exception):
    """A location cannot be used: its form is wrong, it is missing, or it cannot be read.

    The message is one line that names the location and what to do."""


@dataclass(frozen=True, slots=True)
class StorageLocation:
    """A directory on some filesystem. `path` is in the filesystem's own form, without a trailing
    slash: an absolute local path, or `bucket/prefix` for object stores."""

    uri: str
    filesystem: fs.FileSystem
    path: str
    cloud: Cloud

    def child(self, name: str) -> str:
        """The filesystem path of `name` (a relative path with `/` separators) inside this location."""
        return f"{self.path}/{name}" if self.path else name


def open_location(location: str | os.PathLike[str]) -> StorageLocation:
    """Resolves a local path, a `file:///` URI or an `s3://BUCKET/PREFIX` URI.

    Local paths are made absolute with symlinks resolved. Nothing is read yet: whether the location
    exists is for the caller to find out in the way it needs (a reader wants it, a writer creates it)."""
    text = os.fspath(location)
    parts = urlsplit(text)
    if parts.scheme == "s3":
        if not parts.netloc:
            raise StorageError(f"{text} names no bucket; use s3://BUCKET/DIR")
        prefix = parts.path.strip("/")
        root = f"{parts.netloc}/{prefix}" if prefix else parts.netloc
        return StorageLocation(text, s3_filesystem_from_env(), root, "s3")
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise StorageError(
                f"{text} names a host ({parts.netloc})"
                "; a local folder is file:///ABSOLUTE/PATH (three slashes)"
            )
        local = unquote(parts.path)
    elif parts.scheme == "":
        local = text
    else:
        raise StorageError(f"unsupported location {text!r}: use a folder, file:///PATH or s3://BUCKET/DIR")
    real = os.path.realpath(Path(local).expanduser())
    return StorageLocation(text, fs.LocalFileSystem(), real.rstrip(os.sep) or os.sep, "local")
