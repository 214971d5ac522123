"""Showing a prepare run: a bar of input bytes while it writes, then what it wrote."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self

from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from pinecone_imports._cli._progress import draws_in_place
from pinecone_imports._cli._validation_view import size_text
from pinecone_imports._text import plural

if TYPE_CHECKING:
    from pinecone_imports._cli._output import Output
    from pinecone_imports.writer._prepare import PrepareProgress, PrepareResult


class PrepareBar:
    """A live bar on a terminal; nothing in pipes and logs, which get the summary lines only."""

    def __init__(self, output: Output) -> None:
        self._output = output
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def update(self, progress: PrepareProgress) -> None:
        if self._progress is None:
            if not draws_in_place(self._output.stderr):
                return
            self._progress = Progress(
                TextColumn("preparing"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[records]:,} records", markup=False),
                TimeElapsedColumn(),
                console=self._output.stderr,
            )
            self._progress.start()
            self._task = self._progress.add_task("prepare", total=max(progress.bytes_total, 1), records=0)
        if self._task is not None:
            self._progress.update(self._task, completed=progress.bytes_done, records=progress.records)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


def show_prepared(output: Output, result: PrepareResult) -> None:
    manifest = result.manifest
    if result.already_complete:
        output.line(f"{result.uri} already holds this dataset; nothing was rewritten")
    elif result.resumed_at:
        output.line(f"Resumed after {result.resumed_at:,} input records written by an earlier run")
    for problem in result.skipped_problems:
        output.line(f"skipped [{problem.rule.value}] {problem.describe()}")
    for name, entry in sorted(manifest.namespaces.items()):
        output.line(
            f"    namespace {name}: {plural(entry.records, 'record')} in {plural(len(entry.files), 'file')}"
        )
    dimension = f", dimension {manifest.dimension}" if manifest.dimension is not None else ""
    output.line(
        f"Prepared {plural(manifest.records, 'record')} ({manifest.skipped:,} skipped) in "
        f"{plural(len(manifest.namespaces), 'namespace')}, {plural(manifest.files, 'file')}, "
        f"{size_text(manifest.total_bytes)}{dimension} at {result.uri}",
        style="green",
    )
