"""`demo`: the whole flow on this machine, with nothing to set up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pinecone_imports._cli._extras import require
from pinecone_imports._cli._failures import PROG, usage_failure
from pinecone_imports._cli._options import JsonFlag
from pinecone_imports._cli._session import session_for


def demo(
    ctx: typer.Context,
    *,
    records: Annotated[int, typer.Option("--records", min=1, help="How many records to write.")] = 50_000,
    namespaces: Annotated[int, typer.Option("--namespaces", min=1, help="Across how many namespaces.")] = 4,
    dimension: Annotated[int, typer.Option("--dimension", min=1, help="Vector dimension.")] = 128,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            metavar="DIR",
            show_default=False,
            help="Write the data and the local index into DIR and keep them (default: a temporary folder).",
        ),
    ] = None,
    json_flag: JsonFlag = False,
) -> None:
    """Prepare sample vectors, validate them, load them into a local server, and verify the index.

    Needs no account and no network: the server runs in this process on a free loopback port and
    stops when the demo ends.
    """
    session = session_for(ctx, json_flag)
    require("server", "pyarrow", "starlette", "uvicorn")
    _check_sizes(records=records, namespaces=namespaces)
    from pinecone_imports._cli._demo_job import DemoSettings, run_demo  # noqa: PLC0415

    run_demo(session, DemoSettings(records=records, namespaces=namespaces, dimension=dimension, keep=keep))


def _check_sizes(*, records: int, namespaces: int) -> None:
    """Sizes the demo cannot honour are the caller's to fix, said before anything is written."""
    # The limit's home is the validator; reading it here keeps `demo --help` free of pyarrow.
    from pinecone_imports.preflight._limits import MAX_NAMESPACES  # noqa: PLC0415

    if namespaces > MAX_NAMESPACES:
        raise usage_failure(
            f"--namespaces {namespaces} is more than one import takes ({MAX_NAMESPACES}); "
            f"use at most {MAX_NAMESPACES} (see '{PROG} demo --help')"
        )
    if namespaces > records:
        raise usage_failure(
            f"--namespaces {namespaces} is more than --records {records}, which would leave "
            f"namespaces empty; use at least as many records as namespaces (see '{PROG} demo --help')"
        )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
