"""`validate`, `serve` and `demo`: the command line over real Parquet files and a real local server."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pinecone_imports import ImportsClient
from pinecone_imports._sample_data import write_sample_dataset
from tests._cli_runner import ENVIRONMENT, invoke

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def test_validate_accepts_good_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_sample_dataset(tmp_path, records=600, dimension=16, namespaces=2)
    result = invoke(capsys, "validate", str(tmp_path), "--dimension", "16")
    assert result.code == 0, result.err
    assert "2 namespaces, 4 files, 600 records" in result.out
    assert "0 errors" in result.out and "would import cleanly" in result.out


def test_validate_reports_every_problem_and_exits_6(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_sample_dataset(tmp_path, records=300, dimension=16, namespaces=("good",))
    write_sample_dataset(tmp_path, records=10, dimension=8, namespaces=("short",), files_per_namespace=1)
    (tmp_path / "stray.parquet").write_bytes(b"not parquet at all")
    result = invoke(capsys, "validate", tmp_path.as_uri(), "--dimension", "16")
    assert result.code == 6
    assert "[values.dimension]" in result.out and "short/part-00000.parquet" in result.out
    assert "[layout.top_level_file]" in result.out
    assert "would NOT import cleanly" in result.out
    assert result.error_line().startswith("Error: ")


def test_validate_json_is_one_document_either_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_sample_dataset(tmp_path / "ok", records=50, dimension=4, namespaces=1)
    good = invoke(capsys, "--json", "validate", str(tmp_path / "ok"))
    assert good.code == 0 and good.json()["ok"] is True
    assert good.json()["summary"]["records"] == 50 and good.json()["summary"]["dimension"] == 4
    write_sample_dataset(tmp_path / "bad", records=50, dimension=4, namespaces=("__default__",))
    bad = invoke(capsys, "validate", str(tmp_path / "bad"), "--api-version", "2025-01", "--json")
    assert bad.code == 6
    document = bad.json()
    assert document["ok"] is False and document["apiVersion"] == "2025-01"
    assert [p["rule"] for p in document["problems"]] == ["namespace.default_not_allowed"]


def test_validate_refuses_an_unknown_api_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "validate", str(tmp_path), "--api-version", "2019-01")
    assert result.code == 2
    assert "2019-01" in result.error_line()


def test_demo_runs_the_whole_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(
        capsys, "demo", "--records", "3000", "--namespaces", "3", "--dimension", "8", "--keep", str(tmp_path)
    )
    assert result.code == 0, result.err
    assert re.search(r"Import \S+: Completed, 3,000 records", result.out)
    for name in ("ns-0", "ns-1", "ns-2"):
        assert f"namespace {name}: 1,000 vectors (wrote 1,000)" in result.out
    assert "PINECONE_HOST" in result.out
    assert (tmp_path / "index.db").is_file()


def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "--json", "demo", "--records", "500", "--namespaces", "2", "--dimension", "4")
    assert result.code == 0, result.err
    document = result.json()
    assert document["import"]["status"] == "Completed"
    assert document["import"]["recordsImported"] == 500
    assert {k: v["vectorCount"] for k, v in document["indexStats"]["namespaces"].items()} == {
        "ns-0": 250,
        "ns-1": 250,
    }


def test_serve_in_the_foreground_until_interrupted(tmp_path: Path) -> None:
    data = write_sample_dataset(tmp_path / "data", records=400, dimension=8, namespaces=2)
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pinecone_imports",
            "serve",
            "--port",
            "0",
            "--db",
            str(tmp_path / "local.db"),
            "--data-root",
            str(tmp_path / "data"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.match(r"Serving the bulk import API at (\S+) \(API key: (\S+)\)", first)
        assert match, first + (process.stderr.read() if process.poll() is not None and process.stderr else "")
        url, key = match.groups()
        with ImportsClient(url, key) as client:
            started = client.start_import(data.uri)
            final = client.wait_for_import(started.id, timeout=60, poll_interval=0.05)
        assert (final.status, final.records_imported) == ("Completed", 400)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    # The server's own log of the import, on stderr: start, milestones, totals, end.
    assert f"import {started.id} started: {data.uri} (errorMode abort)" in err
    assert f"import {started.id}: 400 records imported into 2 namespaces, 0 invalid records skipped" in err
    assert re.search(rf"import {started.id} Completed in \d+\.\d s", err), err


def test_scripts_demo_runs_as_the_readme_says() -> None:
    result = subprocess.run(
        [str(REPO / "scripts" / "demo"), "--records", "2000", "--namespaces", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Completed, 2,000 records" in result.stdout


@pytest.mark.parametrize(("command", "extra"), [("validate", "cli"), ("serve", "server"), ("demo", "server")])
def test_a_missing_extra_is_named(
    command: str,
    extra: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    args = [command, str(tmp_path)] if command == "validate" else [command]
    result = invoke(capsys, *args)
    assert result.code == 2
    assert f"pip install 'pinecone-imports[{extra}]'" in result.error_line()
