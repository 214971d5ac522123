"""The options `prepare` and `load` share: where records come from in the input, and how to write them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Final

import typer

from pinecone_imports._cli._failures import usage_failure

if TYPE_CHECKING:
    from pinecone_imports.writer._prepare import PrepareOptions

_UNITS: Final = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "m": 1000**2,
    "mb": 1000**2,
    "g": 1000**3,
    "gb": 1000**3,
}
_UNITS.update({"kib": 2**10, "mib": 2**20, "gib": 2**30})
_SIZE: Final = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """`500MB`, `1GB`, `2GiB` or a number of bytes."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise typer.BadParameter("give a size such as 500MB, 1GB or 2GiB")
    return int(float(match.group(1)) * _UNITS[unit])


Sources = Annotated[
    list[str],
    typer.Argument(
        metavar="SOURCE",
        help="Parquet files or folders, or JSON Lines files (.jsonl, .ndjson): local paths or cloud URIs.",
    ),
]
Destination = Annotated[
    str,
    typer.Option(
        "--to",
        metavar="DEST",
        help="Where to write the dataset: a folder, file:///ABS/PATH, s3://BUCKET/DIR or another cloud URI.",
    ),
]
DimensionOption = Annotated[
    int | None,
    typer.Option("--dimension", min=1, metavar="N", show_default=False, help="The index dimension."),
]
VectorTypeText = Annotated[
    str, typer.Option("--vector-type", metavar="dense|sparse", help="The index's vector type.")
]
NamespaceOption = Annotated[
    str | None,
    typer.Option(
        "--namespace",
        metavar="NS",
        show_default=False,
        help="Namespace of every record (default: a source's subfolder name, else __default__).",
    ),
]
NamespaceColumn = Annotated[
    str | None,
    typer.Option(
        "--namespace-column", metavar="COL", show_default=False, help="Column holding each namespace."
    ),
]
IdColumn = Annotated[str, typer.Option("--id-column", metavar="COL", help="Column holding record ids.")]
ValuesColumn = Annotated[
    str, typer.Option("--values-column", metavar="COL", help="Column holding dense vectors.")
]
SparseIndicesColumn = Annotated[
    str | None,
    typer.Option(
        "--sparse-indices-column",
        metavar="COL",
        show_default=False,
        help="Column holding sparse indices (with --sparse-values-column).",
    ),
]
SparseValuesColumn = Annotated[
    str | None,
    typer.Option(
        "--sparse-values-column",
        metavar="COL",
        show_default=False,
        help="Column holding sparse weights; alone, a struct column of indices and values "
        "(default: sparse_values).",
    ),
]
MetadataColumn = Annotated[
    str,
    typer.Option(
        "--metadata-column", metavar="COL", help="Column holding metadata: a JSON string or an object."
    ),
]
MetadataColumns = Annotated[
    str | None,
    typer.Option(
        "--metadata-columns",
        metavar="A,B,C",
        show_default=False,
        help="Collect these columns into the metadata object (values keep their JSON types).",
    ),
]
MaxFileSize = Annotated[
    str | None,
    typer.Option(
        "--max-file-size",
        metavar="SIZE",
        show_default=False,
        help="Start a new file before one passes SIZE (default 1GB; at most Pinecone's 10GB).",
    ),
]
SkipInvalid = Annotated[
    bool, typer.Option("--skip-invalid", help="Skip and count bad records instead of stopping at the first.")
]
Overwrite = Annotated[
    bool,
    typer.Option(
        "--overwrite", help="Replace a different dataset (or other Parquet files) at the destination."
    ),
]
ApiVersionOption = Annotated[
    str | None,
    typer.Option(
        "--api-version",
        metavar="VERSION",
        show_default=False,
        help="Write for this API version's rules (default: the global --api-version).",
    ),
]


def build_options(
    *,
    api_version: str,
    dimension: int | None,
    vector_type: str,
    namespace: str | None,
    namespace_column: str | None,
    id_column: str,
    values_column: str,
    sparse_indices_column: str | None,
    sparse_values_column: str | None,
    metadata_column: str,
    metadata_columns: str | None,
    max_file_size: str | None,
    skip_invalid: bool,
    overwrite: bool,
) -> PrepareOptions:
    from pinecone_imports.writer import ColumnMap  # noqa: PLC0415
    from pinecone_imports.writer._prepare import PrepareOptions  # noqa: PLC0415

    if vector_type not in ("dense", "sparse"):
        raise usage_failure("--vector-type must be dense or sparse")
    if namespace is not None and namespace_column is not None:
        raise usage_failure("give --namespace or --namespace-column, not both")
    if sparse_indices_column is not None and sparse_values_column is None:
        raise usage_failure("--sparse-indices-column needs --sparse-values-column too")
    split_sparse = sparse_indices_column is not None
    columns = ColumnMap(
        id=id_column,
        values=values_column if vector_type == "dense" else None,
        sparse_values=None if split_sparse else (sparse_values_column or "sparse_values"),
        sparse_indices=sparse_indices_column,
        sparse_weights=sparse_values_column if split_sparse else None,
        metadata=metadata_column,
        metadata_columns=[c.strip() for c in metadata_columns.split(",") if c.strip()]
        if metadata_columns
        else None,
    )
    max_bytes = parse_size(max_file_size) if max_file_size is not None else None
    extra = {"max_file_bytes": max_bytes} if max_bytes is not None else {}
    return PrepareOptions(
        dimension=dimension,
        vector_type=vector_type,
        namespace=namespace,
        namespace_column=namespace_column,
        columns=columns,
        skip_invalid=skip_invalid,
        api_version=api_version,
        overwrite=overwrite,
        **extra,
    )
