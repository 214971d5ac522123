"""The validator's result: problems found, a summary, and a JSON-ready rendering of both."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pinecone_imports.preflight._problems import Problem, Rule, Severity


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
class ProblemGroup:
    """How often one rule broke in one file (or namespace, or the source as a whole)."""

    rule: Rule
    severity: Severity
    where: str | None
    count: int

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "count": self.count,
        }
        if self.where is not None:
            out["where"] = self.where
        return out


def group_key(problem: Problem) -> tuple[Rule, str | None]:
    """Problems of one rule in one file (else namespace) belong together."""
    return problem.rule, problem.file or problem.namespace


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Everything a validation run found. `truncated` means more problems existed than were kept.

    `groups` counts every problem (kept or not) per rule and file. `records_checked` is False when
    the listing alone showed the import cannot run (a per-import limit), so no record was read."""

    source: str
    vector_type: str
    api_version: str
    problems: tuple[Problem, ...]
    summary: Summary
    truncated: bool = False
    groups: tuple[ProblemGroup, ...] = ()
    records_checked: bool = True

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
            "problemGroups": [g.to_dict() for g in self.groups],
            "recordsChecked": self.records_checked,
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
        # Per rule and file: the severity of its first problem, and how many there were.
        self._group_severity: dict[tuple[Rule, str | None], Severity] = {}
        self._group_count: Counter[tuple[Rule, str | None]] = Counter()

    def groups(self) -> tuple[ProblemGroup, ...]:
        return tuple(
            ProblemGroup(rule, severity, where, self._group_count[rule, where])
            for (rule, where), severity in self._group_severity.items()
        )

    def add(self, problems: list[Problem]) -> None:
        for problem in problems:
            key = group_key(problem)
            self._group_severity.setdefault(key, problem.severity)
            self._group_count[key] += 1
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
