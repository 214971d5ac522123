"""The benchmark runs end to end and produces a complete table (its numbers are not checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = {
    "pinecone-imports sync",
    "pinecone-imports async",
    "pinecone-imports async x3",
    "official SDK",
    "httpx.Client loop",
    "http.client loop",
}


def test_quick_benchmark_produces_every_row(tmp_path: Path) -> None:
    pytest.importorskip("pinecone", reason="the official SDK is only in the benchmark's environment")
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out), "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text())
    calls = results["suites"]["calls"]
    seen = {(row["operation"], row["client"]) for row in calls["rows"]}
    for operation in ("describe", "start", "cancel", "list 250"):
        expected = CLIENTS - ({"pinecone-imports async x3"} if operation.startswith("list") else set())
        assert {client for op, client in seen if op == operation} == expected, operation
    assert all(row["calls"] > 0 and row["median_us"] > 0 for row in calls["rows"])
    assert [t["limit"] for t in calls["targets"]] == [1.5] * 4  # one per operation, against the SDK
    cold = results["suites"]["cold-start"]
    assert {row["what"] for row in cold["rows"]} >= {
        "import httpx, attrs",
        "from pinecone_imports import ImportsClient + ImportsClient(...)",
        "from pinecone import Index",
        "pinecone-imports --help",
    }
    assert cold["generated_versions_loaded"] == ["v2026_07"], "only the default version's code loads"
    assert "x floor" in done.stdout and "x SDK" in done.stdout

    checks = results["suites"]["validator"]
    assert {(row["tool"], row["dataset"]) for row in checks["rows"]} == {
        (tool, size) for tool in ("pyarrow", "validator") for size in ("large", "small")
    }
    assert all(row["records"] > 0 and row["peak_rss_bytes"] > 0 for row in checks["rows"])
    assert [t["name"] for t in checks["targets"]] == [
        "validator throughput / pyarrow read throughput",
        "validator median peak RSS, 4x the data / 1x",
    ]
    imports = results["suites"]["import"]
    assert [(row["dataset"], row["dimension"]) for row in imports["rows"]] == [
        ("target", 128),
        ("large", 768),
    ]
    assert all(row["records_per_s"] > 0 for row in imports["rows"])
    assert imports["targets"][0]["unit"] == "records/s" and imports["targets"][0]["at_least"]
    writer = results["suites"]["writer"]
    assert [(row["tool"], row["size"]) for row in writer["rows"]] == [
        ("pyarrow", "1x"),
        ("writer", "1x"),
        ("writer", "4x"),
    ]
    assert all(row["records_per_s"] > 0 and row["median_peak_rss_bytes"] > 0 for row in writer["rows"])
    assert [t["name"] for t in writer["targets"]] == [
        "writer throughput / pyarrow write_table throughput",
        "writer median peak RSS, 4x the data / 1x",
    ]
    storage = results["suites"]["storage"]
    assert set(storage["speedup"]) == {"local", "s3", "gs", "azure"}
    assert all(value > 0 for value in storage["speedup"].values())
    assert storage["local_rules_off_speedup"] > 0
    assert storage["records"] == 2000 and storage["targets"][0]["at_least"]
