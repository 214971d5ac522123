"""`demo`: the whole flow on this machine, with nothing to set up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pinecone_imports._cli._extras import require
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
    """Write sample data, validate it, import it into a local server, and show the result.

    Needs no account and no network: the server runs in this process on a free loopback port and
    stops when the demo ends.
    """
    session = session_for(ctx, json_flag)
    require("server", "pyarrow", "starlette", "uvicorn")
    from pinecone_imports._cli._demo_job import DemoSettings, run_demo  # noqa: PLC0415

    run_demo(session, DemoSettings(records=records, namespaces=namespaces, dimension=dimension, keep=keep))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
