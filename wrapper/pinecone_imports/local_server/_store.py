"""The `imports` table: creating, reading, listing and moving imports through their lifecycle.

Every state change is a conditional UPDATE ("... WHERE status = 'InProgress'"), so a cancel racing
with the runner is settled by SQLite: whichever commits first wins and the other sees no row changed."""

from __future__ import annotations

from pinecone_imports.local_server._database import Database
from pinecone_imports.local_server._model import FINAL_STATUSES, ErrorMode, ImportRecord, Status, now_iso

# Every read of `imports` selects these columns; `_record` unpacks them in this order.
_SELECT = (
    "SELECT seq, id, uri, api_version, error_mode, status, created_at, finished_at, percent_complete,"
    " records_imported, error, integration_id, records_passed, records_failed FROM imports"
)
_GET_IMPORT = f"{_SELECT} WHERE id = ?"
_LIST_IMPORTS = f"{_SELECT} WHERE seq > ? ORDER BY seq LIMIT ?"
_UNFINISHED_IMPORTS = f"{_SELECT} WHERE status IN (?, ?) ORDER BY seq"
_UNFINISHED = (Status.PENDING.value, Status.IN_PROGRESS.value)
INTERRUPTED_MESSAGE = "interrupted by a server restart before it finished; nothing from it was imported"


def _record(row: tuple[object, ...]) -> ImportRecord:
    (
        seq,
        id_,
        uri,
        version,
        mode,
        status,
        created,
        finished,
        percent,
        records,
        error,
        integration,
        passed,
        failed,
    ) = row
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
        records_passed=None if passed is None else int(str(passed)),
        records_failed=None if failed is None else int(str(failed)),
    )


class Store:
    """Import records, stored in the server database."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._write = database.write
        self._db = database.connection

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

    def fail(self, import_id: str, error: str, *, validated: tuple[int, int] | None = None) -> bool:
        """Fails an unfinished import; False if it had already finished (a cancel got there first).

        Here, unlike on the service, a failed import's records are all discarded, so none of them
        count as imported: `recordsImported` drops to 0 (the same holds for cancel and restart).
        `validated` is (passed, failed) when every record was checked before the import failed."""
        passed, failed = validated if validated is not None else (None, None)
        with self._write() as db:
            cursor = db.execute(
                "UPDATE imports SET status = ?, finished_at = ?, error = ?, records_imported = 0,"
                " records_passed = ?, records_failed = ? WHERE id = ? AND status IN (?, ?)",
                (Status.FAILED.value, now_iso(), error, passed, failed, import_id, *_UNFINISHED),
            )
            return cursor.rowcount == 1

    def cancel(self, import_id: str) -> None:
        """Cancels an unfinished import; raises `KeyError` if unknown.

        Cancelling a finished import changes nothing and is no error, as the service documents it
        ("no effect if the operation is already finished"): its status, counts and times stay."""
        with self._write() as db:
            row = db.execute("SELECT status FROM imports WHERE id = ?", (import_id,)).fetchone()
            if row is None:
                raise KeyError(import_id)
            if Status(row[0]) in FINAL_STATUSES:
                return
            db.execute(
                "UPDATE imports SET status = ?, finished_at = ?, records_imported = 0 WHERE id = ?",
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
                "UPDATE imports SET status = ?, finished_at = ?, error = ?, records_imported = 0"
                " WHERE status = ?",
                (Status.FAILED.value, now_iso(), INTERRUPTED_MESSAGE, Status.IN_PROGRESS.value),
            )
        return ids
