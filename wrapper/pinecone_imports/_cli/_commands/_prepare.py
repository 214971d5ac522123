"""`prepare SOURCE... --to DEST`: write a user's vectors in exactly the layout an import reads."""

from __future__ import annotations

import typer

from pinecone_imports._cli._extras import require
from pinecone_imports._cli._options import JsonFlag
from pinecone_imports._cli._prepare_options import (
    ApiVersionOption,
    Destination,
    DimensionOption,
    IdColumn,
    MaxFileSize,
    MetadataColumn,
    MetadataColumns,
    NamespaceColumn,
    NamespaceOption,
    Overwrite,
    SkipInvalid,
    Sources,
    SparseIndicesColumn,
    SparseValuesColumn,
    ValuesColumn,
    VectorTypeText,
    build_options,
)
from pinecone_imports._cli._session import session_for


def prepare(
    ctx: typer.Context,
    *,
    sources: Sources,
    to: Destination,
    dimension: DimensionOption = None,
    vector_type: VectorTypeText = "dense",
    namespace: NamespaceOption = None,
    namespace_column: NamespaceColumn = None,
    id_column: IdColumn = "id",
    values_column: ValuesColumn = "values",
    sparse_indices_column: SparseIndicesColumn = None,
    sparse_values_column: SparseValuesColumn = None,
    metadata_column: MetadataColumn = "metadata",
    metadata_columns: MetadataColumns = None,
    max_file_size: MaxFileSize = None,
    skip_invalid: SkipInvalid = False,
    overwrite: Overwrite = False,
    api_version: ApiVersionOption = None,
    json_flag: JsonFlag = False,
) -> None:
    """Write records from Parquet or JSON Lines files as an importable dataset.

    Every record is checked with validate's rules on the way in; files are rolled under the size
    limit; the destination is marked in progress until a manifest replaces the mark. Run it again
    after an interruption and it resumes; run it again after it finished and it rewrites nothing.
    Exit code 6 means a bad record stopped it (see --skip-invalid).
    """
    session = session_for(ctx, json_flag)
    require("cli", "pyarrow")
    from pinecone_imports._api._versions import check_api_version  # noqa: PLC0415
    from pinecone_imports._cli._prepare_view import show_prepared  # noqa: PLC0415
    from pinecone_imports._cli._preparing import run_prepare  # noqa: PLC0415

    options = build_options(
        api_version=check_api_version(api_version or session.api_version),
        dimension=dimension,
        vector_type=vector_type,
        namespace=namespace,
        namespace_column=namespace_column,
        id_column=id_column,
        values_column=values_column,
        sparse_indices_column=sparse_indices_column,
        sparse_values_column=sparse_values_column,
        metadata_column=metadata_column,
        metadata_columns=metadata_columns,
        max_file_size=max_file_size,
        skip_invalid=skip_invalid,
        overwrite=overwrite,
    )
    result = run_prepare(session, sources, to, options)
    if session.json_output:
        session.report.output.document(result.to_dict())
    else:
        show_prepared(session.report.output, result)


def register(app: typer.Typer) -> None:
    app.command("prepare")(prepare)
