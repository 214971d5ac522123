"""Waiting for an import with progress shown, shared by `wait` and `start --wait`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import PROG, CliFailure, error_document, failure_for
from pinecone_imports._errors import ImportDroppedRecordsError, PineconeImportsError

if TYPE_CHECKING:
    from pinecone_imports._cli._session import Session
    from pinecone_imports._client import ImportsClient


def wait_and_report(
    session: Session,
    client: ImportsClient,
    import_id: str,
    *,
    timeout: float | None,
    interval: float,
    fail_on_dropped_records: bool = False,
    max_failed_polls: int,
) -> None:
    """Poll until the import finishes, then report it; Failed and Cancelled end with their exit codes,
    and so does a Completed import that dropped records when `fail_on_dropped_records` is set."""
    view = session.report.progress(import_id)
    try:
        with view:
            final = client.wait_for_import(
                import_id,
                timeout=timeout,
                poll_interval=interval,
                on_progress=view.update,
                fail_on_dropped_records=fail_on_dropped_records,
                max_failed_polls=max_failed_polls or None,
            )
    except KeyboardInterrupt:
        # Ctrl-C stops the waiting, not the import: say so, and how to stop the import too.
        line = (
            f"Interrupted: stopped waiting, but import {import_id} keeps running; "
            f"cancel it with: {PROG} cancel {import_id}"
        )
        document = error_document("Interrupted", line, ExitCode.INTERRUPTED, importId=import_id)
        raise CliFailure(line, ExitCode.INTERRUPTED, document=document) from None
    except ImportDroppedRecordsError as exc:
        session.report.final(exc.final, records_dropped=True)  # ends the command with exit code 7
        return
    except PineconeImportsError as exc:
        # After `start --wait` this id may be printed nowhere else in --json mode: keep it.
        failure = failure_for(exc)
        failure.document["error"].setdefault("importId", import_id)
        raise failure from exc
    session.report.final(final)
