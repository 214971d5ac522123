"""Benchmark datasets: written once with `write_sample_dataset`, then reused from a git-ignored cache.

A gigabyte of Parquet takes about a minute to write, so every dataset lives in a folder named after
its parameters under `.bench-data/`, with a manifest written last: a folder whose manifest matches
the parameters and whose files still have their recorded sizes is reused; anything else is rewritten.
Sizes are asked for in bytes on disk, and turned into a record count by writing a small probe table
first, because Parquet's encodings make the bytes per record hard to guess from the dimension alone.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pinecone_imports._sample_data import SampleDataset, sample_table, write_sample_dataset

CACHE = Path(__file__).resolve().parent.parent / ".bench-data"
_MANIFEST = "manifest.json"
_PROBE_RECORDS = 4096
_FORMAT = 1  # bumped when the way datasets are written changes, so old caches are not trusted
# The probe is a single small row group; full-size files come out a few percent smaller per record
# (measured: 3 % at 768 dimensions), so asking for a little more keeps datasets at or above the size.
_SIZE_MARGIN = 1.05


@dataclass(frozen=True)
class DatasetSpec:
    """What to write: `records` dense records of `dimension`, over `namespaces` x `files_per_namespace`."""

    records: int
    dimension: int
    namespaces: int = 3
    files_per_namespace: int = 2

    @property
    def folder_name(self) -> str:
        return f"dense-{self.dimension}d-{self.records}r-{self.namespaces}ns-{self.files_per_namespace}f"


def records_for_bytes(target_bytes: int, dimension: int) -> int:
    """How many sample records make about `target_bytes` of Parquet (at least one)."""
    table = sample_table("ns-0", 0, _PROBE_RECORDS, dimension, random.Random(0))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    per_record = buffer.tell() / _PROBE_RECORDS
    return max(1, round(target_bytes * _SIZE_MARGIN / per_record))


def dataset_bytes(dataset: SampleDataset) -> int:
    return sum(path.stat().st_size for path in dataset.files)


def cached_dataset(spec: DatasetSpec, cache: Path = CACHE) -> tuple[SampleDataset, bool]:
    """The dataset for `spec`, and whether it came from the cache (False: written just now)."""
    root = cache / spec.folder_name
    found = _load(root, spec)
    if found is not None:
        return found, True
    shutil.rmtree(root, ignore_errors=True)
    dataset = write_sample_dataset(
        root / "data",
        records=spec.records,
        dimension=spec.dimension,
        namespaces=spec.namespaces,
        files_per_namespace=spec.files_per_namespace,
    )
    manifest = {
        "format": _FORMAT,
        "spec": asdict(spec),
        "records_per_namespace": dataset.records_per_namespace,
        "files": {str(path.relative_to(root)): path.stat().st_size for path in dataset.files},
    }
    # Written last: a run interrupted while writing leaves no manifest, so the folder is redone.
    (root / _MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return dataset, False


def _load(root: Path, spec: DatasetSpec) -> SampleDataset | None:
    try:
        manifest = json.loads((root / _MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("format") != _FORMAT or manifest.get("spec") != asdict(spec):
        return None
    files = tuple(root / name for name in manifest["files"])
    for path, size in zip(files, manifest["files"].values(), strict=True):
        if not path.is_file() or path.stat().st_size != size:
            return None
    counts = {str(name): int(count) for name, count in manifest["records_per_namespace"].items()}
    return SampleDataset(root / "data", spec.dimension, counts, files)


def warm_page_cache(dataset: SampleDataset) -> None:
    """Reads every file once, so that timed runs all read from memory rather than only the later ones."""
    for path in dataset.files:
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass
