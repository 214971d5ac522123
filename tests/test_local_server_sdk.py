"""Pinecone's official SDK (10.2) drives the local server: start, describe, list, cancel, stats."""

from __future__ import annotations

import time
from pathlib import Path

from pinecone import Index

from pinecone_imports._sample_data import write_sample_dataset
from tests.local_server_helpers import ServerProcess
from tests.preflight_builders import dense_table, write


def test_official_sdk_round_trip(tmp_path: Path) -> None:
    data_root = tmp_path / "data"
    process = ServerProcess(db=tmp_path / "index.db", data_root=data_root)
    try:
        round_trip(process, data_root)
    finally:
        process.terminate()


def round_trip(server: ServerProcess, data_root: Path) -> None:
    dataset = write_sample_dataset(data_root / "set", records=300, dimension=8, namespaces=3)
    write(data_root / "second", "other", dense_table(3, 8))
    write(data_root / "later", "later", dense_table(3, 8))
    index = Index(host=server.url, api_key=server.api_key)
    try:
        started = index.start_import(uri=dataset.uri, error_mode="continue")
        deadline = time.monotonic() + 30
        while (model := index.describe_import(started.id)).status not in ("Completed", "Failed", "Cancelled"):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert model.status == "Completed", model.error
        assert model.records_imported == 300 and model.percent_complete == 100.0
        assert model.uri == dataset.uri and model.finished_at is not None

        stats = index.describe_index_stats()
        assert stats.total_vector_count == 300 and stats.dimension == 8
        assert {
            name: ns.vector_count for name, ns in stats.namespaces.items()
        } == dataset.records_per_namespace

        second = index.start_import(uri=(data_root / "second").as_uri())
        listed = [item.id for item in index.list_imports(limit=1)]
        assert listed == [started.id, second.id]
        page = index.list_imports_paginated(limit=1)
        assert [item.id for item in page] == [started.id] and page.pagination is not None
        while index.describe_import(second.id).status != "Completed":
            time.sleep(0.02)
        # Cancelling a finished import has no effect and is no error (the SDK's own test flows do it).
        index.cancel_import(second.id)
        finished = index.describe_import(second.id)
        assert finished.status == "Completed" and finished.records_imported == 3

        big = write_sample_dataset(data_root / "big", records=300_000, dimension=8, namespaces=("x", "y"))
        running = index.start_import(uri=big.uri)
        queued = index.start_import(uri=(data_root / "later").as_uri())
        index.cancel_import(queued.id)
        assert index.describe_import(queued.id).status == "Cancelled"
        while index.describe_import(running.id).status != "Completed":
            time.sleep(0.02)
    finally:
        index.close()
