"""`describe ID`: one import's state and progress."""

from __future__ import annotations

import typer

from pinecone_imports._cli._options import ImportId, JsonFlag
from pinecone_imports._cli._session import session_for


def describe(ctx: typer.Context, *, import_id: ImportId, json_flag: JsonFlag = False) -> None:
    """Show one import's status, progress, timestamps and error.

    Exits 0 whatever the import's status; use `wait` to branch on how it ended.
    """
    session = session_for(ctx, json_flag)

    with session.open_client() as client:
        found = client.describe_import(import_id)
    session.report.one_import(found)


def register(app: typer.Typer) -> None:
    app.command("describe")(describe)
