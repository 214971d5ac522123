"""The writer, prepare and load on each cloud's emulator: the same code path as a local folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pinecone_imports import ImportWriter
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.preflight import validate_source
from tests._cli_runner import invoke
from tests.cloud_fixtures import Bucket

DIM = 8


def test_writer_output_in_each_cloud_validates(bucket: Bucket) -> None:
    uri = bucket.uri("written/run-1")
    rng = np.random.default_rng(7)
    with ImportWriter(uri, dimension=DIM, api_version="2025-04") as writer:
        for namespace in ("alpha", "beta"):
            ids = [f"{namespace}-{n}" for n in range(40)]
            metadata = [{"n": n} for n in range(40)]
            writer.write(ids, rng.random((40, DIM), dtype=np.float32), metadata=metadata, namespace=namespace)
    assert writer.manifest is not None and writer.manifest.counts() == {"alpha": 40, "beta": 40}
    report = validate_source(uri, api_version="2025-04")
    assert report.ok, [problem.describe() for problem in report.problems]
    assert (report.summary.namespaces, report.summary.records) == (2, 80)


def test_load_from_each_cloud_into_the_local_server(
    bucket: Bucket, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    rng = np.random.default_rng(3)
    lines = [json.dumps({"id": f"r-{n}", "values": rng.random(DIM).tolist()}) for n in range(25)]
    source.write_text("\n".join(lines) + "\n")
    uri = bucket.uri("loaded/run-1")
    with LocalImportServer(dimension=DIM) as server:
        args = ["--host", server.url, "--api-key", server.api_key, "--api-version", "2025-04", "--json"]
        result = invoke(
            capsys, *args, "load", str(source), "--to", uri, "--namespace", "docs", "--interval", "0.05"
        )
    assert result.code == 0, result.err
    document = result.json()
    assert document["import"]["status"] == "Completed" and document["import"]["uri"].rstrip("/") == uri
    assert document["indexCounts"] == {"docs": 25}
