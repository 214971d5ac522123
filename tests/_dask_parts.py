"""The task each Dask worker runs in the partitioned-writing test (a module, so workers can import it)."""

from __future__ import annotations

import numpy as np

from pinecone_imports import ImportWriter

DIM = 8


def write_part(destination: str, part: int, records: int) -> dict[str, int]:
    """One worker's share: its own ids, in its own part of the dataset."""
    matrix = np.random.default_rng(part).random((records, DIM), dtype=np.float32)
    ids = [f"part{part}-{n}" for n in range(records)]
    with ImportWriter(destination, dimension=DIM, part=f"worker-{part}", max_file_bytes=20_000) as writer:
        writer.write(ids, matrix, metadata=[{"part": part}] * records, namespace=f"ns-{part % 2}")
    manifest = writer.manifest
    assert manifest is not None
    return manifest.counts()
