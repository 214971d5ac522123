"""Streams Parquet files through the record rules, batch by batch, so memory stays flat.

Several files are read at once, each on a helper thread of its own that stays one or two batches
ahead, while the checks take the batches strictly in file order on the calling thread (the duplicate
and dimension rules depend on that order). On local data two files are decoded in parallel with the
checks, which keeps both cores busy; on remote data more files are in flight, so several requests
overlap and the time to first byte of one file hides behind the reading of another. Memory stays
bounded by files in flight x read-ahead x batch size, whatever the size of the data. Column problems
are found on the reading side, from the file footer, so a file with the wrong columns is never read
further."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from pinecone_imports.preflight._prefetch import Prefetched, prefetch
from pinecone_imports.preflight._problems import Problem, Rule
from pinecone_imports.preflight._records import CheckedBatch, NamespaceChecker
from pinecone_imports.preflight._row_rules import RowFindings, RowRules
from pinecone_imports.preflight._schema import VectorType, check_schema
from pinecone_imports.preflight._source import DataFile, DataSource

DEFAULT_BATCH_ROWS = 32_768
# Batches are capped in bytes as well as rows. The reader, the read-ahead queue and the checks each
# hold a batch or two, so 32,768 rows of 768-dimension vectors (about 100 MB decoded each) made the
# peak near 1 GB, and wider vectors would make it grow with the dimension. The budget counts the
# Parquet-encoded size, which for dictionary-encoded floats is about half the decoded size.
BATCH_BUDGET_BYTES = 16 * 2**20
# Below this a batch's fixed costs (one round of record checks, one queue hand-off) start to show.
MIN_FILE_BUDGET_BYTES = 4 * 2**20
# Files read at once. Local decoding is CPU-bound: one file per core besides the checks' own thread
# is as much as two cores can use. Remote reads wait on the network, so more of them overlap.
LOCAL_FILES_IN_FLIGHT = max(2, min(4, os.cpu_count() or 2))
REMOTE_FILES_IN_FLIGHT = 6
# Arrow's allocator (mimalloc by default) keeps pages freed by earlier batches for reuse, and never
# reuses all of them: measured here, Arrow's count of bytes in use stayed flat while the process grew
# by a few MB per file read (peak RSS 1.18x for 4x the data). Handing the spare pages back to the
# system after every 64 MB of files read kept it to 1.07x; after every file, 1.04x, but that cost
# about a fifth of the local speed on small files, since the next batches fault the pages in again.
RELEASE_EVERY_BYTES = 64 * 2**20


@dataclass(frozen=True, slots=True)
class FileStep:
    """One step through a file.

    `fatal` means the file as a whole cannot be imported (unreadable, or wrong columns); then `batch` is
    None. Otherwise `batch` holds the checked rows and `problems` the bad records among them.
    `rows_done` and `rows_total` locate the step in the file; `bytes_before` is the size of the files
    scanned before this one, so progress over the whole scan needs no bookkeeping by the caller."""

    file: DataFile
    problems: list[Problem]
    batch: CheckedBatch | None
    rows_done: int
    rows_total: int
    bytes_before: int
    fatal: bool = False

    @property
    def fraction(self) -> float:
        """How much of this file is done, 0 to 1."""
        return 1.0 if self.rows_total == 0 else self.rows_done / self.rows_total

    @property
    def bytes_done(self) -> int:
        """Bytes of the scan done, counting this file by its share of rows."""
        return self.bytes_before + int(self.file.size * self.fraction)


@dataclass(frozen=True, slots=True)
class _Opened:
    file: DataFile
    rows: int
    problems: list[Problem]


@dataclass(frozen=True, slots=True)
class _Read:
    file: DataFile
    batch: pa.RecordBatch
    findings: RowFindings


@dataclass(frozen=True, slots=True)
class _ReadFailed:
    file: DataFile
    error: Exception


# What a reading thread hands the checking thread, in file order.
_Event = _Opened | _Read | _ReadFailed


def _unreadable(data_file: DataFile, exc: BaseException) -> Problem:
    return Problem(
        Rule.FILE_UNREADABLE,
        f"cannot read as Parquet: {exc}",
        namespace=data_file.namespace,
        file=data_file.name,
    )


def rows_per_batch(
    metadata: pq.FileMetaData, max_rows: int = DEFAULT_BATCH_ROWS, budget: int = BATCH_BUDGET_BYTES
) -> int:
    """Rows per batch for a file: `max_rows`, or fewer when its rows are wide (see BATCH_BUDGET_BYTES)."""
    rows = int(metadata.num_rows)
    if rows == 0:
        return max_rows
    encoded = sum(int(metadata.row_group(i).total_byte_size) for i in range(metadata.num_row_groups))
    per_row = max(1, -(-encoded // rows))  # rounded up, so a batch stays within the budget
    return max(1, min(max_rows, budget // per_row))


def _read_file(
    source: DataSource, data_file: DataFile, rules: RowRules, batch_rows: int, budget: int
) -> Iterator[_Event]:
    try:
        parquet = source.open_parquet(data_file)
    except (OSError, pa.ArrowException) as exc:
        yield _Opened(data_file, 0, [_unreadable(data_file, exc)])
        return
    try:
        problems = check_schema(
            parquet.schema_arrow,
            vector_type=rules.vector_type,
            namespace=data_file.namespace,
            file=data_file.name,
        )
        yield _Opened(data_file, parquet.metadata.num_rows, problems)
        if problems:
            return
        try:
            rows = rows_per_batch(parquet.metadata, batch_rows, budget)
            for batch in parquet.iter_batches(batch_size=rows):
                # On this thread, while the batch is fresh in the cache and the checking thread is
                # busy with an earlier one.
                yield _Read(data_file, batch, rules.find(batch))
        except (OSError, pa.ArrowException) as exc:
            yield _ReadFailed(data_file, exc)
    finally:
        parquet.close()


def _read_files(
    source: DataSource,
    files: tuple[DataFile, ...],
    vector_type: VectorType,
    batch_rows: int,
    files_in_flight: int,
) -> Generator[_Event, None, None]:
    """Every file's events in file order, with up to `files_in_flight` files being read at once."""
    upcoming = iter(files)
    rules = RowRules(vector_type)
    # The byte budget is the scan's, shared by the files in flight: reading two files at once must
    # not hold twice the batches (measured here: peak memory then grew 1.3x for 4x the data).
    budget = max(MIN_FILE_BUDGET_BYTES, BATCH_BUDGET_BYTES // max(1, files_in_flight))
    reading: deque[tuple[DataFile, Prefetched[_Event]]] = deque()

    def read_next() -> None:
        data_file = next(upcoming, None)
        if data_file is not None:
            reader = prefetch(_read_file(source, data_file, rules, batch_rows, budget))
            reading.append((data_file, reader))

    read_since_release = 0
    try:
        for _ in range(max(1, files_in_flight)):
            read_next()
        while reading:
            yield from reading[0][1]
            done, _ = reading.popleft()
            read_since_release += done.size
            if read_since_release >= RELEASE_EVERY_BYTES:
                pa.default_memory_pool().release_unused()
                read_since_release = 0
            read_next()
    finally:
        # Stopped early: each reader's thread is stopped and its file closed.
        for _, reader in reading:
            reader.close()


def scan_files(
    source: DataSource,
    files: tuple[DataFile, ...],
    checker_for: Callable[[DataFile], NamespaceChecker],
    *,
    vector_type: VectorType = VectorType.DENSE,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    files_in_flight: int | None = None,
) -> Generator[FileStep, None, None]:
    """Yields every file's steps in order. `checker_for` gives the checker of a file's namespace.

    Batches hold at most `batch_rows` rows, fewer for files whose rows are wide (`rows_per_batch`).
    `files_in_flight` defaults to what suits the source (local or remote, see the module docs).
    Closing the iterator early stops the reading threads and closes the open files."""
    if files_in_flight is None:
        files_in_flight = REMOTE_FILES_IN_FLIGHT if source.remote else LOCAL_FILES_IN_FLIGHT
    events = _read_files(source, files, vector_type, batch_rows, files_in_flight)
    rows_total = rows_done = bytes_before = 0
    previous: DataFile | None = None
    try:
        for event in events:
            data_file = event.file
            if isinstance(event, _Opened):
                if previous is not None:
                    bytes_before += previous.size
                previous = data_file
                rows_total, rows_done = event.rows, 0
                if event.problems:
                    yield FileStep(
                        data_file, event.problems, None, rows_total, rows_total, bytes_before, True
                    )
                elif rows_total == 0:
                    yield FileStep(data_file, [], None, 0, 0, bytes_before)
                continue
            if isinstance(event, _ReadFailed):
                problem = _unreadable(data_file, event.error)
                yield FileStep(data_file, [problem], None, rows_total, rows_total, bytes_before, fatal=True)
                continue
            checker = checker_for(data_file)
            checked = checker.check_batch(
                event.batch, file=data_file.name, first_row=rows_done, findings=event.findings
            )
            rows_done += event.batch.num_rows
            yield FileStep(data_file, checked.problems, checked, rows_done, rows_total, bytes_before)
    finally:
        events.close()
