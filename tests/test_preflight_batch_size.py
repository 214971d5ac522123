"""Batches are capped in bytes as well as rows, so wide vectors do not make memory grow."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pinecone_imports._sample_data import sample_table
from pinecone_imports.preflight import validate_source
from pinecone_imports.preflight._scan import BATCH_BUDGET_BYTES, rows_per_batch


def _metadata(tmp_path: Path, records: int, dimension: int) -> pq.FileMetaData:
    path = tmp_path / "part.parquet"
    pq.write_table(sample_table("ns", 0, records, dimension, random.Random(1)), path)
    return pq.read_metadata(path)


def test_narrow_rows_keep_the_row_cap(tmp_path: Path) -> None:
    assert rows_per_batch(_metadata(tmp_path, 100, 4), 32_768) == 32_768


def test_wide_rows_get_fewer_rows_within_the_budget(tmp_path: Path) -> None:
    metadata = _metadata(tmp_path, 2000, 4096)
    rows = rows_per_batch(metadata, 32_768)
    encoded_per_row = metadata.row_group(0).total_byte_size / metadata.num_rows
    assert 1 <= rows < 32_768
    assert rows * encoded_per_row <= BATCH_BUDGET_BYTES


def test_an_empty_file_keeps_the_row_cap(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string())}), path)
    assert rows_per_batch(pq.read_metadata(path), 500) == 500


def test_validation_of_wide_rows_counts_every_record(tmp_path: Path) -> None:
    folder = tmp_path / "ns"
    folder.mkdir()
    pq.write_table(sample_table("ns", 0, 3000, 2048, random.Random(2)), folder / "part.parquet")
    report = validate_source(tmp_path)
    assert report.ok and report.summary.records == 3000
