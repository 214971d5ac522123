"""The validator's result: problems found, a summary, and a JSON-ready rendering of both."""

from __future__ import annotations

from dataclasses import dataclass

from pinecone_imports.preflight._problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals over the whole source. `errors` counts every error, even those beyond the stored cap."""

    namespaces: int
    files: int
    records: int
    bytes: int
    errors: int
    warnings: int
    notes: int
    dimension: int | None

    @property
    def problems(self) -> int:
        return self.errors + self.warnings + self.notes

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "namespaces": self.namespaces,
            "files": self.files,
            "records": self.records,
            "bytes": self.bytes,
            "problems": self.problems,
            "errors": self.errors,
            "warnings": self.warnings,
            "notes": self.notes,
        }
        if self.dimension is not None:
            out["dimension"] = self.dimension
        return out


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Everything a validation run found. `truncated` means more problems existed than were kept."""

    source: str
    vector_type: str
    api_version: str
    problems: tuple[Problem, ...]
    summary: Summary
    truncated: bool = False

    @property
    def ok(self) -> bool:
        """True when nothing would stop the import; warnings and notes do not count."""
        return self.summary.errors == 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "vectorType": self.vector_type,
            "apiVersion": self.api_version,
            "ok": self.ok,
            "summary": self.summary.to_dict(),
            "problems": [p.to_dict() for p in self.problems],
            "truncated": self.truncated,
        }


class ProblemCollector:
    """Keeps the first `limit` problems and counts all of them, so a broken file cannot eat memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[Problem] = []
        self.errors = 0
        self.warnings = 0
        self.notes = 0
        self.dropped = 0

    def add(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.severity is Severity.ERROR:
                self.errors += 1
            elif problem.severity is Severity.WARNING:
                self.warnings += 1
            else:
                self.notes += 1
            if len(self.kept) < self.limit:
                self.kept.append(problem)
            else:
                self.dropped += 1
