"""`wait ID`: follow an import until it finishes."""

from __future__ import annotations

import typer

from pinecone_imports._cli._options import (
    DEFAULT_INTERVAL,
    DEFAULT_MAX_FAILED_POLLS,
    FailOnDroppedRecords,
    ImportId,
    JsonFlag,
    MaxFailedPolls,
    PollInterval,
    WaitTimeout,
)
from pinecone_imports._cli._session import session_for
from pinecone_imports._cli._waiting import wait_and_report


def wait(
    ctx: typer.Context,
    *,
    import_id: ImportId,
    timeout: WaitTimeout = None,
    interval: PollInterval = DEFAULT_INTERVAL,
    fail_on_dropped_records: FailOnDroppedRecords = False,
    max_failed_polls: MaxFailedPolls = DEFAULT_MAX_FAILED_POLLS,
    json_flag: JsonFlag = False,
) -> None:
    """Wait for an import to finish, showing its progress.

    The exit code tells how it ended: 0 Completed, 3 Failed, 4 Cancelled, 5 --timeout ran out,
    7 Completed but dropped records (only with --fail-on-dropped-records).
    """
    session = session_for(ctx, json_flag)

    with session.open_client() as client:
        wait_and_report(
            session,
            client,
            import_id,
            timeout=timeout,
            interval=interval,
            fail_on_dropped_records=fail_on_dropped_records,
            max_failed_polls=max_failed_polls,
        )


def register(app: typer.Typer) -> None:
    app.command("wait")(wait)
