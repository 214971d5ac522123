"""Turns checked Arrow record batches into SQLite rows without a Python loop over vector entries.

Vectors are stored as little-endian float32 blobs (sparse indices as uint32 blobs). A list column's
flat value buffer already holds those bytes back to back, so each row's blob is a slice of it: we
build an Arrow binary array over the same buffer with byte offsets and let Arrow hand out the slices."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat

import pyarrow as pa
import pyarrow.compute as pc

from pinecone_imports.local_server._vectors import Row

_WIDTH = 4  # bytes per float32 or uint32


def list_blobs(column: pa.Array) -> list[bytes | None]:
    """One blob per row of a list<float32> or list<uint32> column; None where the row is null."""
    # Plain lists carry 32-bit offsets; large and fixed-size lists are brought to that one form.
    as_list = column if pa.types.is_list(column.type) else column.cast(pa.list_(column.type.value_type))
    child = as_list.values
    data = child.buffers()[1]
    offsets = pc.add(pc.multiply(as_list.offsets, _WIDTH), child.offset * _WIDTH).cast(pa.int32())
    blobs = pa.Array.from_buffers(pa.binary(), len(as_list), [None, offsets.buffers()[1], data])
    values: list[bytes | None] = blobs.to_pylist()
    if as_list.null_count:
        for row in pc.indices_nonzero(pc.is_null(as_list)).to_pylist():
            values[row] = None
    return values


def batch_rows(import_seq: int, namespace: str, batch: pa.RecordBatch) -> Iterator[Row]:
    """Rows for the `vectors` table, in batch order."""
    names = set(batch.schema.names)
    count = batch.num_rows
    ids: list[str] = batch.column("id").to_pylist()
    dense = list_blobs(batch.column("values")) if "values" in names else repeat(None, count)
    if "sparse_values" in names:
        sparse = batch.column("sparse_values")
        indices = list_blobs(pc.struct_field(sparse, "indices"))
        weights = list_blobs(pc.struct_field(sparse, "values"))
    else:
        indices = weights = list(repeat(None, count))
    metadata = batch.column("metadata").to_pylist() if "metadata" in names else repeat(None, count)
    return zip(
        repeat(import_seq, count),
        repeat(namespace, count),
        ids,
        dense,
        indices,
        weights,
        metadata,
        strict=False,
    )
