"""Cancellation, against the server in its own process so the test's polling never competes with the
import for the GIL (in-process, a small import can finish before the test gets to cancel it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pinecone_imports._sample_data import write_sample_dataset
from tests.local_server_helpers import ServerProcess, start, wait_for
from tests.preflight_builders import dense_table, write


@pytest.fixture
def process(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path]]:
    data = tmp_path / "data"
    data.mkdir()
    server = ServerProcess(db=tmp_path / "index.db", data_root=data)
    try:
        yield server, data
    finally:
        server.terminate()


def stats(http: httpx.Client) -> dict[str, object]:
    body: dict[str, object] = http.post("/describe_index_stats", json={}).json()
    return body


def test_cancel_in_progress_stops_within_a_batch_and_leaves_nothing(
    process: tuple[ServerProcess, Path],
) -> None:
    server, data = process
    dataset = write_sample_dataset(
        data / "big", records=600_000, dimension=16, namespaces=2, files_per_namespace=4
    )
    with server.client() as http:
        import_id = start(http, dataset.uri)
        deadline = time.monotonic() + 30
        while http.get(f"/bulk/imports/{import_id}").json()["recordsImported"] == 0:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        cancelled = http.delete(f"/bulk/imports/{import_id}")
        assert cancelled.status_code == 200 and cancelled.json() == {}, cancelled.text
        body = wait_for(http, import_id)
        assert body["status"] == "Cancelled" and "finishedAt" in body
        # Its records were discarded, so none count as imported.
        assert body["recordsImported"] == 0
        # Imports run in order, so once a later one completes the cancelled one has fully stopped.
        write(data / "small", "later", dense_table(2, 32))
        assert wait_for(http, start(http, (data / "small").as_uri()))["status"] == "Completed"
        assert stats(http)["namespaces"] == {"later": {"vectorCount": 2}}
        assert http.get(f"/bulk/imports/{import_id}").json()["status"] == "Cancelled"


def test_cancel_pending_then_cancelling_finished_imports_changes_nothing(
    process: tuple[ServerProcess, Path],
) -> None:
    server, data = process
    big = write_sample_dataset(data / "big", records=300_000, dimension=16)
    write(data / "queued", "other", dense_table(3, 32))
    with server.client() as http:
        first = start(http, big.uri)
        second = start(http, (data / "queued").as_uri())
        assert http.delete(f"/bulk/imports/{second}").status_code == 200
        assert wait_for(http, first)["status"] == "Completed"
        assert wait_for(http, second)["status"] == "Cancelled"
        assert "other" not in str(stats(http)["namespaces"])
        # "No effect if the operation is already finished": 200 {} and the import stays as it was.
        for finished in (first, second):
            before = http.get(f"/bulk/imports/{finished}").json()
            again = http.delete(f"/bulk/imports/{finished}")
            assert (again.status_code, again.json()) == (200, {})
            assert http.get(f"/bulk/imports/{finished}").json() == before
        assert stats(http)["totalVectorCount"] == big.total_records
