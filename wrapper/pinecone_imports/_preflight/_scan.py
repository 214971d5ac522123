"""Streams one Parquet file through a `NamespaceChecker`, batch by batch, so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
from pinecone_imports._preflight._prefetch import prefetch
from pinecone_imports._preflight._problems import Problem, Rule
from pinecone_imports._preflight._records import CheckedBatch, NamespaceChecker
from pinecone_imports._preflight._source import DataFile, DataSource

DEFAULT_BATCH_ROWS = 32_768


@dataclass(frozen=True, slots=True)
class FileStep:
    """One step through a file.

    `fatal` means the file as a whole cannot be imported (unreadable, or wrong columns); then `batch` is
    None. Otherwise `batch` holds the checked rows and `problems` the bad records among them.
    `rows_done` and `rows_total` locate the step in the file for progress reports."""

    problems: list[Problem]
    batch: CheckedBatch | None
    rows_done: int
    rows_total: int
    fatal: bool = False

    @property
    def fraction(self) -> float:
        return 1.0 if self.rows_total == 0 else self.rows_done / self.rows_total


def scan_file(
    source: DataSource,
    data_file: DataFile,
    checker: NamespaceChecker,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> Iterator[FileStep]:
    """Yields the file's steps in order. Stopping the iteration early releases the file."""
    try:
        parquet = source.open_parquet(data_file)
    except (OSError, pa.ArrowException) as exc:
        yield _unreadable(data_file, exc, 0)
        return
    total = parquet.metadata.num_rows
    schema_problems = checker.check_schema(parquet.schema_arrow, file=data_file.name)
    if schema_problems:
        parquet.close()
        yield FileStep(schema_problems, None, total, total, fatal=True)
        return
    batches = prefetch(iter(parquet.iter_batches(batch_size=batch_rows)))
    try:
        done = 0
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except (OSError, pa.ArrowException) as exc:
                yield _unreadable(data_file, exc, total)
                return
            checked = checker.check_batch(batch, file=data_file.name, first_row=done)
            done += batch.num_rows
            yield FileStep(checked.problems, checked, done, total)
        if total == 0:
            yield FileStep([], None, 0, 0)
    finally:
        # The reader thread must be stopped before the file it reads from is closed.
        batches.close()
        parquet.close()


def _unreadable(data_file: DataFile, exc: BaseException, total: int) -> FileStep:
    problem = Problem(
        Rule.FILE_UNREADABLE,
        f"cannot read as Parquet: {exc}",
        namespace=data_file.namespace,
        file=data_file.name,
    )
    return FileStep([problem], None, total, total, fatal=True)
