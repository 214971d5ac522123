"""Writes a realistic, valid bulk-import dataset of dense vectors to a local folder.

The demo, the benchmarks and the tests all need data in the exact layout Pinecone imports read:
one folder per namespace holding Parquet files with `id`, `values` and `metadata`. Values are built
from random bytes with Arrow kernels, so a million records take seconds rather than minutes."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

_GENRES = ("news", "sports", "science", "travel", "food", "music")


@dataclass(frozen=True, slots=True)
class SampleDataset:
    """What `write_sample_dataset` wrote: where, which namespaces, and how many records in each."""

    root: Path
    dimension: int
    records_per_namespace: dict[str, int]
    files: tuple[Path, ...]

    @property
    def namespaces(self) -> tuple[str, ...]:
        return tuple(self.records_per_namespace)

    @property
    def total_records(self) -> int:
        return sum(self.records_per_namespace.values())

    @property
    def uri(self) -> str:
        return self.root.resolve().as_uri()


def write_sample_dataset(
    directory: str | os.PathLike[str],
    *,
    records: int = 1000,
    dimension: int = 128,
    namespaces: int | tuple[str, ...] = 3,
    files_per_namespace: int = 2,
    row_group_rows: int = 65_536,
    seed: int = 0,
) -> SampleDataset:
    """Writes `records` records in total, spread evenly over the namespaces and their files.

    `namespaces` is either a count (names become `ns-0`, `ns-1`, ...) or the names themselves.
    The same arguments always produce the same bytes."""
    if records < 0 or dimension < 1 or files_per_namespace < 1:
        raise ValueError("records must be >= 0, dimension and files_per_namespace >= 1")
    names = tuple(f"ns-{i}" for i in range(namespaces)) if isinstance(namespaces, int) else namespaces
    if not names:
        raise ValueError("at least one namespace is needed")
    root = Path(directory)
    rng = random.Random(seed)  # noqa: S311 -- sample data, not secrets
    counts = _split(records, len(names))
    written: list[Path] = []
    for name, count in zip(names, counts, strict=True):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        start = 0
        for part, part_count in enumerate(_split(count, files_per_namespace)):
            table = sample_table(name, start, part_count, dimension, rng)
            path = folder / f"part-{part:05d}.parquet"
            pq.write_table(table, path, row_group_size=row_group_rows)
            written.append(path)
            start += part_count
    return SampleDataset(root, dimension, dict(zip(names, counts, strict=True)), tuple(written))


def sample_table(namespace: str, start: int, count: int, dimension: int, rng: random.Random) -> pa.Table:
    """`count` valid dense records with ids `<namespace>-<n>` for n from `start`."""
    raw = pa.py_buffer(rng.randbytes(count * dimension * 2))
    units = pa.Array.from_buffers(pa.uint16(), count * dimension, [None, raw])
    # Spread 16-bit integers over [-1, 1): finite by construction, and varied enough to look real.
    flat = pc.subtract(pc.divide(pc.cast(units, pa.float32()), pa.scalar(32768.0, pa.float32())), 1.0)
    offsets = pa.array(range(0, count * dimension + 1, dimension), pa.int32())
    values = pa.ListArray.from_arrays(offsets, pc.cast(flat, pa.float32()))
    ids = [f"{namespace}-{n}" for n in range(start, start + count)]
    metadata = [
        f'{{"genre": "{_GENRES[n % len(_GENRES)]}", "year": {1990 + n % 35}, "title": "record {n}"}}'
        for n in range(start, start + count)
    ]
    return pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "values": values,
            "metadata": pa.array(metadata, pa.string()),
        }
    )


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]
