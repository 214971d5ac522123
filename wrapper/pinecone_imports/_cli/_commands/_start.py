"""`start URI`: start an import, and with --wait follow it to the end."""

from __future__ import annotations

from typing import Annotated

import typer

from pinecone_imports._cli._failures import library_failure, usage_failure
from pinecone_imports._cli._hints import uri_hint
from pinecone_imports._cli._options import (
    DEFAULT_INTERVAL,
    DEFAULT_MAX_FAILED_POLLS,
    ErrorMode,
    FailOnDroppedRecords,
    JsonFlag,
    MaxFailedPolls,
    PollInterval,
    WaitTimeout,
)
from pinecone_imports._cli._session import session_for
from pinecone_imports._cli._waiting import wait_and_report
from pinecone_imports._errors import InvalidRequestError


def start(
    ctx: typer.Context,
    *,
    uri: Annotated[
        str,
        typer.Argument(
            metavar="URI",
            help="The directory to import: s3://BUCKET/DIR, gs://BUCKET/DIR or "
            "https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR (one subdirectory per namespace).",
        ),
    ],
    integration_id: Annotated[
        str | None,
        typer.Option(
            "--integration-id",
            metavar="ID",
            help="The storage integration that grants access to a private bucket.",
        ),
    ] = None,
    error_mode: ErrorMode = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Follow the import until it finishes, with a progress bar.")
    ] = False,
    timeout: WaitTimeout = None,
    interval: PollInterval = DEFAULT_INTERVAL,
    fail_on_dropped_records: FailOnDroppedRecords = False,
    max_failed_polls: MaxFailedPolls = DEFAULT_MAX_FAILED_POLLS,
    json_flag: JsonFlag = False,
) -> None:
    """Start an import of a storage directory; --wait follows it to the end.

    Prints the new import's id. With --wait, shows progress and exits like `wait`.
    """
    session = session_for(ctx, json_flag)
    if timeout is not None and not wait:
        raise usage_failure("--timeout only applies with --wait (see 'pinecone-imports start --help')")
    if fail_on_dropped_records:
        if not wait:
            raise usage_failure(
                "--fail-on-dropped-records only applies with --wait (see 'pinecone-imports start --help')"
            )
        # Refused before the import starts, not after. Imported here: --help loads no client code.
        from pinecone_imports._client._waiting import check_can_tell_dropped_records  # noqa: PLC0415

        check_can_tell_dropped_records(session.api_version)
    with session.open_client() as client:
        try:
            started = client.start_import(uri, integration_id=integration_id, error_mode=error_mode)
        except InvalidRequestError as exc:
            raise library_failure(exc, uri_hint(uri)) from exc
        session.report.started(started, uri, will_wait=wait)
        if wait:
            wait_and_report(
                session,
                client,
                started.id,
                timeout=timeout,
                interval=interval,
                fail_on_dropped_records=fail_on_dropped_records,
                max_failed_polls=max_failed_polls,
            )


def register(app: typer.Typer) -> None:
    app.command("start")(start)
