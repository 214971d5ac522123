"""The sample dataset writer produces valid, deterministic data in the import layout."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports.preflight import validate_source


def test_sample_dataset_is_valid_and_laid_out_as_asked(tmp_path: Path) -> None:
    dataset = write_sample_dataset(
        tmp_path, records=1001, dimension=12, namespaces=("a", "b"), files_per_namespace=3
    )
    assert dataset.records_per_namespace == {"a": 501, "b": 500}
    assert dataset.namespaces == ("a", "b") and dataset.total_records == 1001
    assert len(dataset.files) == 6 and all(f.parent.parent == tmp_path for f in dataset.files)
    assert dataset.uri == tmp_path.resolve().as_uri()
    report = validate_source(dataset.uri, dimension=12)
    assert report.ok and report.summary.records == 1001
    ids = [i for f in dataset.files for i in pq.read_table(f, columns=["id"]).column("id").to_pylist()]
    assert len(set(ids)) == 1001


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    first = write_sample_dataset(tmp_path / "one", records=50, dimension=4, seed=7)
    second = write_sample_dataset(tmp_path / "two", records=50, dimension=4, seed=7)
    other = write_sample_dataset(tmp_path / "three", records=50, dimension=4, seed=8)
    assert [f.read_bytes() for f in first.files] == [f.read_bytes() for f in second.files]
    assert [f.read_bytes() for f in first.files] != [f.read_bytes() for f in other.files]


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_sample_dataset(tmp_path, dimension=0)
    with pytest.raises(ValueError):
        write_sample_dataset(tmp_path, namespaces=())
