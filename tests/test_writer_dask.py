"""Partitioned writing on a real Dask cluster: worker processes on loopback, one part each, combined."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinecone_imports.preflight import validate_source
from pinecone_imports.writer import combine_manifests
from tests._dask_parts import DIM, write_part

distributed = pytest.importorskip("distributed")


def test_four_partitions_written_in_parallel_then_combined(tmp_path: Path) -> None:
    destination = str(tmp_path / "dataset")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=2,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            worker_dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        futures = [client.submit(write_part, destination, part, 1500, pure=False) for part in range(4)]
        results = client.gather(futures)
    assert all(sum(counts.values()) == 1500 for counts in results)
    manifest = combine_manifests(destination)
    assert manifest.counts() == {"ns-0": 3000, "ns-1": 3000}
    assert len(manifest.writers) == 4
    report = validate_source(destination, dimension=DIM)
    assert report.ok and report.summary.records == 6000
