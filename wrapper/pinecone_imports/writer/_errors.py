"""What the writer raises. Every message is one line that names the record or location and what to do."""

from __future__ import annotations

from pinecone_imports.preflight import Problem


class WriterError(Exception):
    """The writer cannot go on: bad arguments, or a destination it must not write to."""


class DestinationError(WriterError):
    """The destination holds something the writer must not touch without being told to
    (another dataset, an unfinished write of another run, files that are not a dataset)."""


class InvalidRecordError(WriterError):
    """A record broke an import rule; nothing of the call that carried it was written.

    `problem` is the validator's own description of what is wrong (rule, namespace, row, column);
    `record_id` is the offending record's id when it has one."""

    def __init__(self, problem: Problem, record_id: str | None) -> None:
        named = f"record {record_id!r}" if record_id is not None else f"record at row {problem.row}"
        where = f" in namespace {problem.namespace!r}" if problem.namespace is not None else ""
        super().__init__(
            f"{named}{where}: {problem.message} (rule {problem.rule.value}); fix it, "
            "or let the writer skip bad records (skip_invalid=True, --skip-invalid)"
        )
        self.problem = problem
        self.record_id = record_id
