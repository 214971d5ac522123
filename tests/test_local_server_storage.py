"""What an import stores: exact float32 vectors, sparse pairs, metadata, and the index dimension."""

from __future__ import annotations

import json
import sqlite3
import struct
from contextlib import closing
from pathlib import Path

import pyarrow as pa

from pinecone_imports.local_server import LocalImportServer
from tests.local_server_helpers import api_client, start, wait_for
from tests.preflight_builders import SPARSE_TYPE, dense_table, sparse_table, with_column, write


def stored(db: Path) -> dict[str, tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT namespace, id, dense, sparse_indices, sparse_values, metadata FROM published_vectors"
        ).fetchall()
    return {f"{row[0]}/{row[1]}": tuple(row[2:]) for row in rows}


def floats(blob: object) -> list[float]:
    assert isinstance(blob, bytes)
    return list(struct.unpack(f"<{len(blob) // 4}f", blob))


def test_hybrid_records_round_trip_exactly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    table = dense_table(3, 4)
    sparse: list[dict[str, list[float]] | None] = [
        {"indices": [3, 9], "values": [0.25, -1.5]},
        None,
        {"indices": [], "values": []},
    ]
    table = with_column(table, "sparse_values", sparse, SPARSE_TYPE)
    table = with_column(table, "metadata", ['{"genre": "news"}', None, '{"n": [1, 2]}'], pa.string())
    write(data / "set", "hybrid", table)
    db = tmp_path / "index.db"
    with (
        LocalImportServer(data_root=data, db_path=db) as server,
        api_client(server.url, server.api_key) as http,
    ):
        assert wait_for(http, start(http, (data / "set").as_uri()))["status"] == "Completed"
    rows = stored(db)
    assert set(rows) == {"hybrid/v-0", "hybrid/v-1", "hybrid/v-2"}
    for n in range(3):
        dense, indices, weights, _ = rows[f"hybrid/v-{n}"]
        assert floats(dense) == [struct.unpack("<f", struct.pack("<f", n / 1000 + i))[0] for i in range(4)]
        expected_sparse = sparse[n]
        if expected_sparse is None:
            assert indices is None and weights is None
        else:
            assert isinstance(indices, bytes)
            assert list(struct.unpack(f"<{len(indices) // 4}I", indices)) == expected_sparse["indices"]
            assert floats(weights) == expected_sparse["values"]
    assert json.loads(str(rows["hybrid/v-0"][3])) == {"genre": "news"}
    assert rows["hybrid/v-1"][3] is None


def test_sparse_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "set", "words", sparse_table(4))
    write(data / "dense", "wrong", dense_table(2, 4))
    with (
        LocalImportServer(data_root=data, vector_type="sparse") as server,
        api_client(server.url, server.api_key) as http,
    ):
        assert wait_for(http, start(http, (data / "set").as_uri()))["status"] == "Completed"
        stats = http.post("/describe_index_stats", json={}).json()
        assert stats["namespaces"] == {"words": {"vectorCount": 4}} and "dimension" not in stats
        assert stats["vectorType"] == "sparse"
        refused = wait_for(http, start(http, (data / "dense").as_uri(), "continue"))
        assert refused["status"] == "Failed" and "'sparse_values' is missing" in str(refused["error"])


def test_first_import_fixes_the_dimension(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "four", "a", dense_table(2, 4))
    write(data / "eight", "b", dense_table(2, 8))
    with LocalImportServer(data_root=data) as server, api_client(server.url, server.api_key) as http:
        assert "dimension" not in http.post("/describe_index_stats", json={}).json()
        assert wait_for(http, start(http, (data / "four").as_uri()))["status"] == "Completed"
        failed = wait_for(http, start(http, (data / "eight").as_uri()))
        assert failed["status"] == "Failed" and "expected the index dimension 4" in str(failed["error"])
        assert http.post("/describe_index_stats", json={}).json()["dimension"] == 4


def test_configured_dimension_is_reported_and_enforced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "four", "a", dense_table(2, 4))
    with (
        LocalImportServer(data_root=data, dimension=8) as server,
        api_client(server.url, server.api_key) as http,
    ):
        assert http.post("/describe_index_stats", json={}).json()["dimension"] == 8
        failed = wait_for(http, start(http, (data / "four").as_uri(), "continue"))
        assert failed["status"] == "Failed" and "all 2 records were skipped" in str(failed["error"])
