"""Showing a validation run: a progress bar while it reads, then its problems and summary."""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING, Final

from pinecone_imports._cli._bytes_bar import BytesBar
from pinecone_imports._cli._hints import for_shell
from pinecone_imports._text import plural
from pinecone_imports.preflight._report import group_key

if TYPE_CHECKING:
    from pinecone_imports._cli._output import Output
    from pinecone_imports.preflight import Problem, ValidationProgress, ValidationReport
    from pinecone_imports.preflight._report import ProblemGroup

# Below this much data a bar would flash by; the run is over before anyone could read it.
BAR_THRESHOLD_BYTES: Final = 32 * 1024 * 1024
# Away from a terminal (a pipe, a CI log) a plain line on stderr at most this often instead.
LINE_EVERY_SECONDS: Final = 10.0
# Rows named per group of repeated problems; the count says how many there were.
ROWS_SHOWN: Final = 5
# Files (or namespaces) listed per rule; the others are counted on one line.
GROUPS_SHOWN_PER_RULE: Final = 10


class ValidationBar(BytesBar):
    """Progress while validating: a live bar on a terminal, plain lines on stderr elsewhere.

    Both appear only for runs long enough to need them (a large input, or 10 s without a result);
    with --json nothing is written away from a terminal."""

    def __init__(self, output: Output, *, quiet: bool = False) -> None:
        super().__init__(output, "validating")
        self._quiet = quiet and not self.live
        self._began = time.monotonic()
        self._last_line = self._began

    def _line(self, progress: ValidationProgress) -> None:
        now = time.monotonic()
        if self._quiet or now - self._last_line < LINE_EVERY_SECONDS:
            return
        self._last_line = now
        share = 100 * progress.bytes_done / progress.bytes_total if progress.bytes_total else 100.0
        self._output.note(
            f"validating: {share:.0f}% of {size_text(progress.bytes_total)}, "
            f"{progress.files_done:,} of {plural(progress.files_total, 'file')}, "
            f"{plural(progress.records, 'record')} checked, {now - self._began:.0f} s elapsed"
        )

    def update(self, progress: ValidationProgress) -> None:
        if not self.live:
            self._line(progress)
        elif progress.bytes_total >= BAR_THRESHOLD_BYTES:  # the total is known from the start
            self.show(progress)


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1000
    return f"{value:,.1f} TB"


def summary_line(report: ValidationReport) -> str:
    s = report.summary
    dimension = f", dimension {s.dimension}" if s.dimension is not None else ""
    verdict = "would import cleanly" if report.ok else "would NOT import cleanly"
    records = plural(s.records, "record") if report.records_checked else "records not read"
    return (
        f"{plural(s.namespaces, 'namespace')}, {plural(s.files, 'file')}, {records}, "
        f"{size_text(s.bytes)}{dimension}: {plural(s.errors, 'error')}, {plural(s.warnings, 'warning')}, "
        f"{plural(s.notes, 'note')}; the data {verdict}"
    )


def _rows_text(rows: list[int], count: int) -> str:
    shown = ", ".join(f"{row:,}" for row in rows[:ROWS_SHOWN])
    more = ", ..." if count > len(rows[:ROWS_SHOWN]) else ""
    return f"{plural(count, 'row')} ({shown}{more})"


def _group_line(kept: list[Problem], count: int) -> str:
    first = kept[0]
    message = for_shell(first.message)
    rows = [p.row for p in kept if p.row is not None]
    where = first.file or first.namespace
    if count == 1:
        return for_shell(first.describe())
    if not rows:
        return f"{where}: {message} ({plural(count, 'time')})"
    column = f", column {first.column!r}" if first.column is not None else ""
    # Messages that name the row's own value (an id, a length) are those of the first row.
    return f"{where}{column}: {_rows_text(rows, count)}; first: {message}"


def show_report(output: Output, report: ValidationReport) -> None:
    """Problems one line per rule and file (a count and the first rows), then the summary."""
    kept: dict[tuple[object, str | None], list[Problem]] = {}
    for problem in report.problems:
        kept.setdefault(group_key(problem), []).append(problem)
    shown: Counter[str] = Counter()
    rest: dict[str, list[ProblemGroup]] = {}
    for group in report.groups:
        if shown[group.rule] == GROUPS_SHOWN_PER_RULE:
            rest.setdefault(group.rule, []).append(group)
            continue
        shown[group.rule] += 1
        listed = kept.get((group.rule, group.where))
        if listed:
            line = _group_line(listed, group.count)
        else:
            line = f"{group.where or report.source}: {plural(group.count, 'problem')} (past --max-problems)"
        output.line(f"{group.severity.value:<7} [{group.rule.value}] {line}")
    for groups in rest.values():
        first = groups[0]
        total = sum(group.count for group in groups)
        places = plural(len(groups), "more place")
        output.line(
            f"{first.severity.value:<7} [{first.rule.value}] ... and {places} ({plural(total, 'problem')})"
        )
    if not report.records_checked:
        output.line(
            "(records were not read: the listing alone breaks a per-import limit, so the import cannot run)"
        )
    if report.truncated:
        output.line(
            f"(details kept for the first {len(report.problems):,} problems, as --max-problems says; "
            "the counts cover all)"
        )
    output.line(summary_line(report), style="green" if report.ok else "red")
