"""What the validator reports: one `Problem` per broken rule, located as precisely as possible."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a problem matters: only errors make an import fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Rule(StrEnum):
    """Stable rule names; tools and tests match on these, never on message wording."""

    SOURCE_UNREADABLE = "source.unreadable"
    LAYOUT_TOP_LEVEL_FILE = "layout.top_level_file"
    LAYOUT_NO_NAMESPACES = "layout.no_namespaces"
    LAYOUT_EMPTY_NAMESPACE = "layout.empty_namespace"
    LAYOUT_IGNORED_FILE = "layout.ignored_file"
    LAYOUT_IN_PROGRESS = "layout.in_progress"
    NAMESPACE_DEFAULT_NOT_ALLOWED = "namespace.default_not_allowed"
    NAMESPACE_EXISTS = "namespace.exists"
    LIMIT_NAMESPACES = "limit.namespaces"
    LIMIT_FILES = "limit.files"
    LIMIT_FILE_SIZE = "limit.file_size"
    LIMIT_TOTAL_SIZE = "limit.total_size"
    FILE_UNREADABLE = "file.unreadable"
    SCHEMA_MISSING_COLUMN = "schema.missing_column"
    SCHEMA_EXTRA_COLUMN = "schema.extra_column"
    SCHEMA_WRONG_TYPE = "schema.wrong_type"
    ID_MISSING = "id.missing"
    ID_EMPTY = "id.empty"
    ID_TOO_LONG = "id.too_long"
    ID_DUPLICATE = "id.duplicate"
    VALUES_MISSING = "values.missing"
    VALUES_DIMENSION = "values.dimension"
    VALUES_NOT_FINITE = "values.not_finite"
    SPARSE_MISSING = "sparse.missing"
    SPARSE_LENGTH_MISMATCH = "sparse.length_mismatch"
    SPARSE_NOT_FINITE = "sparse.not_finite"
    METADATA_NOT_UTF8 = "metadata.not_utf8"
    METADATA_NOT_JSON = "metadata.not_json"
    METADATA_NOT_OBJECT = "metadata.not_object"
    METADATA_TOO_LARGE = "metadata.too_large"


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule. `row` is the 0-based row index inside `file` when the rule is about a record."""

    rule: Rule
    message: str
    severity: Severity = Severity.ERROR
    namespace: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form; fields that do not apply are left out rather than sent as null."""
        out: dict[str, object] = {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "message": self.message,
        }
        for key, value in (
            ("namespace", self.namespace),
            ("file", self.file),
            ("row", self.row),
            ("column", self.column),
        ):
            if value is not None:
                out[key] = value
        return out

    def describe(self) -> str:
        """One line a person can act on, naming where the problem is."""
        where = [part for part in (self.file or self.namespace,) if part]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
