"""Presenting each command's result: one JSON document with --json, text and tables otherwise.

This is the one place commands print through, and the first module of a run to need rich; the
Session creates it on first use so that `--help` never pays for rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pinecone_imports._cli._documents import (
    cancel_document,
    import_document,
    listing_document,
    started_document,
)
from pinecone_imports._cli._exit_codes import ExitCode, exit_code_for_status
from pinecone_imports._cli._failures import PROG, CliFailure
from pinecone_imports._cli._output import Output
from pinecone_imports._cli._progress import ProgressView, progress_view
from pinecone_imports._cli._redaction import Redactor
from pinecone_imports._cli._render import final_summary, import_details, imports_table

if TYPE_CHECKING:
    from pinecone_imports._client._models import BulkImport, StartedImport


class Reporter:
    def __init__(self, redact: Redactor, *, json_output: bool) -> None:
        self.output = Output(redact)
        self.json_output = json_output

    def started(self, started: StartedImport, uri: str, *, will_wait: bool) -> None:
        out = self.output
        if self.json_output:
            # With --wait the final state is the command's one document, so nothing is printed yet.
            if not will_wait:
                out.document(started_document(started))
            return
        out.line(f"Started import {started.id} from {uri}")
        if not will_wait:
            out.line(f"Follow it with: {PROG} wait {started.id}")

    def one_import(self, found: BulkImport) -> None:
        if self.json_output:
            self.output.document(import_document(found))
        else:
            self.output.show(import_details(found, self.output.redact.text))

    def listing(self, imports: list[BulkImport], next_token: str | None, *, limit: int | None) -> None:
        out = self.output
        if self.json_output:
            out.document(listing_document(imports, next_token))
            return
        if imports:
            out.show(imports_table(imports, out.redact.text, width=out.stdout.width))
        else:
            out.line("No imports.")
        if next_token is not None:
            size = f" --limit {limit}" if limit is not None else ""
            out.line(f"More imports: {PROG} list{size} --pagination-token {next_token}")

    def already_finished(self, import_id: str, status: str) -> None:
        if self.json_output:
            self.output.document(cancel_document(import_id, finished_as=status))
        else:
            self.output.line(f"Import {import_id} already finished ({status}); there is nothing to cancel")

    def cancel_requested(self, import_id: str) -> None:
        if self.json_output:
            self.output.document(cancel_document(import_id))
        else:
            self.output.line(
                f"Asked the service to cancel import {import_id}; check it with: {PROG} describe {import_id}"
            )

    def progress(self, import_id: str) -> ProgressView:
        return progress_view(self.output, import_id, json_output=self.json_output)

    def final(self, found: BulkImport, *, records_dropped: bool = False) -> None:
        """Report the state a wait ended in; an import that did not complete ends the command, and so
        does one that dropped records when the wait was asked to fail on those (`records_dropped`)."""
        code = ExitCode.RECORDS_DROPPED if records_dropped else exit_code_for_status(found.status)
        summary = final_summary(found)
        if code is not ExitCode.OK:
            raise CliFailure(summary, code, document=import_document(found))
        if self.json_output:
            self.output.document(import_document(found))
        else:
            self.output.line(summary, style="green")
