"""ImportWriter over real folders and real Parquet files: rules, rolling, marks, manifests, resume."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pinecone_imports import ImportsClient, ImportWriter
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.preflight import validate_source
from pinecone_imports.preflight._marks import MANIFEST_NAME, in_progress_mark
from pinecone_imports.writer import (
    ColumnMap,
    DestinationError,
    InvalidRecordError,
    WriterError,
    combine_manifests,
    read_manifest,
)
from pinecone_imports.writer._arrow import dense_array
from pinecone_imports.writer._sources import find_source_files

DIM = 8


def vectors(count: int, seed: int = 0) -> np.ndarray[Any, np.dtype[np.float32]]:
    return np.random.default_rng(seed).random((count, DIM), dtype=np.float32)


def ids(prefix: str, count: int, start: int = 0) -> list[str]:
    return [f"{prefix}-{n}" for n in range(start, start + count)]


def parquet_files(root: Path) -> list[Path]:
    return sorted(root.glob("*/*.parquet"))


def test_numpy_records_become_a_valid_dataset_with_a_manifest(tmp_path: Path) -> None:
    destination = tmp_path / "ds"
    with ImportWriter(destination, dimension=DIM) as writer:
        assert (
            writer.write(ids("a", 300), vectors(300), metadata=[{"n": n} for n in range(300)], namespace="a")
            == 300
        )
        writer.write(ids("b", 20), vectors(20).astype(np.float64), namespace="b")
        # While writing, the destination is visibly incomplete.
        assert (destination / in_progress_mark()).is_file()
        report = validate_source(destination, dimension=DIM)
        assert "layout.in_progress" in {p.rule.value for p in report.problems} and not report.ok
    manifest = writer.manifest
    assert manifest is not None and manifest.counts() == {"a": 300, "b": 20}
    assert not (destination / in_progress_mark()).exists()
    on_disk = json.loads((destination / MANIFEST_NAME).read_text())
    assert on_disk["namespaces"]["a"]["records"] == 300 and on_disk["dimension"] == DIM
    assert on_disk["apiVersion"] == writer.api_version and on_disk["vectorType"] == "dense"
    report = validate_source(destination, dimension=DIM)
    assert report.ok and report.summary.records == 320
    table = pq.read_table(parquet_files(destination)[0])
    assert table.schema.field("values").type == pa.list_(pa.float32())
    assert table.schema.field("metadata").type == pa.string()
    assert json.loads(table.column("metadata")[0].as_py()) == {"n": 0}
    assert read_manifest(str(destination)) is not None


def test_float32_rows_are_shared_with_arrow_without_a_copy() -> None:
    matrix = vectors(10)
    array = dense_array(matrix, 10)
    assert array.values.buffers()[1].address == matrix.ctypes.data


def test_files_roll_below_the_size_limit_and_names_never_clash(tmp_path: Path) -> None:
    limit = 40_000
    with ImportWriter(tmp_path / "ds", dimension=DIM, max_file_bytes=limit) as writer:
        for chunk in range(5):
            writer.write(ids("x", 1000, chunk * 1000), vectors(1000, chunk), namespace="x")
    files = parquet_files(tmp_path / "ds")
    assert len(files) > 3
    assert all(path.stat().st_size <= limit for path in files)
    assert sum(pq.ParquetFile(path).metadata.num_rows for path in files) == 5000
    assert validate_source(tmp_path / "ds", dimension=DIM).ok


BAD_RECORDS: list[tuple[str, dict[str, Any], str]] = [
    ("long id", {"ids": ["x" * 513]}, "id.too_long"),
    ("empty id", {"ids": [""]}, "id.empty"),
    ("duplicate id", {"ids": ["ok-0"]}, "id.duplicate"),
    ("wrong dimension", {"values": np.ones((1, DIM + 1), np.float32)}, "values.dimension"),
    ("NaN", {"values": np.full((1, DIM), math.nan, np.float32)}, "values.not_finite"),
    ("too large for float32", {"values": np.full((1, DIM), 1e300)}, "values.not_finite"),
    ("metadata too large", {"metadata": [{"text": "x" * 41_000}]}, "metadata.too_large"),
    ("metadata not JSON", {"metadata": ["{not json"]}, "metadata.not_json"),
    ("metadata not an object", {"metadata": ["[1, 2]"]}, "metadata.not_object"),
    (
        "sparse length mismatch",
        {"sparse_values": [{"indices": [1, 2], "values": [0.5]}]},
        "sparse.length_mismatch",
    ),
    ("sparse NaN", {"sparse_values": [{"indices": [1], "values": [math.nan]}]}, "sparse.not_finite"),
]


@pytest.mark.parametrize(("case", "change", "rule"), BAD_RECORDS, ids=[c[0] for c in BAD_RECORDS])
def test_each_bad_record_is_refused_or_skipped_and_counted(
    tmp_path: Path, case: str, change: dict[str, Any], rule: str
) -> None:
    bad: dict[str, Any] = {"ids": ["bad-1"], "values": vectors(1, 9), "metadata": [{"ok": True}]}
    if "sparse_values" in change:
        bad["sparse_values"] = [{"indices": [0], "values": [1.0]}]
    bad.update(change)
    for skip in (False, True):
        destination = tmp_path / f"skip-{skip}"
        with ImportWriter(destination, dimension=DIM, hybrid=True, skip_invalid=skip) as writer:
            writer.write(
                ["ok-0"], vectors(1), sparse_values=[{"indices": [3], "values": [0.1]}], namespace="n"
            )
            record_ids = bad.pop("ids") if not skip else bad["ids"]
            arguments = {key: value for key, value in bad.items() if key != "ids"}
            if skip:
                assert writer.write(record_ids, namespace="n", **arguments) == 0
                assert writer.skipped == 1 and writer.skipped_problems[0].rule.value == rule
            else:
                with pytest.raises(InvalidRecordError) as raised:
                    writer.write(record_ids, namespace="n", **arguments)
                assert raised.value.problem.rule.value == rule
                assert repr(record_ids[0][:20])[1:-1] in str(raised.value)
                bad["ids"] = record_ids
        manifest = writer.manifest
        assert manifest is not None and manifest.records == 1 and manifest.skipped == (1 if skip else 0)
        assert validate_source(destination, dimension=DIM).ok


def test_a_refused_call_writes_nothing_and_its_good_ids_stay_free(tmp_path: Path) -> None:
    with ImportWriter(tmp_path / "ds", dimension=DIM) as writer:
        matrix = vectors(3)
        matrix[2, 0] = math.inf
        with pytest.raises(InvalidRecordError, match="'c'"):
            writer.write(["a", "b", "c"], matrix, namespace="n")
        assert writer.records == 0
        assert writer.write(["a", "b", "c"], vectors(3), namespace="n") == 3
    assert writer.manifest is not None and writer.manifest.records == 3


def test_default_namespace_only_from_2025_04(tmp_path: Path) -> None:
    with pytest.raises(WriterError, match="2025-04"):
        ImportWriter(tmp_path / "old", dimension=DIM, api_version="2025-01").write(["a"], vectors(1))
    with ImportWriter(tmp_path / "new", dimension=DIM, api_version="2025-04") as writer:
        writer.write(["a"], vectors(1))
    assert (tmp_path / "new" / "__default__").is_dir()


def test_an_exception_leaves_the_dataset_marked_in_progress(tmp_path: Path) -> None:
    destination = tmp_path / "ds"
    with pytest.raises(RuntimeError), ImportWriter(destination, dimension=DIM) as writer:
        writer.write(ids("a", 10), vectors(10), namespace="a")
        raise RuntimeError("the caller's job failed")
    assert (destination / in_progress_mark()).is_file() and not (destination / MANIFEST_NAME).exists()
    report = validate_source(destination, dimension=DIM)
    assert not report.ok and "layout.in_progress" in {p.rule.value for p in report.problems}
    with pytest.raises(DestinationError, match="unfinished"):
        ImportWriter(destination, dimension=DIM)
    with ImportWriter(destination, dimension=DIM, overwrite=True) as again:
        again.write(ids("b", 5), vectors(5), namespace="b")
    assert [p.parent.name for p in parquet_files(destination)] == ["b"]


def test_a_finished_dataset_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    with ImportWriter(tmp_path / "ds", dimension=DIM) as writer:
        writer.write(ids("a", 10), vectors(10), namespace="a")
    with pytest.raises(DestinationError, match="finished dataset"):
        ImportWriter(tmp_path / "ds", dimension=DIM)
    pq.write_table(pa.table({"id": ["z"]}), tmp_path / "foreign.parquet")
    (tmp_path / "other").mkdir()
    pq.write_table(pa.table({"id": ["z"]}), tmp_path / "other" / "x.parquet")
    with pytest.raises(DestinationError, match="Parquet files"):
        ImportWriter(tmp_path, dimension=DIM)


def test_a_resumed_write_keeps_checkpointed_files_and_holds_each_record_once(tmp_path: Path) -> None:
    destination = tmp_path / "ds"
    records = 4000
    matrix = vectors(records)
    names = ids("r", records)
    first = ImportWriter(destination, dimension=DIM, max_file_bytes=30_000, resume_key="job-1")
    for start in range(0, 2500, 250):
        first.write(names[start : start + 250], matrix[start : start + 250], namespace="n")
    first.abandon()  # as if the process had died: the mark stays, open files are dropped
    kept = set(parquet_files(destination))
    second = ImportWriter(destination, dimension=DIM, max_file_bytes=30_000, resume_key="job-1")
    position = second.resume_position
    assert 0 < position <= 2500 and position % 250 == 0
    assert kept >= set(parquet_files(destination))  # unfinished files of the first run are gone
    with second:
        for start in range(position, records, 250):
            second.write(names[start : start + 250], matrix[start : start + 250], namespace="n")
    assert second.manifest is not None and second.manifest.records == records
    report = validate_source(destination, dimension=DIM)
    assert report.ok and report.summary.records == records  # a duplicate would be an error
    # The same key on the finished dataset: nothing to do, nothing rewritten.
    again = ImportWriter(destination, dimension=DIM, resume_key="job-1")
    assert again.complete and again.resume_position == records


def test_tables_pandas_and_polars_with_column_mapping(tmp_path: Path) -> None:
    matrix = vectors(6)
    frame = pd.DataFrame(
        {
            "key": ids("p", 6),
            "embedding": list(matrix.astype(np.float64)),
            "genre": ["a", "b", "c", "a", "b", "c"],
            "year": [2000, 2001, None, 2003, 2004, 2005],
            "tenant": ["t1", "t1", "t2", "t2", "t2", "t1"],
        }
    )
    columns = ColumnMap(id="key", values="embedding", metadata_columns=("genre", "year"))
    with ImportWriter(tmp_path / "pandas", dimension=DIM) as writer:
        writer.write_table(frame, namespace_column="tenant", columns=columns)
    assert writer.manifest is not None and writer.manifest.counts() == {"t1": 3, "t2": 3}
    table = pq.read_table(next((tmp_path / "pandas" / "t2").glob("*.parquet")))
    assert json.loads(table.column("metadata")[0].as_py()) == {"genre": "c"}
    assert json.loads(table.column("metadata")[1].as_py()) == {"genre": "a", "year": 2003}

    polars_frame = pl.DataFrame({"key": ids("q", 6), "embedding": matrix.tolist(), "genre": ["x"] * 6})
    with ImportWriter(tmp_path / "polars", dimension=DIM) as writer:
        writer.write_table(
            polars_frame,
            namespace="docs",
            columns=ColumnMap(id="key", values="embedding", metadata_columns=("genre",)),
        )
    assert writer.manifest is not None and writer.manifest.counts() == {"docs": 6}
    assert validate_source(tmp_path / "polars", dimension=DIM).ok

    with pytest.raises(WriterError, match="'genre' has no place"):
        ImportWriter(tmp_path / "unused", dimension=DIM).write_table(
            polars_frame, namespace="d", columns=ColumnMap(id="key", values="embedding")
        )


def test_metadata_given_as_a_struct_column_is_written_as_json_text(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["a", "b"],
            "values": pa.array(vectors(2).tolist(), pa.list_(pa.float64())),
            "metadata": pa.array([{"genre": "news", "year": 2020}, None]),
        }
    )
    with ImportWriter(tmp_path / "ds", dimension=DIM) as writer:
        writer.write_table(table, namespace="n")
    written = pq.read_table(next((tmp_path / "ds" / "n").glob("*.parquet")))
    assert [json.loads(m) if m else m for m in written.column("metadata").to_pylist()] == [
        {"genre": "news", "year": 2020},
        None,
    ]


def test_a_sparse_index(tmp_path: Path) -> None:
    with ImportWriter(tmp_path / "ds", vector_type="sparse") as writer:
        writer.write(
            ["a", "b"],
            sparse_values=[([1, 5], [0.5, 0.25]), {"indices": [2], "values": [1.0]}],
            namespace="s",
        )
        with pytest.raises(WriterError, match="sparse writer"):
            writer.write(["c"], vectors(1), sparse_values=[([1], [1.0])], namespace="s")
    assert validate_source(tmp_path / "ds", vector_type="sparse").ok


def test_parts_are_combined_into_one_manifest(tmp_path: Path) -> None:
    destination = tmp_path / "ds"
    for part in range(3):
        with ImportWriter(destination, dimension=DIM, part=f"p{part}") as writer:
            writer.write(ids(f"p{part}", 50), vectors(50, part), namespace="shared")
            writer.write(ids("own", 5), vectors(5), namespace=f"only-{part}")
        assert not validate_source(destination, dimension=DIM).ok  # still in progress
    shared = [path.name for path in parquet_files(destination) if path.parent.name == "shared"]
    assert len(shared) == len(set(shared)) == 3  # three independent writers, no clash
    manifest = combine_manifests(destination)
    assert manifest.counts() == {"only-0": 5, "only-1": 5, "only-2": 5, "shared": 150}
    assert validate_source(destination, dimension=DIM).ok
    assert sorted(p.name for p in destination.iterdir() if p.is_file()) == [MANIFEST_NAME]


def test_combine_refuses_ids_repeated_across_parts(tmp_path: Path) -> None:
    for part in range(2):
        with ImportWriter(tmp_path, dimension=DIM, part=f"p{part}") as writer:
            writer.write(["same"], vectors(1), namespace="n")
    with pytest.raises(DestinationError, match="same id"):
        combine_manifests(tmp_path)


def test_combine_names_the_row_of_a_repeated_id_counted_from_the_file_start(tmp_path: Path) -> None:
    # The files are read back in batches; the row named must count across them, past the first one.
    with ImportWriter(tmp_path, dimension=DIM, part="p0") as first:
        first.write(ids("a", 70_000), np.zeros((70_000, DIM), np.float32), namespace="n")
    with ImportWriter(tmp_path, dimension=DIM, part="p1") as second:
        second.write(["a-5", *ids("b", 69_999)], np.zeros((70_000, DIM), np.float32), namespace="n")
    with ImportWriter(tmp_path, dimension=DIM, part="p2") as third:
        third.write([*ids("c", 69_999), "a-69999"], np.zeros((70_000, DIM), np.float32), namespace="n")
    with pytest.raises(DestinationError) as refused:
        combine_manifests(tmp_path)
    message = str(refused.value)
    assert "'a-5'" in message and "row 0" in message and "row 5" in message, message


def test_sources_in_namespace_folders_keep_their_namespace(tmp_path: Path) -> None:
    (tmp_path / "src" / "alpha").mkdir(parents=True)
    pq.write_table(pa.table({"id": ["a"]}), tmp_path / "src" / "alpha" / "x.parquet")
    (tmp_path / "src" / "top.jsonl").write_text('{"id": "t"}\n')
    found = find_source_files([str(tmp_path / "src")])
    assert [(f.folder_namespace, f.kind) for f in found] == [("alpha", "parquet"), (None, "jsonl")]


def test_the_local_server_refuses_a_dataset_marked_in_progress(tmp_path: Path) -> None:
    destination = tmp_path / "ds"
    writer = ImportWriter(destination, dimension=DIM, row_group_rows=10)
    writer.write(ids("a", 50), vectors(50), namespace="a")
    writer.abandon()
    with LocalImportServer(data_root=tmp_path) as server, ImportsClient(server.url, server.api_key) as client:
        started = client.start_import(destination.as_uri(), error_mode="abort")
        final = client.wait_for_import(started.id, timeout=30, poll_interval=0.02)
    assert final.status == "Failed" and "in progress" in (final.error or "")


def test_a_part_rewritten_with_overwrite_replaces_only_its_own_files(tmp_path: Path) -> None:
    first = ImportWriter(tmp_path, dimension=DIM, part="p0", row_group_rows=10)
    first.write(ids("old", 30), vectors(30), namespace="n")
    first.abandon()  # crashed: its mark and its finished row groups stay
    with ImportWriter(tmp_path, dimension=DIM, part="p1") as other:
        other.write(ids("other", 5), vectors(5), namespace="n")
    with pytest.raises(DestinationError, match="another run"):
        ImportWriter(tmp_path, dimension=DIM, part="p0")
    with ImportWriter(tmp_path, dimension=DIM, part="p0", overwrite=True) as again:
        again.write(ids("new", 7), vectors(7), namespace="n")
    manifest = combine_manifests(tmp_path)
    assert manifest.counts() == {"n": 12}
    report = validate_source(tmp_path, dimension=DIM)
    assert report.ok and report.summary.records == 12  # nothing of the crashed run is left


def test_parts_never_join_a_single_writers_dataset(tmp_path: Path) -> None:
    with ImportWriter(tmp_path, dimension=DIM) as writer:
        writer.write(["a"], vectors(1), namespace="n")
    with pytest.raises(DestinationError, match="not being written in parts"):
        ImportWriter(tmp_path, dimension=DIM, part="p0", overwrite=True)


def test_a_finished_part_run_again_is_done_with_its_key_and_refused_without(tmp_path: Path) -> None:
    with ImportWriter(tmp_path, dimension=DIM, part="p0", resume_key="task-0") as writer:
        writer.write(ids("a", 5), vectors(5), namespace="n")
    # A retried task (same key) finds its part finished and writes nothing again.
    retried = ImportWriter(tmp_path, dimension=DIM, part="p0", resume_key="task-0")
    assert retried.complete and retried.resume_position == 5
    with pytest.raises(DestinationError, match="already finished"):
        ImportWriter(tmp_path, dimension=DIM, part="p0")
    with ImportWriter(tmp_path, dimension=DIM, part="p0", overwrite=True) as replaced:
        replaced.write(ids("b", 3), vectors(3), namespace="n")
    assert combine_manifests(tmp_path).counts() == {"n": 3}
    assert validate_source(tmp_path, dimension=DIM).summary.records == 3
