"""SQLite storage for imports and the vectors they publish.

One database file in WAL mode, so readers (describe, list, stats) never wait for the import writer.
Each import writes its records into its own staging file first (see `_staging`); publishing copies
them into `vectors` in the same transaction that marks the import Completed, so an import's records
appear all at once, and a failed, cancelled or interrupted import leaves nothing behind."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pinecone_imports._local_server._model import FINAL_STATUSES, ErrorMode, ImportRecord, Status, now_iso

_SCHEMA = """
CREATE TABLE IF NOT EXISTS imports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    uri TEXT NOT NULL,
    api_version TEXT NOT NULL,
    error_mode TEXT NOT NULL,
    integration_id TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    percent_complete REAL NOT NULL DEFAULT 0,
    records_imported INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE TABLE IF NOT EXISTS vectors (
    namespace TEXT NOT NULL,
    id TEXT NOT NULL,
    dense BLOB,
    sparse_indices BLOB,
    sparse_values BLOB,
    metadata TEXT,
    PRIMARY KEY (namespace, id)
);
CREATE TABLE IF NOT EXISTS namespaces (
    name TEXT PRIMARY KEY,
    vector_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# The three reads of `imports` spell out their columns in full; `_record` unpacks them in this order.
_GET_IMPORT = (
    "SELECT seq, id, uri, api_version, error_mode, status, created_at, finished_at, percent_complete,"
    " records_imported, error, integration_id FROM imports WHERE id = ?"
)
_LIST_IMPORTS = (
    "SELECT seq, id, uri, api_version, error_mode, status, created_at, finished_at, percent_complete,"
    " records_imported, error, integration_id FROM imports WHERE seq > ? ORDER BY seq LIMIT ?"
)
_UNFINISHED_IMPORTS = (
    "SELECT seq, id, uri, api_version, error_mode, status, created_at, finished_at, percent_complete,"
    " records_imported, error, integration_id FROM imports WHERE status IN (?, ?) ORDER BY seq"
)
_UNFINISHED = (Status.PENDING.value, Status.IN_PROGRESS.value)
INTERRUPTED_MESSAGE = "interrupted by a server restart before it finished; nothing from it was imported"


class ImportStateError(Exception):
    """The import is not in a state that allows the change (for example cancelling a finished one)."""


def _record(row: tuple[object, ...]) -> ImportRecord:
    (seq, id_, uri, version, mode, status, created, finished, percent, records, error, integration) = row
    return ImportRecord(
        seq=int(str(seq)),
        id=str(id_),
        uri=str(uri),
        api_version=str(version),
        error_mode=ErrorMode(str(mode)),
        status=Status(str(status)),
        created_at=str(created),
        finished_at=None if finished is None else str(finished),
        percent_complete=float(str(percent)),
        records_imported=int(str(records)),
        error=None if error is None else str(error),
        integration_id=None if integration is None else str(integration),
    )


class Store:
    """Thread-safe access to the server database: one connection per thread, WAL journal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # executescript manages its own transaction, so it runs outside `_write`.
        self._db().executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable across application crashes in WAL mode, which is what kill -9 tests.
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()

    # Imports ---------------------------------------------------------------------------------

    def create_import(
        self, *, uri: str, api_version: str, error_mode: ErrorMode, integration_id: str | None
    ) -> ImportRecord:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO imports (id, uri, api_version, error_mode, integration_id, status, created_at)"
                " VALUES ('', ?, ?, ?, ?, ?, ?)",
                (uri, api_version, error_mode.value, integration_id, Status.PENDING.value, now_iso()),
            )
            seq = cursor.lastrowid
            # Ids are the sequence number as text, like the service's own short numeric ids.
            db.execute("UPDATE imports SET id = ? WHERE seq = ?", (str(seq), seq))
        found = self.get_import(str(seq))
        assert found is not None
        return found

    def get_import(self, import_id: str) -> ImportRecord | None:
        row = self._db().execute(_GET_IMPORT, (import_id,)).fetchone()
        return None if row is None else _record(row)

    def list_imports(self, *, after_seq: int, limit: int) -> list[ImportRecord]:
        rows = self._db().execute(_LIST_IMPORTS, (after_seq, limit))
        return [_record(row) for row in rows]

    def unfinished_imports(self) -> list[ImportRecord]:
        rows = self._db().execute(_UNFINISHED_IMPORTS, _UNFINISHED)
        return [_record(row) for row in rows]

    def mark_in_progress(self, import_id: str) -> bool:
        """Pending -> InProgress. False when the import was cancelled before it could start."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE imports SET status = ? WHERE id = ? AND status = ?",
                (Status.IN_PROGRESS.value, import_id, Status.PENDING.value),
            )
            return cursor.rowcount == 1

    def report_progress(self, import_id: str, *, percent: float, records: int) -> bool:
        """Records progress. False when the import is no longer running (it was cancelled)."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE imports SET percent_complete = ?, records_imported = ? WHERE id = ? AND status = ?",
                (min(percent, 100.0), records, import_id, Status.IN_PROGRESS.value),
            )
            return cursor.rowcount == 1

    def finish(self, import_id: str, status: Status, *, error: str | None = None) -> bool:
        """Moves an unfinished import to a final state; False if it had already finished."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE imports SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status IN (?, ?)",
                (status.value, now_iso(), error, import_id, *_UNFINISHED),
            )
            return cursor.rowcount == 1

    def cancel(self, import_id: str) -> None:
        """Cancels an unfinished import. Raises `KeyError` if unknown, `ImportStateError` if finished."""
        with self._write() as db:
            row = db.execute("SELECT status FROM imports WHERE id = ?", (import_id,)).fetchone()
            if row is None:
                raise KeyError(import_id)
            status = Status(row[0])
            if status in FINAL_STATUSES:
                raise ImportStateError(f"import {import_id} already finished with status {status.value}")
            db.execute(
                "UPDATE imports SET status = ?, finished_at = ? WHERE id = ?",
                (Status.CANCELLED.value, now_iso(), import_id),
            )

    def fail_interrupted(self) -> list[str]:
        """After a restart: imports left InProgress fail; Pending ones stay queued. Returns the failed."""
        with self._write() as db:
            ids = [
                str(row[0])
                for row in db.execute("SELECT id FROM imports WHERE status = ?", (Status.IN_PROGRESS.value,))
            ]
            db.execute(
                "UPDATE imports SET status = ?, finished_at = ?, error = ? WHERE status = ?",
                (Status.FAILED.value, now_iso(), INTERRUPTED_MESSAGE, Status.IN_PROGRESS.value),
            )
        return ids

    # Vectors ----------------------------------------------------------------------------------

    def existing_namespaces(self, names: tuple[str, ...]) -> list[str]:
        db = self._db()
        return [
            name
            for name in names
            if db.execute("SELECT 1 FROM namespaces WHERE name = ? AND vector_count > 0", (name,)).fetchone()
        ]

    def namespace_counts(self) -> dict[str, int]:
        rows = self._db().execute("SELECT name, vector_count FROM namespaces WHERE vector_count > 0")
        return {str(name): int(count) for name, count in rows}

    def dimension(self) -> int | None:
        row = self._db().execute("SELECT value FROM settings WHERE key = 'dimension'").fetchone()
        return None if row is None else int(row[0])

    def publish(
        self, import_id: str, staging: Path, *, counts: dict[str, int], dimension: int | None
    ) -> str | None:
        """Copies staged records into `vectors` and completes the import, atomically.

        Returns None on success, or the reason the import cannot complete (then nothing changes and
        the caller fails the import): a namespace filled meanwhile, or a cancel that won the race."""
        db = self._db()
        db.execute("ATTACH DATABASE ? AS staging", (str(staging),))
        try:
            with self._write():
                taken = self.existing_namespaces(tuple(counts))
                if taken:
                    return f"namespace {taken[0]!r} already exists in the index"
                db.execute(
                    "INSERT INTO vectors (namespace, id, dense, sparse_indices, sparse_values, metadata)"
                    " SELECT namespace, id, dense, sparse_indices, sparse_values, metadata"
                    " FROM staging.records"
                )
                db.executemany(
                    "INSERT INTO namespaces (name, vector_count) VALUES (?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET vector_count = vector_count + excluded.vector_count",
                    [(name, count) for name, count in counts.items() if count > 0],
                )
                if dimension is not None:
                    db.execute(
                        "INSERT OR IGNORE INTO settings (key, value) VALUES ('dimension', ?)",
                        (str(dimension),),
                    )
                cursor = db.execute(
                    "UPDATE imports SET status = ?, finished_at = ?, percent_complete = 100,"
                    " records_imported = ? WHERE id = ? AND status = ?",
                    (
                        Status.COMPLETED.value,
                        now_iso(),
                        sum(counts.values()),
                        import_id,
                        Status.IN_PROGRESS.value,
                    ),
                )
                if cursor.rowcount != 1:
                    raise _Abandon
        except _Abandon:
            return "cancelled"
        finally:
            db.execute("DETACH DATABASE staging")
        return None


class _Abandon(Exception):
    """Rolls the publish transaction back when the import stopped running while it was copied."""
