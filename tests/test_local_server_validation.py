"""The local server speaks 2026-07: `validationResult` once every record was checked, the fields 2026-07
marks required always, every earlier version exactly its own fields, and cancel of a finished import as
a no-op on every version."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from pinecone_imports import ImportsClient
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.local_server._database import Database
from pinecone_imports.local_server._store import Store
from pinecone_imports_generated import API_VERSIONS
from tests.local_server_helpers import REPO, api_client, start, wait_for
from tests.preflight_builders import dense_table, replace_value, write

LOCK = json.loads((REPO / "spec" / "spec.lock.json").read_text())


def import_model(version: str) -> dict[str, Any]:
    spec = yaml.safe_load((REPO / "spec" / LOCK["versions"][version]["file"]).read_text())
    model: dict[str, Any] = spec["components"]["schemas"]["ImportModel"]
    return model


def bad_records_dataset(root: Path) -> str:
    """Ten records in two namespaces, three of which break the record rules."""
    write(root, "alpha", replace_value(dense_table(6, 4), "id", 1, ""))
    broken = replace_value(replace_value(dense_table(4, 4, start=6), "values", 0, [1.0]), "metadata", 2, "[]")
    write(root, "beta", broken)
    return root.as_uri()


def describe(server: LocalImportServer, version: str, import_id: str) -> dict[str, Any]:
    with api_client(server.url, server.api_key, version) as http:
        body: dict[str, Any] = http.get(f"/bulk/imports/{import_id}").json()
        return body


def listed(server: LocalImportServer, version: str) -> list[dict[str, Any]]:
    with api_client(server.url, server.api_key, version) as http:
        data: list[dict[str, Any]] = http.get("/bulk/imports").json()["data"]
        return data


def test_continue_import_reports_its_validation_result_in_2026_07_only(
    ls_server: LocalImportServer, ls_data_root: Path
) -> None:
    with api_client(ls_server.url, ls_server.api_key, "2026-07") as http:
        done = wait_for(http, start(http, bad_records_dataset(ls_data_root / "set"), "continue"))
    assert done["status"] == "Completed" and done["recordsImported"] == 7
    assert done["validationResult"] == {"importSuccesses": 7, "importErrors": 3}
    assert listed(ls_server, "2026-07")[0]["validationResult"] == {"importSuccesses": 7, "importErrors": 3}
    # The same import asked about in 2026-04: that version has no such field.
    older = describe(ls_server, "2026-04", str(done["id"]))
    assert "validationResult" not in older and "validationResult" not in listed(ls_server, "2026-04")[0]
    assert older == {key: value for key, value in done.items() if key != "validationResult"}


def test_clean_import_reports_no_errors(ls_server: LocalImportServer, ls_data_root: Path) -> None:
    write(ls_data_root / "set", "ns", dense_table(5, 4))
    with api_client(ls_server.url, ls_server.api_key, "2026-07") as http:
        done = wait_for(http, start(http, (ls_data_root / "set").as_uri(), "abort"))
    assert done["validationResult"] == {"importSuccesses": 5, "importErrors": 0}


def test_an_import_failed_after_validation_reports_it_one_stopped_early_does_not(
    ls_server: LocalImportServer, ls_data_root: Path
) -> None:
    write(
        ls_data_root / "bad", "ns", replace_value(replace_value(dense_table(2, 4), "id", 0, ""), "id", 1, "")
    )
    write(ls_data_root / "early", "ns2", replace_value(dense_table(3, 4), "id", 1, ""))
    with api_client(ls_server.url, ls_server.api_key, "2026-07") as http:
        every_bad = wait_for(http, start(http, (ls_data_root / "bad").as_uri(), "continue"))
        aborted = wait_for(http, start(http, (ls_data_root / "early").as_uri(), "abort"))
    assert every_bad["status"] == "Failed" and every_bad["validationResult"] == {
        "importSuccesses": 0,
        "importErrors": 2,
    }
    # abort stops at the first bad record: validation never ran to the end.
    assert aborted["status"] == "Failed" and "validationResult" not in aborted


@pytest.mark.parametrize("version", API_VERSIONS)
def test_each_version_gets_exactly_its_own_fields(
    ls_server: LocalImportServer, ls_data_root: Path, version: str
) -> None:
    write(ls_data_root / "set", "ns", replace_value(dense_table(4, 4), "id", 0, ""))
    with api_client(ls_server.url, ls_server.api_key, version) as http:
        import_id = start(http, (ls_data_root / "set").as_uri(), "continue")
        done = wait_for(http, import_id)
    model = import_model(version)
    assert set(done) <= set(model["properties"]), f"{version} answered fields it does not define"
    assert set(model.get("required", [])) <= set(done), "the fields the version marks required are sent"
    expected = {"id", "uri", "status", "createdAt", "finishedAt", "percentComplete", "recordsImported"}
    if "validationResult" in model["properties"]:
        expected.add("validationResult")
    assert set(done) == expected


@pytest.mark.parametrize("version", API_VERSIONS)
def test_cancel_of_a_finished_import_is_a_no_op_on_every_version(
    ls_server: LocalImportServer, ls_data_root: Path, version: str
) -> None:
    write(ls_data_root / "set", "ns", dense_table(3, 4))
    with api_client(ls_server.url, ls_server.api_key, version) as http:
        import_id = wait_for(http, start(http, (ls_data_root / "set").as_uri()))["id"]
        before = http.get(f"/bulk/imports/{import_id}").json()
        for _ in range(2):
            answer = http.delete(f"/bulk/imports/{import_id}")
            assert (answer.status_code, answer.json()) == (200, {})
        assert http.get(f"/bulk/imports/{import_id}").json() == before
        assert before["status"] == "Completed"
        missing = http.delete("/bulk/imports/999")
        assert missing.status_code == 404, "an unknown import is still an error"
    # The client's cancel_import on a finished import returns normally, too.
    with ImportsClient(ls_server.url, ls_server.api_key, version) as client:
        assert client.cancel_import(str(import_id)) is None
        assert client.describe_import(str(import_id)).status == "Completed"


def test_a_database_from_before_validation_results_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE imports (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
            " uri TEXT NOT NULL, api_version TEXT NOT NULL, error_mode TEXT NOT NULL, integration_id TEXT,"
            " status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT,"
            " percent_complete REAL NOT NULL DEFAULT 0, records_imported INTEGER NOT NULL DEFAULT 0,"
            " error TEXT)"
        )
        old.execute(
            "INSERT INTO imports (id, uri, api_version, error_mode, status, created_at)"
            " VALUES ('1', 'file:///x', '2026-04', 'abort', 'Completed', '2026-01-01T00:00:00.000000+00:00')"
        )
    database = Database(path)
    try:
        record = Store(database).get_import("1")
        assert record is not None and record.records_passed is None
        assert "validationResult" not in record.to_wire("2026-07")
    finally:
        database.close()
