"""`serve`: run the local import server in the foreground."""

from __future__ import annotations

import errno
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from pinecone_imports._cli._commands._validate import Dimension, VectorKind, VectorTypeOption
from pinecone_imports._cli._extras import require
from pinecone_imports._cli._failures import CliFailure, usage_failure
from pinecone_imports._cli._session import session_for

DEFAULT_PORT = 5081
_SERVER_LOGGER = "pinecone_imports.local_server"


def check_paths(data_root: Path | None, db: Path | None) -> None:
    """Refuse, before anything starts, paths the server could only fail on later (or create by mistake)."""
    if data_root is not None and not data_root.is_dir():
        what = "is not a folder" if data_root.exists() else "does not exist"
        raise usage_failure(
            f"--data-root {data_root} {what}; pass the folder that holds your namespace folders"
        )
    if db is not None:
        if db.is_dir():
            raise usage_failure(f"--db {db} is a folder; pass a file name such as {db / 'imports.db'}")
        folder = db.parent
        if not folder.is_dir():
            raise usage_failure(
                f"--db {db}: the folder {folder} does not exist; create it first or pick another path"
            )


def port_problem(error: OSError, host: str, port: int) -> CliFailure | None:
    """The one-line failure for a socket error when listening on host:port, or None if it is another error."""
    if error.errno == errno.EADDRINUSE:
        return usage_failure(
            f"port {port} on {host} is already in use (another 'pinecone-imports serve'?); "
            "pick another with --port N, or --port 0 for a free one"
        )
    if error.errno == errno.EACCES:
        return usage_failure(
            f"not allowed to listen on port {port}; ports below 1024 need privileges: use --port 5081"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return usage_failure(f"cannot listen on --host {host}: it is not an address of this machine")
    return None


def _log_imports_to_stderr() -> logging.Handler:
    """Show the server's import log (start, milestones, skipped records, end) on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    logger = logging.getLogger(_SERVER_LOGGER)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    # Shown here once; --verbose's handler on `pinecone_imports` would print each line again.
    logger.propagate = False
    return handler


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
    check_paths(data_root, db)
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

    handler = _log_imports_to_stderr()
    try:
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
    except OSError as exc:
        # The server binds its socket before it creates or opens anything, so a port it cannot
        # listen on fails here with nothing left behind.
        failure = port_problem(exc, host, port)
        if failure is None:
            raise
        raise failure from exc
    finally:
        logger = logging.getLogger(_SERVER_LOGGER)
        logger.removeHandler(handler)
        logger.propagate = True


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
