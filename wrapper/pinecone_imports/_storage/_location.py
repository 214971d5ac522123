"""`open_location`: from a user's location (a folder, `file://`, or a cloud URI) to a filesystem."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import unquote, urlsplit

from pyarrow import ArrowException, fs

from pinecone_imports._api._rules import ALL_CLOUD_FORMS, bucket_name_problem, parse_import_uri
from pinecone_imports._storage import _failures
from pinecone_imports._storage._azure import AzureSettingsError, azure_access
from pinecone_imports._storage._gcs import gcs_access
from pinecone_imports._storage._s3 import s3_access
from pinecone_imports._storage._settings import Access, StorageContext, timeout_seconds

T = TypeVar("T")

Cloud = Literal["local", "s3", "gs", "azure"]
_BUCKET_WORD = {"s3": "bucket", "gs": "bucket", "azure": "container"}
_FORMS = {
    "s3": "s3://BUCKET/DIR",
    "gs": "gs://BUCKET/DIR",
    "azure": "https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR",
}


class StorageError(Exception):
    """A location cannot be used: its form is wrong, it is missing, or it cannot be read.

    The message is one line that names the location and what to do."""


@dataclass(frozen=True, slots=True)
class Entry:
    """Something found one or two levels below a location. `name` is relative, with `/` separators."""

    name: str
    path: str
    is_dir: bool
    size: int = 0


@dataclass(frozen=True, slots=True)
class StorageLocation:
    """A directory on some filesystem. `path` is in the filesystem's own form, without a trailing
    slash: an absolute local path, or `bucket/prefix` for object stores (for Azure, `container/prefix`
    on the account's filesystem)."""

    uri: str
    filesystem: fs.FileSystem
    path: str
    cloud: Cloud
    context: StorageContext = field(default_factory=StorageContext, repr=False, compare=False)

    def child(self, name: str) -> str:
        """The filesystem path of `name` (a relative path with `/` separators) inside this location."""
        return f"{self.path}/{name}" if self.path else name

    def entries(self) -> list[Entry]:
        """Everything one level below the location, and what lies directly inside its folders, sorted.

        Object stores have no folders, only keys with slashes: there the folders are derived from one
        recursive listing (GCS, unlike S3 and Azure, reports none in a plain listing). A local folder
        is listed level by level so that nested trees are never walked. Raises `StorageError`."""
        try:
            if self.cloud == "local":
                found = self._two_levels()
            else:
                selector = fs.FileSelector(self.path, recursive=True)
                infos = self.within_time_bound(lambda: self.filesystem.get_file_info(selector), "list")
                found = _from_keys(self.path, infos)
        except (OSError, ArrowException) as exc:
            raise self.failure(exc) from exc
        return sorted(found, key=lambda entry: entry.name)

    def within_time_bound(self, call: Callable[[], T], doing: str) -> T:
        """`call()`, or `StorageError` once the storage time bound has passed without an answer.

        The GCS and Azure SDKs wait without end on an endpoint that accepts connections but never
        answers, so the call runs on a helper thread that is abandoned (it ends when the SDK gives
        up) rather than waited for."""
        if self.cloud == "local":
            return call()
        outcome: list[T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                outcome.append(call())
            except BaseException as exc:  # handed to the caller's thread below
                failure.append(exc)

        worker = threading.Thread(target=run, name="storage-request", daemon=True)
        worker.start()
        # Past the SDKs' own bounds (retries included; Azure's take about 7 s for a refused
        # connection), so that their more precise errors win whenever they come: 30 s by default.
        seconds = timeout_seconds()
        bound = max(seconds * 1.5, seconds + 8)
        worker.join(bound)
        if failure:
            raise failure[0]
        if outcome:
            return outcome[0]
        raise StorageError(_failures.silent_message(self.uri, self.context, doing, bound))

    def failure(self, exc: BaseException) -> StorageError:
        """The one-line error for `exc`, raised by a request about this location."""
        kind = _failures.kind_of_failure(exc)
        if self.cloud == "local":
            if kind == "missing":
                return StorageError(f"{self.uri} does not exist")
            return StorageError(f"cannot read {self.uri}: {_failures.first_line(exc)}")
        if kind == "credentials":
            return StorageError(_failures.credentials_message(self.uri, self.context, exc))
        if kind == "unreachable":
            return StorageError(_failures.unreachable_message(self.uri, self.context, exc))
        if kind == "denied":
            return StorageError(_failures.denied_message(self.uri, self.context))
        if kind == "missing":
            bucket = self.path.split("/", 1)[0]
            if self._bucket_missing(bucket):
                word = _BUCKET_WORD[self.cloud]
                return StorageError(_failures.missing_bucket_message(self.uri, self.context, bucket, word))
            return StorageError(_failures.missing_prefix_message(self.uri))
        return StorageError(f"cannot read {self.uri}: {_failures.first_line(exc)}")

    def _bucket_missing(self, bucket: str) -> bool:
        try:
            return bool(self.filesystem.get_file_info(bucket).type == fs.FileType.NotFound)
        except OSError:
            return False

    def _two_levels(self) -> list[Entry]:
        found: list[Entry] = []
        for info in self.filesystem.get_file_info(fs.FileSelector(self.path, recursive=False)):
            is_dir = info.type == fs.FileType.Directory
            found.append(Entry(info.base_name, info.path, is_dir, info.size or 0))
            if is_dir:
                for inner in self.filesystem.get_file_info(fs.FileSelector(info.path, recursive=False)):
                    name = f"{info.base_name}/{inner.base_name}"
                    inner_dir = inner.type == fs.FileType.Directory
                    found.append(Entry(name, inner.path, inner_dir, inner.size or 0))
        return found


def _from_keys(root: str, infos: list[fs.FileInfo]) -> list[Entry]:
    """Entries at depth one and two, from a recursive listing of keys under `root`."""
    prefix = f"{root}/" if root else ""
    found: dict[str, Entry] = {}
    for info in infos:
        if not info.path.startswith(prefix):
            continue
        parts = info.path[len(prefix) :].split("/")
        # Every key implies the folders above it; only the two top levels matter to an import.
        for depth in range(1, min(len(parts), 3)):
            name = "/".join(parts[:depth])
            found.setdefault(name, Entry(name, prefix + name, True))
        if len(parts) <= 2 and parts[-1]:
            name = "/".join(parts)
            is_dir = info.type == fs.FileType.Directory
            if not (is_dir and name in found):
                found[name] = Entry(name, info.path, is_dir, info.size or 0)
    return list(found.values())


def open_location(location: str | os.PathLike[str]) -> StorageLocation:
    """Resolves a local path, a `file:///` URI, `s3://BUCKET/DIR`, `gs://BUCKET/DIR` or
    `https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR`.

    Local paths are made absolute with symlinks resolved. Nothing is read yet: whether the location
    exists is for the caller to find out in the way it needs (a reader wants it, a writer creates it).
    Credentials and endpoints come from each cloud's usual variables (see the README); a location
    with a wrong form, or Azure with no credentials at all, raises `StorageError` at once."""
    text = os.fspath(location)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("s3", "gs", "https"):
        return _open_cloud(text, scheme)
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise StorageError(
                f"{text} names a host ({parts.netloc})"
                "; a local folder is file:///ABSOLUTE/PATH (three slashes)"
            )
        local = unquote(parts.path)
    elif scheme == "" or (len(scheme) == 1 and os.name == "nt"):
        local = text
    else:
        raise StorageError(f"unsupported location {text!r}: use a folder, file:///PATH, or {ALL_CLOUD_FORMS}")
    real = os.path.realpath(Path(local).expanduser())
    return StorageLocation(text, fs.LocalFileSystem(), real.rstrip(os.sep) or os.sep, "local")


def _open_cloud(text: str, scheme: str) -> StorageLocation:
    parsed = parse_import_uri(text)
    cloud: Cloud = "azure" if scheme == "https" else "s3" if scheme == "s3" else "gs"
    if parsed is None or parsed.kind != cloud:
        raise StorageError(f"{text} is not a {cloud_name(cloud)} location; use {_FORMS[cloud]}")
    problem = bucket_name_problem(parsed.kind, parsed.bucket)
    if problem is not None:
        raise StorageError(f"{text}: {problem}; use {_FORMS[cloud]}")
    access: Access
    try:
        if cloud == "s3":
            access = s3_access(os.environ)
        elif cloud == "gs":
            access = gcs_access(os.environ)
        else:
            assert parsed.account is not None
            access = azure_access(parsed.account, os.environ)
    except AzureSettingsError as exc:
        raise StorageError(f"cannot read {text}: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise StorageError(
            f"cannot set up {cloud_name(cloud)} for {text}: {_failures.first_line(exc)}"
        ) from exc
    root = f"{parsed.bucket}/{parsed.prefix}" if parsed.prefix else parsed.bucket
    return StorageLocation(text, access.filesystem, root, cloud, access.context)


def cloud_name(cloud: Cloud) -> str:
    return {"local": "local", "s3": "Amazon S3", "gs": "Google Cloud Storage", "azure": "Azure Blob Storage"}[
        cloud
    ]
