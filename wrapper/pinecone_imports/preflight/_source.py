"""One way to reach import data, whether it sits in a local folder, behind `file://`, or under `s3://`.

The validator and the local import server both list and open data through `DataSource`, so they agree
on what a namespace is and which files count."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pyarrow.parquet as pq
from pyarrow import fs

from pinecone_imports._storage import StorageError, open_location

PARQUET_SUFFIX = ".parquet"


class SourceError(Exception):
    """The data location cannot be used: unsupported form, missing, or unreadable."""


class OutsideRootError(SourceError):
    """A local location, or a file inside it, resolves to a place outside the allowed root folder."""


@dataclass(frozen=True, slots=True)
class DataFile:
    """One Parquet file that belongs to a namespace. `name` is its path relative to the source."""

    namespace: str
    name: str
    path: str
    size: int


@dataclass(frozen=True, slots=True)
class Listing:
    """What a source holds, split the way an import sees it."""

    namespaces: tuple[str, ...]
    files: tuple[DataFile, ...]
    top_level_files: tuple[str, ...]
    ignored: tuple[str, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def files_of(self, namespace: str) -> tuple[DataFile, ...]:
        return tuple(f for f in self.files if f.namespace == namespace)


class DataSource:
    """A directory prefix on some filesystem whose immediate subdirectories are namespaces."""

    def __init__(self, uri: str, filesystem: fs.FileSystem, root: str, *, confine_to: str | None = None):
        self.uri = uri
        self.filesystem = filesystem
        self.root = root.rstrip("/")
        self._confine_to = confine_to

    def listing(self) -> Listing:
        """Lists namespaces and their files. Raises `SourceError` when the location cannot be read."""
        top = self._entries(self.root)
        namespaces: list[str] = []
        files: list[DataFile] = []
        top_level: list[str] = []
        ignored: list[str] = []
        for entry in top:
            if entry.type == fs.FileType.Directory:
                namespaces.append(entry.base_name)
                for inner in self._entries(entry.path):
                    name = f"{entry.base_name}/{inner.base_name}"
                    if inner.type == fs.FileType.File and inner.base_name.endswith(PARQUET_SUFFIX):
                        self._check_confined(inner.path)
                        files.append(DataFile(entry.base_name, name, inner.path, inner.size or 0))
                    else:
                        # A trailing slash marks folders, which imports never descend into.
                        ignored.append(name + "/" if inner.type == fs.FileType.Directory else name)
            elif entry.type == fs.FileType.File:
                if entry.base_name.endswith(PARQUET_SUFFIX):
                    top_level.append(entry.base_name)
                else:
                    ignored.append(entry.base_name)
        return Listing(
            namespaces=tuple(sorted(namespaces)),
            files=tuple(sorted(files, key=lambda f: f.name)),
            top_level_files=tuple(sorted(top_level)),
            ignored=tuple(sorted(ignored)),
        )

    def open_parquet(self, data_file: DataFile) -> pq.ParquetFile:
        """Opens one file for streaming reads; the caller closes it."""
        self._check_confined(data_file.path)
        handle = self.filesystem.open_input_file(data_file.path)
        try:
            return pq.ParquetFile(handle)
        except BaseException:
            handle.close()
            raise

    def _entries(self, path: str) -> list[fs.FileInfo]:
        try:
            infos = self.filesystem.get_file_info(fs.FileSelector(path, recursive=False))
        except FileNotFoundError as exc:
            raise SourceError(f"{self.uri} does not exist") from exc
        except OSError as exc:
            raise SourceError(f"cannot list {self.uri}: {exc}") from exc
        return sorted(infos, key=lambda info: info.base_name)

    def _check_confined(self, path: str) -> None:
        # Symlinks are resolved on every file, not only on the root, because a link inside an
        # allowed folder can still point anywhere on the machine.
        if self._confine_to is None:
            return
        real = os.path.realpath(path)
        if not _is_within(real, self._confine_to):
            raise OutsideRootError(f"{path} resolves outside the allowed data root")


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def open_source(
    location: str | os.PathLike[str], *, allowed_root: str | os.PathLike[str] | None = None
) -> DataSource:
    """Opens a data location through the storage layer: a local directory, `file://` or a cloud URI.

    With `allowed_root`, local locations must resolve (after following symlinks and `..`) inside that
    folder, and cloud locations stay allowed; anything else raises `OutsideRootError` or `SourceError`."""
    try:
        place = open_location(location)
    except StorageError as exc:
        raise SourceError(str(exc)) from exc
    if place.cloud != "local":
        return DataSource(place.uri, place.filesystem, place.path)
    confine: str | None = None
    if allowed_root is not None:
        confine = os.path.realpath(allowed_root)
        if not _is_within(place.path, confine):
            raise OutsideRootError(f"{place.uri} resolves outside the allowed data root")
    if not os.path.isdir(place.path):
        raise SourceError(f"{place.uri} is not a directory")
    return DataSource(place.uri, place.filesystem, place.path, confine_to=confine)
