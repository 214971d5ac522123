"""The import record as the local server stores it, and its wire form (camelCase `ImportModel`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from pinecone_imports._api._versions import reports_validation_result


class Status(StrEnum):
    PENDING = "Pending"
    IN_PROGRESS = "InProgress"
    FAILED = "Failed"
    COMPLETED = "Completed"
    CANCELLED = "Cancelled"


FINAL_STATUSES = frozenset({Status.FAILED, Status.COMPLETED, Status.CANCELLED})


class ErrorMode(StrEnum):
    ABORT = "abort"
    CONTINUE = "continue"


def now_iso() -> str:
    """Timestamps in the service's form: ISO 8601 with microseconds and an explicit +00:00 offset."""
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True, slots=True)
class ImportRecord:
    seq: int
    id: str
    uri: str
    api_version: str
    error_mode: ErrorMode
    status: Status
    created_at: str
    finished_at: str | None
    percent_complete: float
    records_imported: int
    error: str | None
    integration_id: str | None = None
    # Records that passed and failed the record rules; None until every record has been checked.
    records_passed: int | None = None
    records_failed: int | None = None

    def to_wire(self, api_version: str) -> dict[str, object]:
        """The `ImportModel` body as `api_version` defines it; absent values are left out, never null.

        The six fields 2026-07 marks required are always sent (every version has them);
        `validationResult` only to versions that define it, and once validation has run.
        """
        body: dict[str, object] = {
            "id": self.id,
            "uri": self.uri,
            "status": self.status.value,
            "createdAt": self.created_at,
            "percentComplete": round(self.percent_complete, 2),
            "recordsImported": self.records_imported,
        }
        if self.finished_at is not None:
            body["finishedAt"] = self.finished_at
        if self.error is not None:
            body["error"] = self.error
        if self.records_passed is not None and reports_validation_result(api_version):
            body["validationResult"] = {
                "importSuccesses": self.records_passed,
                "importErrors": self.records_failed or 0,
            }
        return body
