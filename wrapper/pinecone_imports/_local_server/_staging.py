"""A per-import scratch database that collects checked records before they are published.

It lives beside the main database as its own file, written without a journal and without syncing:
nothing in it matters until publish copies it inside a real transaction, and a crash simply leaves a
file that startup deletes. Keeping it out of the main database means a long import never holds the
main database's write lock, so describe, list, start and cancel stay quick."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

STAGING_SUFFIX = ".staging"

Row = tuple[str, str, bytes | None, bytes | None, bytes | None, str | None]


def staging_path(db_path: Path, import_id: str) -> Path:
    return db_path.with_name(f"{db_path.name}.import-{import_id}{STAGING_SUFFIX}")


def remove_leftovers(db_path: Path) -> None:
    """Deletes staging files of imports that a crash or restart interrupted."""
    for leftover in db_path.parent.glob(f"{db_path.name}.import-*{STAGING_SUFFIX}"):
        leftover.unlink(missing_ok=True)


class StagingFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE records (namespace TEXT, id TEXT, dense BLOB, sparse_indices BLOB,"
            " sparse_values BLOB, metadata TEXT)"
        )

    def add(self, rows: Iterable[Row]) -> None:
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", rows)
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def discard(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)
