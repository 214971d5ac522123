"""`serve`: run the local import server in the foreground."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pinecone_imports._cli._commands._validate import Dimension, VectorKind, VectorTypeOption
from pinecone_imports._cli._extras import require
from pinecone_imports._cli._session import session_for

DEFAULT_PORT = 5081


def serve(
    ctx: typer.Context,
    *,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you mean it).")
    ] = ("127.0.0.1"),
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on; 0 picks a free one.")
    ] = (DEFAULT_PORT),
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar="PINECONE_LOCAL_API_KEY",
            show_default=False,
            metavar="KEY",
            help="The key clients must send (or PINECONE_LOCAL_API_KEY); default: a new key, printed.",
        ),
    ] = None,
    data_root: Annotated[
        Path | None,
        typer.Option(
            "--data-root",
            metavar="DIR",
            show_default=False,
            help="Folder that file:// imports may read (nothing outside it). Without it, only cloud imports.",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="FILE",
            show_default=False,
            help="SQLite file for imports and vectors; state survives restarts. Default: a temporary one.",
        ),
    ] = None,
    dimension: Dimension = None,
    vector_type: VectorTypeOption = VectorKind.dense,
) -> None:
    """Serve Pinecone's bulk import API locally, executing imports from Parquet files for real.

    Imports read file:// (under --data-root), s3://, gs:// and
    https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR (gs:// and Azure from API 2025-04), with
    this process's variables for each cloud:

    S3: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE; AWS_ENDPOINT_URL_S3 for moto or MinIO.

    GCS: GOOGLE_APPLICATION_CREDENTIALS; STORAGE_EMULATOR_HOST for an emulator.

    Azure: AZURE_STORAGE_CONNECTION_STRING (BlobEndpoint= or UseDevelopmentStorage=true for
    Azurite), AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN.

    Runs until Ctrl-C or SIGTERM; a running import is settled before the server stops.
    """
    session = session_for(ctx)
    require("server", "pyarrow", "starlette", "uvicorn")
    from pinecone_imports.local_server import serve as run_server  # noqa: PLC0415

    output = session.report.output

    def announce(url: str, key: str) -> None:
        shown = "the one given" if api_key else key
        output.line(f"Serving the bulk import API at {url} (API key: {shown})")
        output.line(f"  database: {db if db else 'temporary, removed at exit (use --db FILE to keep it)'}")
        output.line(
            f"  file:// imports from: {data_root.resolve() if data_root else 'nowhere (use --data-root DIR)'}"
        )
        output.line(f"Point the client at it: export PINECONE_HOST={url} PINECONE_API_KEY=<the key>")
        output.line("Stop with Ctrl-C.")

    run_server(
        host=host,
        port=port,
        api_key=api_key,
        data_root=data_root,
        db_path=db,
        dimension=dimension,
        vector_type=vector_type.value,
        on_ready=announce,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
