"""`validate URI_OR_DIR`: check import data before an import starts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._extras import require
from pinecone_imports._cli._failures import CliFailure, error_document
from pinecone_imports._cli._options import JsonFlag
from pinecone_imports._cli._session import session_for


class VectorKind(StrEnum):
    dense = "dense"
    sparse = "sparse"


Dimension = Annotated[
    int | None,
    typer.Option(
        "--dimension",
        min=1,
        metavar="D",
        show_default=False,
        help="The index dimension; without it, the first file's dimension is expected everywhere.",
    ),
]
VectorTypeOption = Annotated[
    VectorKind, typer.Option("--vector-type", help="The index's vector type: which columns are required.")
]


def validate(
    ctx: typer.Context,
    *,
    location: Annotated[
        str,
        typer.Argument(
            metavar="URI_OR_DIR",
            help="A local folder, file:///DIR, s3://BUCKET/DIR, gs://BUCKET/DIR or"
            " https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR to check.",
        ),
    ],
    dimension: Dimension = None,
    vector_type: VectorTypeOption = VectorKind.dense,
    api_version: Annotated[
        str | None,
        typer.Option(
            "--api-version",
            metavar="VERSION",
            show_default=False,
            help="Check the rules of this API version (default: the global --api-version).",
        ),
    ] = None,
    max_problems: Annotated[
        int,
        typer.Option("--max-problems", min=1, metavar="N", help="List at most N problems (all are counted)."),
    ] = 1000,
    json_flag: JsonFlag = False,
) -> None:
    """Check import data (layout, Parquet schema, every record) before starting an import.

    Reads row group by row group, so memory stays flat whatever the size. Cloud locations use each
    cloud's usual variables: AWS_* for s3:// (AWS_ENDPOINT_URL_S3 for S3-compatible stores),
    Google's default credentials or STORAGE_EMULATOR_HOST for gs://, AZURE_STORAGE_CONNECTION_STRING
    (or AZURE_STORAGE_ACCOUNT_KEY / AZURE_STORAGE_SAS_TOKEN) for Azure. Exit code 0 means the data
    would import cleanly, 6 that it would not.
    """
    session = session_for(ctx, json_flag)
    require("cli", "pyarrow")
    # Deferred: pyarrow is the cost of this command only.
    from pinecone_imports._api._versions import check_api_version  # noqa: PLC0415
    from pinecone_imports._cli._validation_view import ValidationBar, show_report  # noqa: PLC0415
    from pinecone_imports._text import plural  # noqa: PLC0415
    from pinecone_imports.preflight import Rule, validate_source  # noqa: PLC0415

    version = check_api_version(api_version or session.api_version)
    output = session.report.output
    with ValidationBar(output, quiet=session.json_output) as bar:
        report = validate_source(
            location,
            dimension=dimension,
            vector_type=vector_type.value,
            api_version=version,
            on_progress=bar.update,
            max_problems=max_problems,
        )
    unreadable = [p for p in report.errors if p.rule is Rule.SOURCE_UNREADABLE]
    if unreadable:
        # Nothing was checked: the argument itself is wrong (a missing folder, a bad URI).
        line = f"Error: cannot validate {location}: {unreadable[0].message}"
        error = error_document("UsageError", line, ExitCode.USAGE_ERROR)
        raise CliFailure(line, ExitCode.USAGE_ERROR, document={**error, **report.to_dict()})
    if not session.json_output:
        show_report(output, report)
    if not report.ok:
        # With --json the report itself is the one document, printed by the runner.
        raise CliFailure(
            f"Error: {plural(report.summary.errors, 'problem')} would stop this import",
            ExitCode.DATA_INVALID,
            document=report.to_dict(),
        )
    if session.json_output:
        output.document(report.to_dict())


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
