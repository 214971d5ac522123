"""The live bar of a run over input files (prepare, validate): bytes read, records, time elapsed."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from pinecone_imports._cli._progress import draws_in_place

if TYPE_CHECKING:
    from pinecone_imports._cli._output import Output


class BytesProgress(Protocol):
    """What the writer's and the validator's progress reports both carry."""

    @property
    def bytes_done(self) -> int: ...

    @property
    def bytes_total(self) -> int: ...

    @property
    def records(self) -> int: ...


class BytesBar:
    """A bar drawn in place on a terminal from the first update on; nothing in pipes and logs."""

    def __init__(self, output: Output, label: str) -> None:
        self._output = output
        self._label = label
        self.live = draws_in_place(output.stderr)
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def show(self, progress: BytesProgress) -> None:
        if not self.live:
            return
        if self._progress is None or self._task is None:
            self._progress = Progress(
                TextColumn(self._label),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[records]:,} records", markup=False),
                TimeElapsedColumn(),
                console=self._output.stderr,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=max(progress.bytes_total, 1), records=0)
        self._progress.update(self._task, completed=progress.bytes_done, records=progress.records)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
