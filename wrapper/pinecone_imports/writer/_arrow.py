"""From what callers hand the writer (numpy arrays, sequences, dicts, Arrow columns) to Arrow arrays
typed exactly as an import reads them.

Dense vectors from a C-contiguous float32 numpy array are wrapped without a copy; anything else is
converted once by Arrow. Nothing here judges the records: the preflight rules do that afterwards."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from pinecone_imports.preflight._schema import ID, METADATA, SPARSE_VALUES, VALUES, VectorType
from pinecone_imports.writer._errors import WriterError

FLOATS: Final = pa.list_(pa.float32())
INDICES: Final = pa.list_(pa.uint32())
SPARSE: Final = pa.struct([("indices", INDICES), ("values", FLOATS)])


def import_schema(vector_type: VectorType, *, hybrid: bool) -> pa.Schema:
    """The columns of every file one writer produces (Pinecone's table in FACTS §3)."""
    fields = [pa.field(ID, pa.string(), nullable=False)]
    if vector_type is VectorType.DENSE:
        fields.append(pa.field(VALUES, FLOATS))
    if vector_type is VectorType.SPARSE or hybrid:
        fields.append(pa.field(SPARSE_VALUES, SPARSE))
    fields.append(pa.field(METADATA, pa.string()))
    return pa.schema(fields)


def import_batch(
    schema: pa.Schema, vector_type: VectorType, columns: dict[str, pa.Array], rows: int
) -> pa.RecordBatch:
    """One batch in the writer's file schema; absent optional columns become nulls."""
    arrays: list[pa.Array] = []
    for column in schema:
        given = columns.get(column.name)
        if given is None:
            if column.name == SPARSE_VALUES and vector_type is VectorType.SPARSE:
                raise WriterError("a sparse index needs sparse values for every record")
            if column.name == VALUES:
                raise WriterError("a dense index needs values (the dense vectors) for every record")
            given = pa.nulls(rows, column.type)
        elif len(given) != rows:
            raise WriterError(f"{column.name} has {len(given)} entries but {rows} ids were given")
        arrays.append(given)
    extra = set(columns) - set(schema.names)
    if SPARSE_VALUES in extra:
        raise WriterError("sparse values were given to a dense writer; open it with hybrid=True to keep them")
    if VALUES in extra:
        raise WriterError("dense values were given to a sparse writer; a sparse index takes none")
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def id_array(ids: Any) -> pa.Array:
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    if isinstance(ids, pa.Array):
        return ids if pa.types.is_string(ids.type) else pc.cast(ids, pa.string())
    if isinstance(ids, str):
        raise WriterError("ids must be a sequence of strings, not one string")
    return pa.array(_as_list(ids), pa.string())


def dense_array(values: Any, rows: int) -> pa.Array:
    """list<float32> from a 2-D numpy array (no copy when it is C-contiguous float32), a sequence
    of sequences, or an Arrow list column of any float or integer type."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return _cast_list(values, FLOATS, VALUES)
    if getattr(values, "ndim", None) == 2 and hasattr(values, "dtype"):
        return _from_matrix(values, rows)
    return pa.array(_as_list(values), FLOATS)


def _from_matrix(matrix: Any, rows: int) -> pa.Array:
    count, dimension = matrix.shape
    if count != rows:
        raise WriterError(f"values has {count} rows but {rows} ids were given")
    if matrix.dtype.kind not in "fiu":
        raise WriterError(f"values must hold numbers, not {matrix.dtype}")
    # float32 C-order arrays are shared with Arrow as they are; other dtypes cost one conversion.
    if count * dimension >= 2**31:
        raise WriterError("write fewer than 2**31 values per call (split the array into chunks)")
    flat = pa.array(matrix.reshape(-1), pa.float32())
    import numpy as np  # noqa: PLC0415 -- only callers that pass numpy arrays need it

    offsets = pa.array(np.arange(count + 1, dtype=np.int32) * np.int32(dimension))
    return pa.ListArray.from_arrays(offsets, flat)


def sparse_array(sparse: Any, rows: int) -> pa.Array:
    """struct<indices, values> from an Arrow struct column, or a sequence of
    `{"indices": [...], "values": [...]}` mappings, `(indices, values)` pairs or None."""
    if isinstance(sparse, pa.ChunkedArray):
        sparse = sparse.combine_chunks()
    if isinstance(sparse, pa.Array):
        if not pa.types.is_struct(sparse.type):
            raise WriterError(f"sparse values must be a struct of indices and values, not {sparse.type}")
        names = {sparse.type.field(i).name for i in range(sparse.type.num_fields)}
        if names != {"indices", "values"}:
            raise WriterError("sparse values need exactly the fields 'indices' and 'values'")
        return sparse_from_parts(
            pc.struct_field(sparse, "indices"), pc.struct_field(sparse, "values"), sparse
        )
    items: list[Any] = []
    for item in _as_list(sparse):
        if item is None:
            items.append(None)
        elif isinstance(item, Mapping):
            items.append({"indices": _as_list(item.get("indices")), "values": _as_list(item.get("values"))})
        else:
            indices, weights = item
            items.append({"indices": _as_list(indices), "values": _as_list(weights)})
    if len(items) != rows:
        raise WriterError(f"{len(items)} sparse vectors were given for {rows} ids")
    try:
        return pa.array(items, SPARSE)
    except (pa.ArrowInvalid, OverflowError) as exc:
        raise WriterError(f"sparse indices must be integers from 0 to 2**32-1: {exc}") from exc


def sparse_from_parts(
    indices: pa.Array, weights: pa.Array, validity_from: pa.Array | None = None
) -> pa.Array:
    """The sparse struct from separate index and weight list columns."""
    typed_indices = _cast_list(indices, INDICES, "sparse indices")
    typed_weights = _cast_list(weights, FLOATS, "sparse values")
    mask = None
    if validity_from is not None and validity_from.null_count:
        mask = pc.is_null(validity_from)
    elif typed_indices.null_count and typed_weights.null_count:
        mask = pc.and_(pc.is_null(typed_indices), pc.is_null(typed_weights))
    return pa.StructArray.from_arrays([typed_indices, typed_weights], fields=list(SPARSE), mask=mask)


def metadata_array(metadata: Any, rows: int) -> pa.Array:
    """JSON text per record from dicts (serialized here), JSON strings (kept as they are) or None."""
    if isinstance(metadata, pa.ChunkedArray):
        metadata = metadata.combine_chunks()
    if isinstance(metadata, pa.Array):
        return metadata_column(metadata)
    texts = [_json_text(item) for item in _as_list(metadata)]
    if len(texts) != rows:
        raise WriterError(f"{len(texts)} metadata values were given for {rows} ids")
    return pa.array(texts, pa.string())


def metadata_column(column: pa.Array) -> pa.Array:
    """An Arrow metadata column as JSON text: strings pass, structs and maps are serialized."""
    if pa.types.is_string(column.type):
        return column
    if pa.types.is_large_string(column.type):
        return pc.cast(column, pa.string())
    if pa.types.is_null(column.type):
        return pa.nulls(len(column), pa.string())
    if pa.types.is_struct(column.type) or pa.types.is_map(column.type):
        return pa.array([_json_text(item) for item in _python_objects(column)], pa.string())
    raise WriterError(f"metadata must be JSON text or an object, not {column.type}")


def metadata_from_columns(columns: Mapping[str, pa.Array], rows: int) -> pa.Array:
    """One JSON object per row collected from several columns; nulls are left out of the object."""
    lists = {name: column.to_pylist() for name, column in columns.items()}
    texts: list[str | None] = []
    for row in range(rows):
        item = {name: values[row] for name, values in lists.items() if values[row] is not None}
        texts.append(_json_text(item))
    return pa.array(texts, pa.string())


def _python_objects(column: pa.Array) -> list[Any]:
    items: list[Any] = column.to_pylist()
    if pa.types.is_map(column.type):
        return [None if item is None else dict(item) for item in items]
    return items


def _json_text(item: Any) -> str | None:
    if item is None or isinstance(item, str):
        return item
    try:
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_plain)
    except (TypeError, ValueError) as exc:
        raise WriterError(f"metadata cannot be written as JSON: {exc}") from exc


def _plain(value: Any) -> Any:
    # numpy scalars and arrays, dates: what a DataFrame row commonly holds.
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _cast_list(column: pa.Array, target: pa.DataType, what: str) -> pa.Array:
    if column.type == target:
        return column
    kind = column.type
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind)):
        raise WriterError(f"{what} must be a list column, not {kind}")
    try:
        return pc.cast(column, target, safe=target != FLOATS)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise WriterError(f"{what} cannot be converted to {target}: {exc}") from exc


def _as_list(items: Iterable[Any] | Sequence[Any] | None) -> list[Any]:
    if items is None:
        return []
    if hasattr(items, "tolist"):
        converted = items.tolist()
        return list(converted)
    return list(items)
