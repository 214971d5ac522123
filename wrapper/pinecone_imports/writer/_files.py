"""The Parquet files of one namespace: rows are buffered into row groups, and a new file is started
before one would pass the size limit.

Memory per namespace is one row group at most, whatever is written in total. Files are written
straight to their final names: until the writer's manifest replaces its in-progress mark, the whole
destination is marked incomplete, so a half-written file is never mistaken for data."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pinecone_imports._storage import StorageLocation
from pinecone_imports._storage._writing import ensure_directory, open_output

_FOOTER_BYTES = 4096
_FOOTER_BYTES_PER_GROUP = 1024


@dataclass(frozen=True, slots=True)
class FinishedFile:
    """One closed data file: its name relative to the destination, its records and its bytes."""

    name: str
    records: int
    bytes: int

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "records": self.records, "bytes": self.bytes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FinishedFile:
        return cls(data["name"], int(data["records"]), int(data["bytes"]))


@dataclass(frozen=True, slots=True)
class FileSettings:
    schema: pa.Schema
    max_file_bytes: int
    row_group_rows: int
    compression: str


@dataclass
class NamespaceFiles:
    """Writes one namespace's records into files named `<namespace>/<prefix>-<n>.parquet`."""

    place: StorageLocation
    namespace: str
    prefix: str
    settings: FileSettings
    next_number: int = 0
    finished: list[FinishedFile] = field(default_factory=list)
    _pending: list[pa.RecordBatch] = field(default_factory=list)
    _pending_rows: int = 0
    _writer: pq.ParquetWriter | None = None
    _stream: pa.NativeFile | None = None
    _name: str = ""
    _rows_in_file: int = 0
    _groups_in_file: int = 0

    def add(self, batch: pa.RecordBatch) -> None:
        """Buffers checked rows, writing every full row group."""
        start = 0
        limit = self.settings.row_group_rows
        while start < batch.num_rows:
            take = min(limit - self._pending_rows, batch.num_rows - start)
            self._pending.append(batch.slice(start, take))
            self._pending_rows += take
            start += take
            if self._pending_rows >= limit:
                self._write_row_group()

    def close_file(self) -> None:
        """Writes what is buffered and closes the current file (a checkpoint or the end)."""
        if self._pending_rows:
            self._write_row_group()
        if self._writer is None or self._stream is None:
            return
        self._writer.close()
        size = self._stream.tell()
        self._stream.close()
        self.finished.append(FinishedFile(self._name, self._rows_in_file, size))
        self._writer = self._stream = None
        self._rows_in_file = 0
        self._groups_in_file = 0

    def abandon(self) -> None:
        """Drops the open file without finishing it (the write failed); its name is never reused."""
        self._pending.clear()
        self._pending_rows = 0
        for closer in (self._writer, self._stream):
            if closer is not None:
                # Best effort: the run is already failing, and that error is the one to report.
                with contextlib.suppress(Exception):
                    closer.close()
        self._writer = self._stream = None

    @property
    def buffered_rows(self) -> int:
        return self._pending_rows

    @property
    def rows_in_open_file(self) -> int:
        return self._rows_in_file

    def _write_row_group(self) -> None:
        table = pa.Table.from_batches(self._pending, self.settings.schema).combine_chunks()
        self._pending.clear()
        self._pending_rows = 0
        if self._stream is not None and self._writer is not None:
            # Encoded row groups are no bigger than Arrow's in-memory size for these columns, and the
            # footer grows by well under a kilobyte per row group, so this estimate can only roll a
            # file early, never let it pass the limit.
            footer = _FOOTER_BYTES + _FOOTER_BYTES_PER_GROUP * (self._groups_in_file + 1)
            if self._stream.tell() + table.nbytes + footer > self.settings.max_file_bytes:
                self.close_file()
        if self._writer is None:
            self._open_file()
        assert self._writer is not None
        self._writer.write_table(table, row_group_size=table.num_rows)
        self._rows_in_file += table.num_rows
        self._groups_in_file += 1

    def _open_file(self) -> None:
        self._name = f"{self.namespace}/{self.prefix}-{self.next_number:05d}.parquet"
        self.next_number += 1
        ensure_directory(self.place, self.namespace)
        self._stream = open_output(self.place, self._name)
        self._writer = pq.ParquetWriter(
            self._stream, self.settings.schema, compression=self.settings.compression
        )
