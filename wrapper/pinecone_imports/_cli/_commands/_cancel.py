"""`cancel ID`: ask the service to stop an import."""

from __future__ import annotations

import typer

from pinecone_imports._cli._options import ImportId, JsonFlag
from pinecone_imports._cli._session import session_for


def cancel(ctx: typer.Context, *, import_id: ImportId, json_flag: JsonFlag = False) -> None:
    """Ask the service to cancel an import that has not finished.

    An import that already finished is left alone and said so: the service would accept the cancel
    and change nothing, which reads as if it had been stopped."""
    session = session_for(ctx, json_flag)

    with session.open_client() as client:
        current = client.describe_import(import_id)
        if current.is_finished:
            session.report.already_finished(import_id, str(current.status))
            return
        client.cancel_import(import_id)
    session.report.cancel_requested(import_id)


def register(app: typer.Typer) -> None:
    app.command("cancel")(cancel)
