"""Whole tables in: which input columns feed which import column, and turning pyarrow, pandas and
polars inputs into a stream of Arrow record batches without loading more than a batch at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from pinecone_imports.preflight._schema import ID, METADATA, SPARSE_VALUES, VALUES
from pinecone_imports.writer import _arrow
from pinecone_imports.writer._errors import WriterError

BATCH_ROWS: Final = 65_536
BATCH_BYTES: Final = 16 * 2**20
# A pyarrow Table, RecordBatch or RecordBatchReader, a pandas or polars DataFrame, or an iterable of these.
TableInput = Any


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where each import column comes from in the input. `values=None` means the input has no
    dense vectors (a sparse index); `metadata_columns` collects several input columns into the
    metadata object, each value keeping its JSON type; `ignore` lists input columns to leave out."""

    id: str = ID
    values: str | None = VALUES
    sparse_values: str | None = SPARSE_VALUES
    sparse_indices: str | None = None
    sparse_weights: str | None = None
    metadata: str | None = METADATA
    metadata_columns: Sequence[str] | None = None
    ignore: Sequence[str] = ()

    def convert(self, batch: pa.RecordBatch) -> dict[str, pa.Array]:
        names = set(batch.schema.names)
        if self.id not in names:
            raise WriterError(f"the input has no id column {self.id!r}; name it with --id-column")
        out: dict[str, pa.Array] = {ID: _arrow.id_array(batch.column(self.id))}
        if self.values is not None and self.values in names:
            out[VALUES] = _arrow.dense_array(batch.column(self.values), batch.num_rows)
        if (self.sparse_indices is None) != (self.sparse_weights is None):
            raise WriterError("give both sparse indices and sparse values columns, or neither")
        if self.sparse_indices is not None and self.sparse_weights is not None:
            for name in (self.sparse_indices, self.sparse_weights):
                if name not in names:
                    raise WriterError(f"the input has no column {name!r}")
            out[SPARSE_VALUES] = _arrow.sparse_from_parts(
                batch.column(self.sparse_indices), batch.column(self.sparse_weights)
            )
        elif self.sparse_values is not None and self.sparse_values in names:
            out[SPARSE_VALUES] = _arrow.sparse_array(batch.column(self.sparse_values), batch.num_rows)
        if self.metadata_columns:
            missing = [name for name in self.metadata_columns if name not in names]
            if missing:
                raise WriterError(f"the input has no column {missing[0]!r} (from the metadata columns)")
            out[METADATA] = _arrow.metadata_from_columns(
                {name: batch.column(name) for name in self.metadata_columns}, batch.num_rows
            )
        elif self.metadata is not None and self.metadata in names:
            out[METADATA] = _arrow.metadata_column(batch.column(self.metadata))
        return out

    def unused(self, names: Iterable[str], namespace_column: str | None) -> list[str]:
        """Input columns that no import column takes (so they would be silently lost)."""
        taken = {
            self.id,
            self.values,
            self.sparse_values,
            self.sparse_indices,
            self.sparse_weights,
            self.metadata,
            namespace_column,
            *(self.metadata_columns or ()),
            *self.ignore,
        }
        return [name for name in names if name not in taken]


def batches_of(data: TableInput) -> Iterator[pa.RecordBatch]:
    """Record batches from a Table, RecordBatch, RecordBatchReader, pandas or polars DataFrame, or an
    iterable of any of these."""
    if isinstance(data, pa.RecordBatch):
        yield from _slices(data)
    elif isinstance(data, pa.Table):
        for batch in data.to_batches():
            yield from _slices(batch)
    elif isinstance(data, pa.RecordBatchReader):
        for batch in data:
            yield from _slices(batch)
    elif _module_of(data) == "pandas" and hasattr(data, "columns"):
        yield from batches_of(pa.Table.from_pandas(data, preserve_index=False))
    elif _module_of(data) == "polars" and hasattr(data, "to_arrow"):
        yield from batches_of(data.to_arrow())
    elif isinstance(data, Iterable) and not isinstance(data, str | bytes | dict):
        for item in data:
            yield from batches_of(item)
    else:
        raise WriterError(
            f"cannot write a {type(data).__name__}: give a pyarrow Table or RecordBatch, an iterable of "
            "them, or a pandas or polars DataFrame"
        )


def split_by_namespace(
    whole: pa.RecordBatch, names: pa.Array, column: str
) -> list[tuple[str, pa.RecordBatch]]:
    """The rows of `whole` grouped by the namespace named on each row."""
    if names.null_count:
        raise WriterError(f"the namespace column {column!r} holds empty values")
    names = pc.cast(names, pa.string())
    unique = pc.unique(names).to_pylist()
    if len(unique) == 1:
        return [(str(unique[0]), whole)]
    return [(str(name), whole.filter(pc.equal(names, name))) for name in unique]


def _slices(batch: pa.RecordBatch) -> Iterator[pa.RecordBatch]:
    """Zero-copy slices of at most BATCH_BYTES (and BATCH_ROWS), so that converting one (float64 to
    float32, metadata to JSON) never costs more than a slice's worth of memory."""
    if batch.num_rows == 0:
        return
    per_row = max(1, batch.nbytes // batch.num_rows)
    step = max(1, min(BATCH_ROWS, BATCH_BYTES // per_row))
    for start in range(0, batch.num_rows, step):
        yield batch.slice(start, step)


def _module_of(value: object) -> str:
    return type(value).__module__.split(".", 1)[0]
