"""Builders of small Parquet datasets for the validator and server tests: one valid, one per rule."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SPARSE_TYPE = pa.struct([("indices", pa.list_(pa.uint32())), ("values", pa.list_(pa.float32()))])


def dense_columns(count: int, dimension: int, *, start: int = 0, prefix: str = "v") -> dict[str, pa.Array]:
    """Valid dense records: ids `<prefix>-<n>`, values n/1000 + position, small metadata objects."""
    ids = [f"{prefix}-{n}" for n in range(start, start + count)]
    values = [[n / 1000 + i for i in range(dimension)] for n in range(start, start + count)]
    metadata = [json.dumps({"n": n, "even": n % 2 == 0}) for n in range(start, start + count)]
    return {
        "id": pa.array(ids, pa.string()),
        "values": pa.array(values, pa.list_(pa.float32())),
        "metadata": pa.array(metadata, pa.string()),
    }


def dense_table(count: int, dimension: int, *, start: int = 0, prefix: str = "v") -> pa.Table:
    return pa.table(dense_columns(count, dimension, start=start, prefix=prefix))


def sparse_table(count: int, *, start: int = 0) -> pa.Table:
    sparse = [{"indices": [n, n + 7], "values": [0.5, 1.5]} for n in range(start, start + count)]
    return pa.table(
        {
            "id": pa.array([f"s-{n}" for n in range(start, start + count)], pa.string()),
            "sparse_values": pa.array(sparse, SPARSE_TYPE),
        }
    )


def write(root: Path, namespace: str, table: pa.Table, name: str = "part-0.parquet") -> Path:
    """Writes `table` as `<root>/<namespace>/<name>` and returns the file path."""
    folder = root / namespace if namespace else root
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    pq.write_table(table, path)
    return path


def with_column(table: pa.Table, name: str, values: Sequence[object], type_: pa.DataType) -> pa.Table:
    """`table` with column `name` replaced (or added) by `values` of `type_`."""
    column = pa.array(values, type_)
    if name in table.column_names:
        return table.set_column(table.column_names.index(name), name, column)
    return table.append_column(name, column)


def replace_value(table: pa.Table, name: str, row: int, value: object) -> pa.Table:
    """`table` with one cell changed, keeping the column's type."""
    values = table.column(name).to_pylist()
    values[row] = value
    return with_column(table, name, values, table.schema.field(name).type)


def valid_dataset(root: Path, *, dimension: int = 4, per_file: int = 5) -> Path:
    """Two namespaces, two files each, `per_file` records per file."""
    for namespace in ("alpha", "beta"):
        for part in range(2):
            table = dense_table(per_file, dimension, start=part * per_file, prefix=namespace)
            write(root, namespace, table, f"part-{part}.parquet")
    return root
