"""The server's SQLite database: schema, one connection per thread, short write transactions.

WAL mode lets describe, list and stats read while an import writes. The automatic checkpoint is
raised well above SQLite's default so that bulk writes append to the WAL without stopping every
few megabytes to copy pages back; the runner checkpoints after each import instead."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    error TEXT,
    records_passed INTEGER,
    records_failed INTEGER
);
-- Rows are written while their import runs and count only once it is Completed (see the view).
-- There is no unique index on (namespace, id): an import may only fill namespaces that are empty,
-- and the record rules reject duplicate ids within a namespace, so the pair is unique anyway and
-- each insert skips the cost of a random B-tree insertion.
CREATE TABLE IF NOT EXISTS vectors (
    import_seq INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    id TEXT NOT NULL,
    dense BLOB,
    sparse_indices BLOB,
    sparse_values BLOB,
    metadata TEXT
);
CREATE INDEX IF NOT EXISTS vectors_by_import ON vectors (import_seq);
CREATE VIEW IF NOT EXISTS published_vectors AS
    SELECT v.namespace, v.id, v.dense, v.sparse_indices, v.sparse_values, v.metadata
    FROM vectors AS v JOIN imports AS i ON i.seq = v.import_seq
    WHERE i.status = 'Completed';
CREATE TABLE IF NOT EXISTS namespaces (
    name TEXT PRIMARY KEY,
    vector_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Columns added after the first release, for database files created before them: (name, type).
_ADDED_IMPORT_COLUMNS = (("records_passed", "INTEGER"), ("records_failed", "INTEGER"))

_WAL_AUTOCHECKPOINT_PAGES = 50_000


class Database:
    """Thread-safe access: each thread gets its own connection, all closed together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._gate = threading.Condition()
        self._waiting = 0
        # executescript manages its own transaction, so it runs outside `write`.
        self.connection().executescript(_SCHEMA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Bring an `imports` table written by an older server up to date (no row changes)."""
        db = self.connection()
        have = {str(row[1]) for row in db.execute("PRAGMA table_info(imports)")}
        for name, kind in _ADDED_IMPORT_COLUMNS:
            if name not in have:
                db.execute(f"ALTER TABLE imports ADD COLUMN {name} {kind}")

    def connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode, OFF keeps the database intact when the process dies (kill -9 included),
            # since every commit has reached the OS; only a power cut or OS crash could lose the
            # newest commits. That trade suits a local test server and saves an fsync per batch.
            db.execute("PRAGMA synchronous=OFF")
            db.execute(f"PRAGMA wal_autocheckpoint={_WAL_AUTOCHECKPOINT_PAGES}")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def write(self, *, bulk: bool = False) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes SQLite's lock up front (BEGIN IMMEDIATE).

        A `bulk` writer (the import runner, which writes batch after batch) first waits until no other
        writer is waiting. SQLite's lock is not fair: a writer that commits and begins again at once
        would otherwise keep a start or cancel request waiting until the whole import is done."""
        if bulk:
            with self._gate:
                self._gate.wait_for(lambda: self._waiting == 0)
        else:
            with self._gate:
                self._waiting += 1
        try:
            db = self.connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            if not bulk:
                with self._gate:
                    self._waiting -= 1
                    self._gate.notify_all()

    def checkpoint(self) -> None:
        """Copies the WAL back into the database file without blocking readers or writers."""
        self.connection().execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
