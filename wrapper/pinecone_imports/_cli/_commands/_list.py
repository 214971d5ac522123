"""`list`: one page of imports, or every page with --all."""

from __future__ import annotations

from typing import Annotated

import typer

from pinecone_imports._cli._options import JsonFlag
from pinecone_imports._cli._session import session_for


def list_imports(
    ctx: typer.Context,
    *,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            max=100,
            metavar="N",
            show_default=False,
            help="Imports per page, 1 to 100 (the service's default is 100).",
        ),
    ] = None,
    all_pages: Annotated[bool, typer.Option("--all", help="Follow every page and show all imports.")] = False,
    pagination_token: Annotated[
        str | None,
        typer.Option(
            "--pagination-token",
            metavar="TOKEN",
            help="Continue a listing from the token printed after the previous page.",
        ),
    ] = None,
    json_flag: JsonFlag = False,
) -> None:
    """List imports: one page, or every page with --all.

    After a page that is not the last, prints the command that shows the next one.
    """
    session = session_for(ctx, json_flag)

    with session.open_client() as client:
        if all_pages:
            imports = list(client.list_imports(limit=limit, pagination_token=pagination_token))
            next_token = None
        else:
            page = client.list_imports_paginated(limit=limit, pagination_token=pagination_token)
            imports, next_token = page.imports, page.next_token
    session.report.listing(imports, next_token, limit=limit)


def register(app: typer.Typer) -> None:
    app.command("list")(list_imports)
