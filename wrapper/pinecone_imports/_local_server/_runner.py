"""Runs imports for real, one at a time, on a background thread.

Records flow: source listing -> layout rules -> per-file `scan_file` (the preflight rules) -> good rows
into the import's staging file -> one publish transaction. The worker checks between batches whether
the import was cancelled (the progress update finds it no longer InProgress) or the server is
stopping, so either takes effect within one batch."""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from pinecone_imports._local_server._model import ErrorMode, ImportRecord, Status
from pinecone_imports._local_server._rows import batch_rows
from pinecone_imports._local_server._staging import StagingFile, remove_leftovers, staging_path
from pinecone_imports._local_server._store import Store
from pinecone_imports._preflight import (
    DataSource,
    Dimension,
    NamespaceChecker,
    Severity,
    SourceError,
    VectorType,
    check_layout,
    open_source,
    scan_file,
)

logger = logging.getLogger("pinecone_imports.local_server")

STOPPED_MESSAGE = "the local server stopped before the import finished; nothing from it was imported"


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """What the local index is: where file:// data may come from, and the vectors it holds."""

    data_root: Path | None = None
    dimension: int | None = None
    vector_type: VectorType = VectorType.DENSE


class _ImportFailed(Exception):
    pass


class _Cancelled(Exception):
    pass


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
    def __init__(self, store: Store, config: IndexConfig) -> None:
        self._store = store
        self._config = config
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="local-import-runner", daemon=True)

    def start(self) -> None:
        """Settles what a previous run left behind, then starts working through Pending imports."""
        interrupted = self._store.fail_interrupted()
        if interrupted:
            logger.warning("failed %d import(s) interrupted by a restart", len(interrupted))
        remove_leftovers(self._store.path)
        for record in self._store.unfinished_imports():
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
            record = self._store.get_import(import_id)
            if record is not None and record.status is Status.PENDING:
                self._execute(record)

    def _execute(self, record: ImportRecord) -> None:
        if not self._store.mark_in_progress(record.id):
            return
        staging = StagingFile(staging_path(self._store.path, record.id))
        try:
            self._run(record, staging)
        except _ImportFailed as failure:
            self._store.finish(record.id, Status.FAILED, error=str(failure))
        except _Cancelled:
            pass
        except _Stopping:
            self._store.finish(record.id, Status.FAILED, error=STOPPED_MESSAGE)
        except Exception as exc:
            logger.exception("import %s failed unexpectedly", record.id)
            self._store.finish(record.id, Status.FAILED, error=f"internal error in the local server: {exc}")
        finally:
            staging.discard()

    def _run(self, record: ImportRecord, staging: StagingFile) -> None:
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
        taken = self._store.existing_namespaces(listing.namespaces)
        if taken:
            raise _ImportFailed(f"namespace {taken[0]!r} already exists in the index")

        dense = self._config.vector_type is VectorType.DENSE
        dimension = Dimension(self._config.dimension or self._store.dimension())
        counts = dict.fromkeys(listing.namespaces, 0)
        total_bytes = max(listing.total_bytes, 1)
        bytes_done = 0
        imported = skipped = 0
        checker: NamespaceChecker | None = None
        for data_file in listing.files:
            if checker is None or checker.namespace != data_file.namespace:
                checker = NamespaceChecker(
                    data_file.namespace, vector_type=self._config.vector_type, dimension=dimension
                )
            for step in scan_file(source, data_file, checker):
                if step.fatal:
                    raise _ImportFailed(step.problems[0].describe())
                if step.problems and record.error_mode is ErrorMode.ABORT:
                    raise _ImportFailed(step.problems[0].describe())
                if step.batch is not None:
                    skipped += step.batch.bad_rows
                    good = step.batch.good
                    if good.num_rows:
                        staging.add(batch_rows(data_file.namespace, good))
                        counts[data_file.namespace] += good.num_rows
                        imported += good.num_rows
                percent = 100.0 * (bytes_done + data_file.size * step.fraction) / total_bytes
                if not self._store.report_progress(record.id, percent=percent, records=imported):
                    raise _Cancelled
                if self._stopping.is_set():
                    raise _Stopping
            bytes_done += data_file.size
        if imported == 0 and skipped > 0:
            raise _ImportFailed(f"all {skipped} records were skipped as invalid; nothing to import")
        staging.close()
        reason = self._store.publish(
            record.id, staging.path, counts=counts, dimension=dimension.value if dense else None
        )
        if reason == "cancelled":
            raise _Cancelled
        if reason is not None:
            raise _ImportFailed(reason)
