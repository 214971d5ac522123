"""`prepare` and `load` on the command line, over real files, moto's S3 and the local import server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pinecone_imports import ImportsClient
from pinecone_imports._cli._failures import CliFailure
from pinecone_imports._cli._loading import verify_counts
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.preflight import validate_source
from pinecone_imports.preflight._marks import in_progress_mark
from pinecone_imports.writer import Manifest, NamespaceEntry
from pinecone_imports.writer._files import FinishedFile
from tests._cli_runner import ENVIRONMENT, invoke
from tests.local_server_helpers import S3

DIM = 8


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalImportServer]:
    with LocalImportServer(data_root=tmp_path, dimension=DIM) as running:
        yield running


def write_jsonl(path: Path, count: int, *, bad: dict[int, dict[str, object]] | None = None) -> Path:
    rng = np.random.default_rng(1)
    with path.open("w") as out:
        for n in range(count):
            record: dict[str, object] = {
                "id": f"j-{n}",
                "values": rng.random(DIM).tolist(),
                "metadata": {"n": n, "tag": "even" if n % 2 == 0 else "odd"},
            }
            record.update((bad or {}).get(n, {}))
            out.write(json.dumps(record) + "\n")
    return path


def write_user_parquet(path: Path, count: int, *, start: int = 0, row_group: int = 10_000) -> Path:
    rng = np.random.default_rng(start)
    table = pa.table(
        {
            "doc": [f"d-{n}" for n in range(start, start + count)],
            "emb": pa.array(list(rng.random((count, DIM))), pa.list_(pa.float64())),
            "genre": [("a", "b", "c")[n % 3] for n in range(count)],
            "year": list(range(count)),
            "tenant": [f"t{n % 2}" for n in range(count)],
        }
    )
    pq.write_table(table, path, row_group_size=row_group)
    return path


def load_args(server: LocalImportServer) -> list[str]:
    return ["--host", server.url, "--api-key", server.api_key]


def test_prepare_jsonl_with_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 120)
    result = invoke(
        capsys, "--json", "prepare", str(source), "--to", str(tmp_path / "out"), "--namespace", "docs"
    )
    assert result.code == 0, result.err
    document = result.json()
    assert document["records"] == 120 and document["skipped"] == 0
    assert document["namespaces"] == {"docs": {"records": 120, "files": 1, "bytes": document["bytes"]}}
    assert validate_source(tmp_path / "out", dimension=DIM).ok


def test_prepare_parquet_with_column_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_user_parquet(tmp_path / "user.parquet", 300)
    # As written, the file would not import: float64 values, extra columns.
    assert not validate_source(tmp_path, dimension=DIM).ok
    result = invoke(
        capsys,
        "prepare",
        str(source),
        "--to",
        f"file://{tmp_path / 'out'}",
        "--id-column",
        "doc",
        "--values-column",
        "emb",
        "--metadata-columns",
        "genre,year",
        "--namespace-column",
        "tenant",
        "--dimension",
        str(DIM),
        "--max-file-size",
        "8KB",
    )
    assert result.code == 0, result.err
    assert "Prepared 300 records (0 skipped) in 2 namespaces" in result.out
    report = validate_source(tmp_path / "out", dimension=DIM)
    assert report.ok and report.summary.namespaces == 2 and report.summary.files > 2
    first = pq.read_table(sorted((tmp_path / "out" / "t0").glob("*.parquet"))[0])
    assert json.loads(first.column("metadata")[0].as_py()) == {"genre": "a", "year": 0}


def test_bad_records_stop_prepare_or_are_skipped_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {3: {"values": [1.0] * (DIM + 1)}, 7: {"id": "j-0"}, 9: {"metadata": "not json"}}
    source = write_jsonl(tmp_path / "in.jsonl", 20, bad=bad)
    stopped = invoke(
        capsys, "--json", "prepare", str(source), "--to", str(tmp_path / "a"), "--namespace", "n"
    )
    assert stopped.code == 6
    error = stopped.json()["error"]
    assert error["type"] == "InvalidRecord" and error["problem"]["rule"] == "values.dimension"
    assert error["id"] == "j-3" and "'j-3'" in stopped.error_line()
    skipped = invoke(
        capsys,
        "--json",
        "prepare",
        str(source),
        "--to",
        str(tmp_path / "b"),
        "--namespace",
        "n",
        "--skip-invalid",
    )
    assert skipped.code == 0, skipped.err
    document = skipped.json()
    assert (document["records"], document["skipped"]) == (17, 3)
    assert {p["rule"] for p in document["skippedExamples"]} == {
        "values.dimension",
        "id.duplicate",
        "metadata.not_json",
    }


def test_a_prepare_stopped_by_a_bad_record_finishes_with_skip_invalid_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What the bad-record error tells a user to do must work on the same destination.
    source = write_jsonl(tmp_path / "in.jsonl", 20, bad={3: {"values": [0.5]}})
    out = str(tmp_path / "out")
    assert invoke(capsys, "prepare", str(source), "--to", out, "--namespace", "n").code == 6
    finished = invoke(
        capsys, "--json", "prepare", str(source), "--to", out, "--namespace", "n", "--skip-invalid"
    )
    assert finished.code == 0, finished.err
    assert (finished.json()["records"], finished.json()["skipped"]) == (19, 1)


def test_prepare_refuses_a_different_finished_dataset_unless_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = write_jsonl(tmp_path / "one.jsonl", 10)
    two = write_jsonl(tmp_path / "two.jsonl", 12)
    out = str(tmp_path / "out")
    assert invoke(capsys, "prepare", str(one), "--to", out, "--namespace", "n").code == 0
    again = invoke(capsys, "--json", "prepare", str(one), "--to", out, "--namespace", "n")
    assert again.code == 0 and again.json()["alreadyComplete"] is True
    refused = invoke(capsys, "prepare", str(two), "--to", out, "--namespace", "n")
    assert refused.code == 2 and "--overwrite" in refused.error_line()
    replaced = invoke(capsys, "--json", "prepare", str(two), "--to", out, "--namespace", "n", "--overwrite")
    assert replaced.code == 0 and replaced.json()["records"] == 12


def test_load_prepares_imports_and_verifies_then_never_starts_a_second_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 200)
    out = str(tmp_path / "ds")
    args = [
        *load_args(server),
        "--json",
        "load",
        str(source),
        "--to",
        out,
        "--namespace",
        "docs",
        "--interval",
        "0.05",
    ]
    first = invoke(capsys, *args)
    assert first.code == 0, first.err
    document = first.json()
    assert document["import"]["status"] == "Completed" and document["importReused"] is False
    assert document["indexCounts"] == {"docs": 200}
    second = invoke(capsys, *args)
    assert second.code == 0, second.err
    assert second.json()["importReused"] is True and second.json()["prepare"]["alreadyComplete"] is True
    with ImportsClient(server.url, server.api_key) as client:
        assert len(list(client.list_imports())) == 1


def test_load_after_an_interruption_follows_the_import_already_started(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 50)
    out = tmp_path / "ds"
    assert invoke(capsys, "prepare", str(source), "--to", str(out), "--namespace", "docs").code == 0
    # As if an earlier load had been stopped right after starting its import.
    with ImportsClient(server.url, server.api_key) as client:
        started = client.start_import(out.as_uri())
    result = invoke(
        capsys,
        *load_args(server),
        "load",
        str(source),
        "--to",
        str(out),
        "--namespace",
        "docs",
        "--interval",
        "0.05",
    )
    assert result.code == 0, result.err
    assert f"import {started.id} of {out.as_uri()} is already" in result.out
    assert "Loaded 50 records into 1 namespace;" in result.out
    with ImportsClient(server.url, server.api_key) as client:
        assert [found.id for found in client.list_imports()] == [started.id]


def test_load_needs_host_and_key_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    result = invoke(capsys, "load", str(source), "--to", str(tmp_path / "ds"))
    assert result.code == 2 and "--host" in result.error_line()
    assert not (tmp_path / "ds").exists()


def test_load_to_a_cloud_location_it_cannot_use_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    azure = "https://acct.blob.core.windows.net/cont/dir"  # no Azure variables are set here
    result = invoke(capsys, *load_args(server), "load", str(source), "--to", azure)
    assert result.code == 2, result.out
    assert "no Azure credentials found" in result.error_line() and "unexpected" not in result.error_line()


def test_load_checks_the_key_against_the_index_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    wrong_key = ["--host", server.url, "--api-key", "not-the-key"]
    result = invoke(capsys, *wrong_key, "load", str(source), "--to", str(tmp_path / "ds"))
    assert result.code != 0 and "401" in result.error_line() and "--api-key" in result.error_line()
    assert not (tmp_path / "ds").exists()


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        (["--dimension", "16"], "--dimension 16 does not match the index, whose dimension is 8"),
        (["--vector-type", "sparse"], "the index holds dense vectors and --vector-type is sparse"),
    ],
)
def test_load_refuses_options_the_index_cannot_take_before_writing_anything(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    server: LocalImportServer,
    options: list[str],
    needle: str,
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    result = invoke(capsys, *load_args(server), "load", str(source), "--to", str(tmp_path / "ds"), *options)
    assert result.code == 2 and needle in result.error_line()
    assert not (tmp_path / "ds").exists()


def test_load_stops_before_importing_vectors_of_another_dimension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    with LocalImportServer(data_root=tmp_path, dimension=2 * DIM) as wider:
        result = invoke(
            capsys, *load_args(wider), "load", str(source), "--to", str(tmp_path / "ds"), "--json"
        )
        assert result.code == 2, result.out
        error = result.json()["error"]
        assert (error["prepared"], error["index"]) == (DIM, 2 * DIM)
        with ImportsClient(wider.url, wider.api_key) as client:
            assert list(client.list_imports()) == [], "an import was started"


def test_kill_9_mid_write_is_refused_then_a_second_run_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    records = 200_000
    source = write_user_parquet(tmp_path / "big.parquet", records, row_group=2000)
    out = tmp_path / "ds"
    options = [
        "--id-column",
        "doc",
        "--values-column",
        "emb",
        "--metadata-columns",
        "genre,year,tenant",
        "--namespace",
        "n",
    ]
    options += ["--max-file-size", "300KB"]
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    writing = subprocess.Popen(
        [sys.executable, "-m", "pinecone_imports", "prepare", str(source), "--to", str(out), *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    mark = out / in_progress_mark()
    deadline = time.monotonic() + 60
    try:
        while True:
            assert writing.poll() is None, "prepare finished before it could be interrupted"
            assert time.monotonic() < deadline
            try:
                checkpoint = json.loads(mark.read_text())["checkpoint"]
            except (OSError, ValueError):
                checkpoint = {"files": []}
            if len(checkpoint["files"]) >= 2:
                break
            time.sleep(0.01)
    finally:
        writing.send_signal(signal.SIGKILL)
        writing.wait(timeout=30)
    kept = {f["name"]: (out / f["name"]).stat().st_mtime_ns for f in checkpoint["files"]}

    validated = invoke(capsys, "validate", str(out))
    assert validated.code == 6 and "[layout.in_progress]" in validated.out
    other = write_jsonl(tmp_path / "other.jsonl", 5)
    refused = invoke(capsys, *load_args(server), "load", str(other), "--to", str(out), "--namespace", "n")
    assert refused.code == 2 and "unfinished dataset" in refused.error_line()

    finished = invoke(
        capsys,
        *load_args(server),
        "--json",
        "load",
        str(source),
        "--to",
        str(out),
        *options,
        "--interval",
        "0.1",
    )
    assert finished.code == 0, finished.err
    document = finished.json()
    assert document["prepare"]["resumedAt"] > 0 and document["indexCounts"] == {"n": records}
    assert all((out / name).stat().st_mtime_ns == mtime for name, mtime in kept.items())
    assert validate_source(out, dimension=DIM).summary.records == records


def test_prepare_to_s3_and_load_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ls_moto_s3: S3, server: LocalImportServer
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 80)
    uri = f"s3://{ls_moto_s3.bucket}/prepared/run-1"
    result = invoke(
        capsys,
        *load_args(server),
        "--json",
        "load",
        str(source),
        "--to",
        uri,
        "--namespace",
        "docs",
        "--interval",
        "0.05",
    )
    assert result.code == 0, result.err
    document = result.json()
    assert document["import"]["uri"] == uri and document["indexCounts"] == {"docs": 80}
    assert validate_source(uri, dimension=DIM).ok


def test_load_refuses_a_local_folder_for_a_hosted_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    result = invoke(
        capsys,
        "--host",
        "my-index-abc123.svc.pinecone.io",
        "--api-key",
        "some-key",
        "load",
        str(source),
        "--to",
        str(tmp_path / "ds"),
    )
    assert result.code == 2 and "s3://" in result.error_line()
    assert not (tmp_path / "ds").exists()


def test_prepare_sparse_and_hybrid_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sparse = pa.table(
        {
            "id": ["a", "b", "c"],
            "idx": [[1, 7], [2], []],
            "w": [[0.5, 0.25], [1.0], []],
            "metadata": [None, "{}", None],
        }
    )
    pq.write_table(sparse, tmp_path / "sparse.parquet")
    result = invoke(
        capsys,
        "--json",
        "prepare",
        str(tmp_path / "sparse.parquet"),
        "--to",
        str(tmp_path / "s"),
        "--vector-type",
        "sparse",
        "--sparse-indices-column",
        "idx",
        "--sparse-values-column",
        "w",
        "--namespace",
        "n",
    )
    assert result.code == 0, result.err
    assert result.json()["vectorType"] == "sparse" and result.json()["records"] == 3
    assert validate_source(tmp_path / "s", vector_type="sparse").ok

    hybrid_lines = [
        {"id": "h1", "values": [0.1] * DIM, "sparse_values": {"indices": [3], "values": [0.9]}},
        {"id": "h2", "values": [0.2] * DIM, "sparse_values": None},
    ]
    (tmp_path / "hybrid.jsonl").write_text("".join(json.dumps(line) + "\n" for line in hybrid_lines))
    result = invoke(
        capsys, "prepare", str(tmp_path / "hybrid.jsonl"), "--to", str(tmp_path / "h"), "--namespace", "n"
    )
    assert result.code == 0, result.err
    written = pq.read_table(next((tmp_path / "h" / "n").glob("*.parquet")))
    assert written.column("sparse_values").to_pylist() == [
        {"indices": [3], "values": [pytest.approx(0.9)]},
        None,
    ]
    assert validate_source(tmp_path / "h", dimension=DIM).ok


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--namespaces", "5", "--records", "3"], "at least as many records"),
        (["--namespaces", "10001"], "10000"),
    ],
)
def test_demo_sizes_it_cannot_honour_are_usage_errors(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = invoke(capsys, "demo", *args)
    assert plain.code == 2 and words in plain.error_line() and "bug" not in plain.err
    as_json = invoke(capsys, "--json", "demo", *args)
    assert as_json.code == 2
    assert as_json.json()["error"]["type"] == "UsageError" and as_json.json()["error"]["exitCode"] == 2


def test_verify_waits_a_bounded_time_then_names_the_shortfall(
    tmp_path: Path, server: LocalImportServer
) -> None:
    manifest = Manifest(
        api_version="2026-04",
        vector_type="dense",
        dimension=DIM,
        namespaces={"n": NamespaceEntry([FinishedFile("n/x.parquet", 5, 100)])},
    )
    said: list[str] = []
    began = time.monotonic()
    with pytest.raises(CliFailure) as failed, ImportsClient(server.url, server.api_key) as client:
        verify_counts(manifest, client, say=said.append, wait_seconds=1.5)
    assert 1.5 <= time.monotonic() - began < 10
    assert failed.value.exit_code == 1 and "{'n': 0}" in failed.value.line and "{'n': 5}" in failed.value.line
    assert said == ["    waiting up to 2 s for the index's counts to catch up"]


def test_load_refuses_namespaces_the_index_already_has_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", 10)
    base = [*load_args(server), "load", "--namespace", "docs", "--interval", "0.05"]
    assert invoke(capsys, *base, str(first), "--to", str(tmp_path / "one")).code == 0
    (tmp_path / "second.jsonl").write_text(first.read_text().replace('"j-', '"k-'))
    refused = invoke(capsys, *base, str(tmp_path / "second.jsonl"), "--to", str(tmp_path / "two"), "--json")
    assert refused.code == 2 and refused.json()["error"]["namespaces"] == ["docs"]
    with ImportsClient(server.url, server.api_key) as client:
        assert len(list(client.list_imports())) == 1  # nothing was started


def test_a_load_killed_after_starting_is_followed_by_the_next_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: LocalImportServer
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 3000)
    args = ["load", str(source), "--to", str(tmp_path / "ds"), "--namespace", "docs", "--interval", "30"]
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    env.update(PINECONE_HOST=server.url, PINECONE_API_KEY=server.api_key, PYTHONUNBUFFERED="1")
    loading = subprocess.Popen(
        [sys.executable, "-m", "pinecone_imports", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert loading.stdout is not None
        for line in loading.stdout:
            if "started import" in line:
                break
        else:
            raise AssertionError("load ended before starting its import")
    finally:
        loading.send_signal(signal.SIGKILL)  # mid-wait: its poll interval is 30 s
        loading.wait(timeout=30)
    again = invoke(capsys, *load_args(server), "--json", *args[:-2], "--interval", "0.05")
    assert again.code == 0, again.err
    assert again.json()["importReused"] is True and again.json()["indexCounts"] == {"docs": 3000}
    with ImportsClient(server.url, server.api_key) as client:
        assert len(list(client.list_imports())) == 1
