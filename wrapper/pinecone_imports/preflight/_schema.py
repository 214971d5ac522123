"""Column rules: which columns a file must, may and must not have, with their exact Arrow types."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import pyarrow as pa

from pinecone_imports.preflight._problems import Problem, Rule


class VectorType(StrEnum):
    """The kind of index the data is meant for; it decides which columns are required."""

    DENSE = "dense"
    SPARSE = "sparse"


ID = "id"
VALUES = "values"
SPARSE_VALUES = "sparse_values"
METADATA = "metadata"


def _is_text(t: pa.DataType) -> bool:
    # Parquet STRING may come back as either width of Arrow string, depending on the writer.
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _is_list_of(t: pa.DataType, item: pa.DataType) -> bool:
    is_list = pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)
    return bool(is_list and t.value_type == item)


def _is_float_list(t: pa.DataType) -> bool:
    return _is_list_of(t, pa.float32())


def _is_sparse_struct(t: pa.DataType) -> bool:
    if not pa.types.is_struct(t) or t.num_fields != 2:
        return False
    fields = {t.field(i).name: t.field(i).type for i in range(t.num_fields)}
    return (
        set(fields) == {"indices", "values"}
        and _is_list_of(fields["indices"], pa.uint32())
        and _is_float_list(fields["values"])
    )


_Check = Callable[[pa.DataType], bool]

# Column name -> (type check, wording of the expected type, required for dense, required for sparse).
# A column absent from a vector type's row is not allowed at all for that type.
_COLUMNS: dict[str, tuple[_Check, str]] = {
    ID: (_is_text, "string"),
    VALUES: (_is_float_list, "list<float32>"),
    SPARSE_VALUES: (_is_sparse_struct, "struct<indices: list<uint32>, values: list<float32>>"),
    METADATA: (_is_text, "string holding a JSON object"),
}
_REQUIRED: dict[VectorType, frozenset[str]] = {
    VectorType.DENSE: frozenset({ID, VALUES}),
    VectorType.SPARSE: frozenset({ID, SPARSE_VALUES}),
}
_ALLOWED: dict[VectorType, frozenset[str]] = {
    VectorType.DENSE: frozenset({ID, VALUES, SPARSE_VALUES, METADATA}),
    VectorType.SPARSE: frozenset({ID, SPARSE_VALUES, METADATA}),
}


def check_schema(schema: pa.Schema, *, vector_type: VectorType, namespace: str, file: str) -> list[Problem]:
    """Problems with a file's columns. Any problem here makes the whole file unimportable."""
    problems: list[Problem] = []
    names = list(schema.names)
    for name in sorted(_REQUIRED[vector_type] - set(names)):
        hint = ""
        if name == VALUES and SPARSE_VALUES in names:
            # Sparse data checked with the default vector type: name the setting that fits it.
            hint = "; the file holds sparse_values: for a sparse index, check with vector_type='sparse'"
        problems.append(
            Problem(
                Rule.SCHEMA_MISSING_COLUMN,
                f"required column {name!r} is missing for a {vector_type.value} index{hint}",
                namespace=namespace,
                file=file,
                column=name,
            )
        )
    for name in names:
        if name not in _ALLOWED[vector_type]:
            problems.append(
                Problem(
                    Rule.SCHEMA_EXTRA_COLUMN,
                    f"column {name!r} is not allowed for a {vector_type.value} index",
                    namespace=namespace,
                    file=file,
                    column=name,
                )
            )
            continue
        check, wording = _COLUMNS[name]
        actual = schema.field(name).type
        if not check(actual):
            problems.append(
                Problem(
                    Rule.SCHEMA_WRONG_TYPE,
                    f"column {name!r} has type {actual}; expected {wording}",
                    namespace=namespace,
                    file=file,
                    column=name,
                )
            )
    if len(set(names)) != len(names):
        problems.append(
            Problem(Rule.SCHEMA_EXTRA_COLUMN, "a column name appears twice", namespace=namespace, file=file)
        )
    return problems
