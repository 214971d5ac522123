"""Running a prepare for the command line: progress shown, writer errors turned into exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pinecone_imports._cli._bytes_bar import BytesBar
from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import CliFailure, error_document

if TYPE_CHECKING:
    from pinecone_imports._cli._session import Session
    from pinecone_imports.writer._prepare import PrepareOptions, PrepareResult


def run_prepare(
    session: Session, sources: list[str], destination: str, options: PrepareOptions
) -> PrepareResult:
    from pinecone_imports._storage import StorageError  # noqa: PLC0415
    from pinecone_imports.writer import InvalidRecordError, WriterError  # noqa: PLC0415
    from pinecone_imports.writer._prepare import prepare_dataset  # noqa: PLC0415

    try:
        # A live bar on a terminal; pipes and logs get the summary lines only.
        with BytesBar(session.report.output, "preparing") as bar:
            return prepare_dataset(sources, destination, options, on_progress=bar.show)
    except InvalidRecordError as exc:
        line = f"Error: {exc}"
        document = error_document(
            "InvalidRecord", line, ExitCode.DATA_INVALID, problem=exc.problem.to_dict(), id=exc.record_id
        )
        raise CliFailure(line, ExitCode.DATA_INVALID, document=document) from exc
    except (WriterError, StorageError) as exc:
        raise CliFailure(f"Error: {exc}", ExitCode.USAGE_ERROR, kind=type(exc).__name__) from exc
