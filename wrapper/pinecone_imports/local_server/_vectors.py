"""The `vectors`, `namespaces` and `settings` tables: writing an import's records and publishing them.

Records go straight into `vectors`, tagged with their import, one transaction per batch together with
the progress update. They count for nothing until `publish` marks the import Completed and adds its
namespaces, all in one transaction; a failed, cancelled or interrupted import's rows are deleted."""

from __future__ import annotations

from collections.abc import Iterable

from pinecone_imports.local_server._database import Database
from pinecone_imports.local_server._model import Status, now_iso

# (import_seq, namespace, id, dense, sparse_indices, sparse_values, metadata)
Row = tuple[int, str, str, bytes | None, bytes | None, bytes | None, str | None]


class ImportStopped(Exception):
    """The import is no longer InProgress (it was cancelled), so its batch was not written."""


class VectorStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def write_batch(self, import_id: str, rows: Iterable[Row], *, percent: float, records: int) -> None:
        """Adds a batch and records progress atomically; raises `ImportStopped` if it was cancelled."""
        with self._database.write(bulk=True) as db:
            cursor = db.execute(
                "UPDATE imports SET percent_complete = ?, records_imported = ? WHERE id = ? AND status = ?",
                (min(percent, 100.0), records, import_id, Status.IN_PROGRESS.value),
            )
            if cursor.rowcount != 1:
                raise ImportStopped(import_id)
            db.executemany(
                "INSERT INTO vectors (import_seq, namespace, id, dense, sparse_indices, sparse_values,"
                " metadata) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def publish(
        self,
        import_id: str,
        *,
        counts: dict[str, int],
        dimension: int | None,
        validated: tuple[int, int],
    ) -> str | None:
        """Completes the import and makes its records count, in one transaction.

        `validated` is (passed, failed): how many records passed and failed the record rules.

        Returns None on success, or why it cannot complete (nothing changes then): a namespace that
        another import filled meanwhile, or "cancelled" when a cancel won the race."""
        with self._database.write() as db:
            taken = self._taken(tuple(counts))
            if taken:
                return f"namespace {taken[0]!r} already exists in the index"
            cursor = db.execute(
                "UPDATE imports SET status = ?, finished_at = ?, percent_complete = 100,"
                " records_imported = ?, records_passed = ?, records_failed = ? WHERE id = ? AND status = ?",
                (
                    Status.COMPLETED.value,
                    now_iso(),
                    sum(counts.values()),
                    *validated,
                    import_id,
                    Status.IN_PROGRESS.value,
                ),
            )
            if cursor.rowcount != 1:
                return "cancelled"
            db.executemany(
                "INSERT INTO namespaces (name, vector_count) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET vector_count = vector_count + excluded.vector_count",
                [(name, count) for name, count in counts.items() if count > 0],
            )
            if dimension is not None:
                db.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES ('dimension', ?)", (str(dimension),)
                )
        return None

    def discard(self, import_seq: int) -> None:
        """Deletes the rows an unfinished, failed or cancelled import wrote."""
        with self._database.write() as db:
            db.execute("DELETE FROM vectors WHERE import_seq = ?", (import_seq,))

    def discard_unpublished(self) -> None:
        """After a restart: deletes rows of every import that did not complete."""
        with self._database.write() as db:
            db.execute(
                "DELETE FROM vectors WHERE import_seq IN (SELECT seq FROM imports WHERE status <> ?)",
                (Status.COMPLETED.value,),
            )

    def existing_namespaces(self, names: tuple[str, ...]) -> list[str]:
        return self._taken(names)

    def _taken(self, names: tuple[str, ...]) -> list[str]:
        db = self._database.connection()
        return [
            name
            for name in names
            if db.execute("SELECT 1 FROM namespaces WHERE name = ? AND vector_count > 0", (name,)).fetchone()
        ]

    def namespace_counts(self) -> dict[str, int]:
        rows = self._database.connection().execute(
            "SELECT name, vector_count FROM namespaces WHERE vector_count > 0"
        )
        return {str(name): int(count) for name, count in rows}

    def dimension(self) -> int | None:
        row = (
            self._database.connection()
            .execute("SELECT value FROM settings WHERE key = 'dimension'")
            .fetchone()
        )
        return None if row is None else int(row[0])
