"""`validate_source`: checks a whole data location the way an import would read it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass

from pinecone_imports._api._versions import DEFAULT_API_VERSION, SUPPORTED_API_VERSIONS
from pinecone_imports.preflight._layout import IMPOSSIBLE_IMPORT_RULES, check_layout
from pinecone_imports.preflight._limits import DEFAULT_LIMITS, ImportLimits
from pinecone_imports.preflight._problems import Problem, Rule, Severity
from pinecone_imports.preflight._records import CheckerPerNamespace, Dimension
from pinecone_imports.preflight._report import ProblemCollector, Summary, ValidationReport
from pinecone_imports.preflight._scan import DEFAULT_BATCH_ROWS, scan_files
from pinecone_imports.preflight._schema import VectorType
from pinecone_imports.preflight._source import Listing, SourceError, open_source

NEWEST_API_VERSION = DEFAULT_API_VERSION
DEFAULT_MAX_PROBLEMS = 1000
_VERSION_FORM = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True, slots=True)
class ValidationProgress:
    """Where a validation run is; passed to `on_progress` after every batch and every file."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    records: int


ProgressCallback = Callable[[ValidationProgress], None]


def validate_source(
    location: str | os.PathLike[str],
    *,
    dimension: int | None = None,
    vector_type: VectorType | str = VectorType.DENSE,
    api_version: str = NEWEST_API_VERSION,
    on_progress: ProgressCallback | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    limits: ImportLimits = DEFAULT_LIMITS,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> ValidationReport:
    """Checks a local folder, `file://`, `s3://`, `gs://` or Azure location against every import rule.

    `dimension=None` takes the dimension from the first dense vector read and reports every file that
    disagrees. At most `max_problems` problems are kept in the report; all are counted."""
    kind = VectorType(vector_type)
    if not _VERSION_FORM.fullmatch(api_version):
        raise ValueError(
            f"api_version must look like YYYY-MM; supported: {', '.join(SUPPORTED_API_VERSIONS)}"
        )
    collector = ProblemCollector(max_problems)
    text = os.fspath(location)
    try:
        source = open_source(location)
        listing = source.listing()
    except SourceError as exc:
        collector.add([Problem(Rule.SOURCE_UNREADABLE, str(exc))])
        return _report(
            text,
            kind=kind,
            api_version=api_version,
            collector=collector,
            listing=Listing((), (), (), ()),
            records=0,
            dimension=None,
        )
    layout_problems = check_layout(listing, api_version=api_version, limits=limits)
    # Errors first (the order is otherwise kept): thousands of warnings about empty folders must
    # not push the one broken limit out of the kept problems.
    collector.add(sorted(layout_problems, key=lambda p: p.severity is not Severity.ERROR))
    if any(p.rule in IMPOSSIBLE_IMPORT_RULES and p.severity is Severity.ERROR for p in layout_problems):
        # Reading every record (hours, for a source this large) could not change the verdict.
        return _report(
            text,
            kind=kind,
            api_version=api_version,
            collector=collector,
            listing=listing,
            records=0,
            dimension=dimension,
            records_checked=False,
        )

    shared_dimension = Dimension(dimension)
    records = 0
    files_done = 0
    checker_for = CheckerPerNamespace(vector_type=kind, dimension=shared_dimension)
    steps = scan_files(source, listing.files, checker_for, vector_type=kind, batch_rows=batch_rows)
    with closing(steps):
        for step in steps:
            collector.add(step.problems)
            if step.batch is not None:
                records += step.batch.rows
            if step.fraction >= 1.0:
                files_done += 1
            if on_progress is not None:
                on_progress(
                    ValidationProgress(
                        files_done=files_done,
                        files_total=len(listing.files),
                        bytes_done=step.bytes_done,
                        bytes_total=listing.total_bytes,
                        records=records,
                    )
                )
    return _report(
        text,
        kind=kind,
        api_version=api_version,
        collector=collector,
        listing=listing,
        records=records,
        dimension=shared_dimension.value,
    )


def _report(
    text: str,
    *,
    kind: VectorType,
    api_version: str,
    collector: ProblemCollector,
    listing: Listing,
    records: int,
    dimension: int | None,
    records_checked: bool = True,
) -> ValidationReport:
    summary = Summary(
        namespaces=len(listing.namespaces),
        files=len(listing.files),
        records=records,
        bytes=listing.total_bytes,
        errors=collector.errors,
        warnings=collector.warnings,
        notes=collector.notes,
        dimension=dimension if kind is VectorType.DENSE else None,
    )
    return ValidationReport(
        source=text,
        vector_type=kind.value,
        api_version=api_version,
        problems=tuple(collector.kept),
        summary=summary,
        truncated=collector.dropped > 0,
        groups=collector.groups(),
        records_checked=records_checked,
    )
