"""Showing a running import's progress while the command line waits for it.

On a terminal a live bar (status, percent, records, elapsed time) is drawn on stderr; elsewhere a
plain line is written to stderr whenever something changes, or nothing at all with --json, so
pipes and logs never receive cursor movements or colours.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from pinecone_imports._cli._render import duration_text, percent_text, records_text, status_text

if TYPE_CHECKING:
    from pinecone_imports._cli._output import Output
    from pinecone_imports._client._models import BulkImport


class ProgressView(Protocol):
    def update(self, observed: BulkImport) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _Quiet:
    """Shows nothing (--json away from a terminal); its subclass keeps the no-op enter and exit."""

    def update(self, observed: BulkImport) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        pass


class StatusLines(_Quiet):
    """A line per change of status, percent or record count."""

    def __init__(self, output: Output, import_id: str) -> None:
        self._output = output
        self._import_id = import_id
        self._started = time.monotonic()
        self._last: tuple[object, ...] | None = None

    def update(self, observed: BulkImport) -> None:
        state = (observed.status, observed.percent_complete, observed.records_imported)
        if state == self._last:
            return
        self._last = state
        elapsed = duration_text(time.monotonic() - self._started)
        self._output.note(
            f"import {self._import_id}: {observed.status}, {percent_text(observed.percent_complete)}, "
            f"{records_text(observed.records_imported)} records, {elapsed} elapsed"
        )


class _StatusColumn(ProgressColumn):
    # A column of its own because statuses come from the server: they are styled, never parsed
    # as rich markup.
    def render(self, task: Task) -> Text:
        return status_text(task.fields.get("status"))


class LiveBar:
    """rich's live progress bar, redrawn in place on the terminal."""

    def __init__(self, console: Console, import_id: str) -> None:
        self._progress = Progress(
            TextColumn("import {task.fields[import_id]}", markup=False),
            _StatusColumn(),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[records]} records", markup=False),
            TimeElapsedColumn(),
            console=console,
        )
        self._import_id = import_id
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        self._progress.start()
        self._task = self._progress.add_task(
            "waiting", total=100.0, import_id=self._import_id, status="Waiting", records=records_text(None)
        )
        return self

    def update(self, observed: BulkImport) -> None:
        if self._task is None:
            return
        self._progress.update(
            self._task,
            completed=observed.percent_complete or 0.0,
            status=observed.status,
            records=records_text(observed.records_imported),
        )

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()


def draws_in_place(console: Console) -> bool:
    # FORCE_COLOR (common in CI) makes rich treat any stream as a terminal: colours in a log are
    # what it asks for, a bar redrawn with cursor movements is not. TTY_INTERACTIVE=1 still can.
    wanted = os.environ.get("TTY_INTERACTIVE") == "1"
    return console.is_interactive and (wanted or console.file.isatty())


def progress_view(output: Output, import_id: str, *, json_output: bool) -> ProgressView:
    if draws_in_place(output.stderr):
        return LiveBar(output.stderr, output.redact.text(import_id))
    if json_output:
        return _Quiet()
    return StatusLines(output, import_id)
