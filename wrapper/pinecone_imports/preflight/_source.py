"""One way to reach import data: a local folder, `file://`, `s3://`, `gs://` or Azure Blob Storage.

The validator and the local import server both list and open data through `DataSource`, so they agree
on what a namespace is and which files count."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

import pyarrow.parquet as pq

from pinecone_imports._storage import StorageError, StorageLocation, open_location

PARQUET_SUFFIX = ".parquet"
# Local files are read page by page through a buffer of this size instead of a whole column chunk at
# once (pyarrow's default pre-buffers every chunk of a row group): a row group of 768-dimension
# vectors holds tens of MB, and each file in flight held all of it until its last batch was decoded.
LOCAL_READ_BUFFER_BYTES = 1 << 20


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


@dataclass(frozen=True)
class Listing:
    """What a source holds, split the way an import sees it."""

    namespaces: tuple[str, ...]
    files: tuple[DataFile, ...]
    top_level_files: tuple[str, ...]
    ignored: tuple[str, ...]

    @cached_property
    def total_bytes(self) -> int:
        # Summed once: progress reports read it after every batch, over up to 100,000 files.
        return sum(f.size for f in self.files)


class DataSource:
    """A directory prefix on some filesystem whose immediate subdirectories are namespaces.

    `location` is the storage layer's view of it (see `open_source`)."""

    def __init__(self, location: StorageLocation, *, confine_to: str | None = None):
        self.location = location
        self.filesystem = location.filesystem
        self._confine_to = confine_to

    @property
    def uri(self) -> str:
        return self.location.uri

    @property
    def remote(self) -> bool:
        """True when reads go over the network, where overlapping requests pays off most."""
        return self.location.cloud != "local"

    def listing(self) -> Listing:
        """Lists namespaces and their files. Raises `SourceError` when the location cannot be read."""
        try:
            entries = self.location.entries()
        except StorageError as exc:
            raise SourceError(str(exc)) from exc
        namespaces: list[str] = []
        files: list[DataFile] = []
        top_level: list[str] = []
        ignored: list[str] = []
        for entry in entries:
            namespace, _, inner = entry.name.partition("/")
            parquet = not entry.is_dir and entry.name.endswith(PARQUET_SUFFIX)
            if not inner:
                if entry.is_dir:
                    namespaces.append(namespace)
                elif parquet:
                    top_level.append(entry.name)
                else:
                    ignored.append(entry.name)
            elif parquet:
                self._check_confined(entry.path)
                files.append(DataFile(namespace, entry.name, entry.path, entry.size))
            else:
                # A trailing slash marks folders, which imports never descend into.
                ignored.append(entry.name + "/" if entry.is_dir else entry.name)
        return Listing(
            namespaces=tuple(sorted(namespaces)),
            files=tuple(sorted(files, key=lambda f: f.name)),
            top_level_files=tuple(sorted(top_level)),
            ignored=tuple(sorted(ignored)),
        )

    def open_parquet(self, data_file: DataFile) -> pq.ParquetFile:
        """Opens one file for streaming reads; the caller closes it.

        Remote files are opened with pre-buffering: the column chunks of a row group are fetched as
        a few coalesced ranges in parallel instead of one small request after another."""
        self._check_confined(data_file.path)
        if not self.remote:
            return self._open(data_file.path)
        try:
            return self.location.within_time_bound(lambda: self._open(data_file.path), "read")
        except StorageError as exc:
            raise OSError(str(exc)) from exc
        except OSError as exc:
            raise OSError(str(self.location.failure(exc))) from exc

    def _open(self, path: str) -> pq.ParquetFile:
        handle = self.filesystem.open_input_file(path)
        try:
            if self.remote:
                return pq.ParquetFile(handle, pre_buffer=True)
            return pq.ParquetFile(handle, pre_buffer=False, buffer_size=LOCAL_READ_BUFFER_BYTES)
        except BaseException:
            handle.close()
            raise

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
        return DataSource(place)
    confine: str | None = None
    if allowed_root is not None:
        confine = os.path.realpath(allowed_root)
        if not _is_within(place.path, confine):
            raise OutsideRootError(f"{place.uri} resolves outside the allowed data root")
    if not os.path.isdir(place.path):
        raise SourceError(f"{place.uri} is not a directory")
    return DataSource(place, confine_to=confine)
