"""The server as its own process: state survives restarts, and a kill -9 mid-import is recovered."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx

from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports.local_server import API_KEY_ENV
from tests.local_server_helpers import REPO, ServerProcess, start, wait_for
from tests.preflight_builders import dense_table, write


def test_state_survives_a_clean_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "set", "ns", dense_table(7, 4))
    db = tmp_path / "state" / "index.db"
    db.parent.mkdir()
    first = ServerProcess(db=db, data_root=data)
    try:
        with first.client() as http:
            import_id = start(http, (data / "set").as_uri())
            assert wait_for(http, import_id)["status"] == "Completed"
    finally:
        first.terminate()
    second = ServerProcess(db=db, data_root=data)
    try:
        with second.client() as http:
            assert http.get(f"/bulk/imports/{import_id}").json()["recordsImported"] == 7
            stats = http.post("/describe_index_stats", json={}).json()
            assert stats["namespaces"] == {"ns": {"vectorCount": 7}} and stats["dimension"] == 4
    finally:
        second.terminate()


def test_kill_9_and_sigterm_mid_import_then_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_sample_dataset(data / "big", records=400_000, dimension=32, namespaces=2, files_per_namespace=4)
    write(data / "small", "small", dense_table(3, 32))
    db = tmp_path / "state" / "index.db"
    db.parent.mkdir()
    victim = ServerProcess(db=db, data_root=data)
    try:
        with victim.client() as http:
            big = start(http, (data / "big").as_uri())
            queued = start(http, (data / "small").as_uri())
            wait_until_writing(http, big)
    finally:
        victim.kill()
    # The batches written before the kill are on disk, but belong to an import that never completed.
    assert count_rows(db, "vectors") > 0
    assert count_rows(db, "published_vectors") == 0

    survivor = ServerProcess(db=db, data_root=data)
    try:
        with survivor.client() as http:
            interrupted = wait_for(http, big)
            assert interrupted["status"] == "Failed" and interrupted["recordsImported"] == 0
            assert "interrupted by a server restart" in str(interrupted["error"])
            # The import queued behind it was still Pending, so it runs after the restart.
            assert wait_for(http, queued)["status"] == "Completed"
            stats = http.post("/describe_index_stats", json={}).json()
            assert stats["namespaces"] == {"small": {"vectorCount": 3}}
            # The namespaces were never published, so the same data can be imported again; this
            # time the server is stopped politely (SIGTERM) while the import runs.
            again = start(http, (data / "big").as_uri())
            wait_until_writing(http, again)
    finally:
        survivor.terminate()
    # Recovery deleted the interrupted import's rows; only the completed import's records remain.
    assert count_rows(db, "vectors") == count_rows(db, "published_vectors") == 3

    third = ServerProcess(db=db, data_root=data)
    try:
        with third.client() as http:
            stopped = http.get(f"/bulk/imports/{again}").json()
            assert stopped["status"] == "Failed" and "stopped before the import finished" in stopped["error"]
            assert http.post("/describe_index_stats", json={}).json()["totalVectorCount"] == 3
    finally:
        third.terminate()


def wait_until_writing(http: httpx.Client, import_id: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        body = http.get(f"/bulk/imports/{import_id}").json()
        if body["status"] == "InProgress" and body["recordsImported"] > 0:
            return
        assert body["status"] in ("Pending", "InProgress"), body
        assert time.monotonic() < deadline
        time.sleep(0.01)


def count_rows(db: Path, table: str) -> int:
    with closing(sqlite3.connect(db)) as connection:
        (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


def test_generated_key_is_printed_once_on_the_ready_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != API_KEY_ENV}
    process = subprocess.Popen(
        [sys.executable, "-m", "pinecone_imports.local_server", "--db", str(tmp_path / "x.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        assert ready["url"].startswith("http://127.0.0.1:") and ready["apiKey"].startswith("local-")
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=15)
    assert ready["apiKey"] not in errors


def test_the_key_never_reaches_the_logs(tmp_path: Path) -> None:
    canary = "canary-key-7f3a91"
    data = tmp_path / "data"
    write(data / "set", "ns", dense_table(2, 4))
    server = ServerProcess(db=tmp_path / "index.db", data_root=data, api_key=canary, log_level="trace")
    try:
        with server.client() as http:
            assert wait_for(http, start(http, (data / "set").as_uri()))["status"] == "Completed"
            assert http.get("/bulk/imports", headers={"Api-Key": canary + "-wrong"}).status_code == 401
            assert http.get("/bulk/imports/404").status_code == 404
    finally:
        server.process.terminate()
        out, errors = server.process.communicate(timeout=15)
    # The most verbose level was really on: uvicorn traced every ASGI message.
    assert "TRACE" in errors and "ASGI" in errors
    assert canary not in out and canary not in errors
