"""Runs imports for real, one at a time, on a background thread.

Records flow: source listing -> layout rules -> `scan_files` (the preflight rules) -> good rows
written batch by batch -> one publish transaction. Each batch's write also records progress and
finds out whether the import was cancelled, and the worker checks between batches whether the server
is stopping, so either takes effect within one batch."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from pinecone_imports._text import plural
from pinecone_imports.local_server._database import Database
from pinecone_imports.local_server._model import ErrorMode, ImportRecord, Status
from pinecone_imports.local_server._rows import batch_rows
from pinecone_imports.local_server._store import Store
from pinecone_imports.local_server._vectors import ImportStopped, Row, VectorStore
from pinecone_imports.preflight import (
    CheckerPerNamespace,
    DataSource,
    Dimension,
    Listing,
    Severity,
    SourceError,
    VectorType,
    check_layout,
    open_source,
    scan_files,
)
from pinecone_imports.preflight._prefetch import prefetch

logger = logging.getLogger("pinecone_imports.local_server")
# The server log says how far an import has got at every quarter.
_MILESTONE_PERCENT = 25.0

STOPPED_MESSAGE = "the local server stopped before the import finished; nothing from it was imported"


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """What the local index is: where file:// data may come from, and the vectors it holds."""

    data_root: Path | None = None
    dimension: int | None = None
    vector_type: VectorType = VectorType.DENSE


class _ImportFailed(Exception):
    def __init__(self, reason: str, *, validated: tuple[int, int] | None = None) -> None:
        super().__init__(reason)
        self.validated = validated  # (passed, failed) when every record had been checked


class _Stopping(Exception):
    pass


def open_import_source(uri: str, data_root: Path | None) -> DataSource:
    """Opens an import's location; local paths must stay inside `data_root`."""
    if uri.startswith("file:"):
        if data_root is None:
            raise SourceError("file:// imports need the server to be started with a data root")
        return open_source(uri, allowed_root=data_root)
    return open_source(uri)


class ImportRunner:
    def __init__(self, database: Database, config: IndexConfig) -> None:
        self._database = database
        self._imports = Store(database)
        self._vectors = VectorStore(database)
        self._config = config
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="local-import-runner", daemon=True)

    def start(self) -> None:
        """Settles what a previous run left behind, then starts working through Pending imports."""
        interrupted = self._imports.fail_interrupted()
        if interrupted:
            logger.warning("failed %d import(s) interrupted by a restart", len(interrupted))
        self._vectors.discard_unpublished()
        for record in self._imports.unfinished_imports():
            self._queue.put(record.id)
        self._thread.start()

    def submit(self, import_id: str) -> None:
        self._queue.put(import_id)

    def stop(self) -> None:
        self._stopping.set()
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            import_id = self._queue.get()
            if import_id is None:
                return
            record = self._imports.get_import(import_id)
            if record is not None and record.status is Status.PENDING:
                self._execute(record)

    def _execute(self, record: ImportRecord) -> None:
        if not self._imports.mark_in_progress(record.id):
            return
        logger.info("import %s started: %s (errorMode %s)", record.id, record.uri, record.error_mode.value)
        began = time.monotonic()
        completed = False
        try:
            self._run(record)
            completed = True
            logger.info("import %s Completed in %.1f s", record.id, time.monotonic() - began)
        except _ImportFailed as failure:
            logger.info("import %s Failed: %s", record.id, failure)
            self._imports.fail(record.id, str(failure), validated=failure.validated)
        except ImportStopped:
            logger.info("import %s Cancelled", record.id)
        except _Stopping:
            logger.info("import %s Failed: %s", record.id, STOPPED_MESSAGE)
            self._imports.fail(record.id, STOPPED_MESSAGE)
        except Exception as exc:
            logger.exception("import %s failed unexpectedly", record.id)
            self._imports.fail(record.id, f"internal error in the local server: {exc}")
        finally:
            if not completed:
                self._vectors.discard(record.seq)
            self._database.checkpoint()

    def _run(self, record: ImportRecord) -> None:
        try:
            source = open_import_source(record.uri, self._config.data_root)
            listing = source.listing()
        except SourceError as exc:
            raise _ImportFailed(str(exc)) from exc
        errors = [
            p for p in check_layout(listing, api_version=record.api_version) if p.severity is Severity.ERROR
        ]
        if errors:
            raise _ImportFailed(errors[0].describe())
        taken = self._vectors.existing_namespaces(listing.namespaces)
        if taken:
            raise _ImportFailed(f"namespace {taken[0]!r} already exists in the index")

        dense = self._config.vector_type is VectorType.DENSE
        progress = _Progress(dimension=Dimension(self._config.dimension or self._vectors.dimension()))
        progress.counts = dict.fromkeys(listing.namespaces, 0)
        # Checking and converting run one step ahead on another thread while this one writes, so
        # Arrow work and SQLite inserts overlap on a two-core machine.
        writes = prefetch(self._prepared_batches(record, source, listing, progress))
        try:
            for rows, percent, imported in writes:
                self._vectors.write_batch(record.id, rows, percent=percent, records=imported)
                if self._stopping.is_set():
                    raise _Stopping
        finally:
            writes.close()
        # Every record has been checked now: this is the import's validation result.
        validated = (progress.imported, progress.skipped)
        if progress.imported == 0 and progress.skipped > 0:
            raise _ImportFailed(
                f"all {progress.skipped} records were skipped as invalid; nothing to import",
                validated=validated,
            )
        dimension = progress.dimension.value if dense else None
        reason = self._vectors.publish(
            record.id, counts=progress.counts, dimension=dimension, validated=validated
        )
        if reason == "cancelled":
            raise ImportStopped(record.id)
        if reason is not None:
            raise _ImportFailed(reason, validated=validated)
        logger.info(
            "import %s: %s imported into %s, %s skipped",
            record.id,
            plural(progress.imported, "record"),
            plural(len(progress.counts), "namespace"),
            plural(progress.skipped, "invalid record"),
        )

    def _prepared_batches(
        self, record: ImportRecord, source: DataSource, listing: Listing, progress: _Progress
    ) -> Iterator[tuple[list[Row], float, int]]:
        """Checked rows ready to insert, with the progress they bring; raises `_ImportFailed`."""
        total_bytes = max(listing.total_bytes, 1)
        kind = self._config.vector_type
        checker_for = CheckerPerNamespace(vector_type=kind, dimension=progress.dimension)
        next_milestone = _MILESTONE_PERCENT
        # closing(): a failure mid-scan stops the reading thread at once, not at garbage collection.
        with closing(scan_files(source, listing.files, checker_for, vector_type=kind)) as steps:
            for step in steps:
                if step.fatal:
                    raise _ImportFailed(step.problems[0].describe())
                if step.problems and record.error_mode is ErrorMode.ABORT:
                    raise _ImportFailed(step.problems[0].describe())
                rows: list[Row] = []
                if step.batch is not None:
                    if step.batch.bad_rows:
                        # Bad rows are the rows problems were found on, so there is a first one.
                        logger.info(
                            "import %s: skipped %s (first: %s)",
                            record.id,
                            plural(step.batch.bad_rows, "invalid record"),
                            step.problems[0].describe(),
                        )
                    progress.skipped += step.batch.bad_rows
                    good = step.batch.good
                    if good.num_rows:
                        namespace = step.file.namespace
                        rows = list(batch_rows(record.seq, namespace, good))
                        progress.counts[namespace] += good.num_rows
                        progress.imported += good.num_rows
                percent = 100.0 * step.bytes_done / total_bytes
                if percent >= next_milestone and percent < 100.0:
                    so_far = plural(progress.imported, "record")
                    logger.info("import %s: %.0f%%, %s so far", record.id, percent, so_far)
                    while next_milestone <= percent:
                        next_milestone += _MILESTONE_PERCENT
                yield rows, percent, progress.imported


@dataclass
class _Progress:
    """Totals of one import, filled in by the preparing thread and read once it has finished."""

    dimension: Dimension
    counts: dict[str, int] = field(default_factory=dict)
    imported: int = 0
    skipped: int = 0
