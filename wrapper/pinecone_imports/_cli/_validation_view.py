"""Showing a validation run: a progress bar while it reads, then its problems and summary."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Final, Self

from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from pinecone_imports._cli._progress import draws_in_place

if TYPE_CHECKING:
    from pinecone_imports._cli._output import Output
    from pinecone_imports.preflight import ValidationProgress, ValidationReport

# Below this much data a bar would flash by; the run is over before anyone could read it.
BAR_THRESHOLD_BYTES: Final = 32 * 1024 * 1024


class ValidationBar:
    """A live bar of bytes read on a terminal, for inputs large enough to take a while."""

    def __init__(self, output: Output) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._output = output

    def update(self, progress: ValidationProgress) -> None:
        if self._progress is None:
            if progress.bytes_total < BAR_THRESHOLD_BYTES or not draws_in_place(self._output.stderr):
                return
            self._progress = Progress(
                TextColumn("validating"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[records]:,} records", markup=False),
                TimeElapsedColumn(),
                console=self._output.stderr,
            )
            self._progress.start()
            self._task = self._progress.add_task("validate", total=progress.bytes_total, records=0)
        if self._task is not None:
            self._progress.update(self._task, completed=progress.bytes_done, records=progress.records)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


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
    return (
        f"{s.namespaces} namespaces, {s.files} files, {s.records:,} records, "
        f"{size_text(s.bytes)}{dimension}: {s.errors} errors, {s.warnings} warnings, {s.notes} notes; "
        f"the data {verdict}"
    )


def show_report(output: Output, report: ValidationReport) -> None:
    for problem in report.problems:
        output.line(f"{problem.severity.value:<7} [{problem.rule.value}] {problem.describe()}")
    if report.truncated:
        output.line(f"(only the first {len(report.problems)} problems are listed; the summary counts all)")
    output.line(summary_line(report), style="green" if report.ok else "red")
