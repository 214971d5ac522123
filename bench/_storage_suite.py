"""Validator throughput against a plain sequential pyarrow read of the same files, on local disk and
from each storage emulator (moto for S3, fake-gcs-server for GCS, Azurite for Azure Blob).

Both passes go through the filesystem the storage layer builds for the location (`open_location`),
so the only difference is how the files are read: the floor opens one file after another and reads
its batches in order; `validate_source` reads several files at once and checks every record. Passes
run in this process, alternating within each round. The emulators run on loopback, so "remote" here
measures request overlap against fast local servers, not a real network."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import pyarrow.parquet as pq
from pyarrow import fs

from bench._datasets import CACHE, DatasetSpec, cached_dataset, dataset_bytes, warm_page_cache
from bench._section import Section, Target, format_table
from bench._stats import median, ratio
from pinecone_imports._storage import open_location
from pinecone_imports.preflight import validate_source
from pinecone_imports.preflight._records import NamespaceChecker
from pinecone_imports.preflight._row_rules import RowFindings, RowRules
from pinecone_imports.preflight._scan import rows_per_batch
from tests._emulators import Emulator, start_azurite, start_fake_gcs, start_moto
from tests.cloud_fixtures import Bucket, azure_env, gcs_env, make_filesystem, s3_env

# From the clouds issue: on local data and two cores, at least 1.5x a sequential pyarrow read.
MIN_LOCAL_SPEEDUP = 1.5
_MB = 1_000_000


@dataclass
class StorageOptions:
    records: int = 120_000
    dimension: int = 768
    files_per_namespace: int = 4
    rounds: int = 3
    clouds: tuple[str, ...] = ("s3", "gs", "azure")
    cache: Path = CACHE


def _read_paths(filesystem: fs.FileSystem, paths: list[str]) -> int:
    records = 0
    for path in paths:
        with filesystem.open_input_file(path) as handle, pq.ParquetFile(handle) as parquet:
            for batch in parquet.iter_batches(batch_size=rows_per_batch(parquet.metadata)):
                records += batch.num_rows
    return records


def _parquet_paths(uri: str) -> tuple[fs.FileSystem, list[str]]:
    place = open_location(uri)
    selector = fs.FileSelector(place.path, recursive=True)
    paths = sorted(i.path for i in place.filesystem.get_file_info(selector) if i.path.endswith(".parquet"))
    return place.filesystem, paths


def _sequential_read(uri: str) -> int:
    return _read_paths(*_parquet_paths(uri))


def _parallel_read(uri: str) -> int:
    """The same plain read with the files split over two threads: how far this machine lets
    decoding scale at all, whatever the validator does (the ceiling for its speedup)."""
    filesystem, paths = _parquet_paths(uri)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return sum(pool.map(lambda share: _read_paths(filesystem, share), (paths[0::2], paths[1::2])))


def _validate(uri: str) -> int:
    report = validate_source(uri)
    if not report.ok:
        raise RuntimeError(f"the benchmark dataset has problems: {report.problems[:3]}")
    return report.summary.records


def _validate_reading_only(uri: str) -> int:
    """The validator with its record rules and duplicate-id check switched off, by a patch that
    exists only here: what its reading and hand-offs alone reach, so the table shows how much of the
    distance to the 2-thread read the record rules take (local data only)."""
    nothing_found = RowFindings([], [], None, None)
    with (
        patch.object(RowRules, "find", lambda self, batch: nothing_found),
        patch.object(NamespaceChecker, "_check_duplicates", lambda *args, **kwargs: None),
    ):
        return _validate(uri)


_READERS: dict[str, Callable[[str], int]] = {
    "sequential": _sequential_read,
    "parallel": _parallel_read,
    "validator": _validate,
    "reading": _validate_reading_only,
}
_NAMES = {
    "sequential": "sequential pyarrow read",
    "parallel": "pyarrow read on 2 threads",
    "validator": "validate_source",
    "reading": "validate_source, rules off",
}


def _tools(where: str, round_number: int) -> tuple[str, ...]:
    tools = (
        ("sequential", "parallel", "validator", "reading")
        if where == "local"
        else ("sequential", "parallel", "validator")
    )
    return tools[::-1] if round_number % 2 else tools


def run(options: StorageOptions) -> Section:
    spec = DatasetSpec(
        options.records, options.dimension, namespaces=2, files_per_namespace=options.files_per_namespace
    )
    dataset, reused = cached_dataset(spec, options.cache)
    warm_page_cache(dataset)
    size = dataset_bytes(dataset)
    places: dict[str, tuple[str, dict[str, str]]] = {"local": (str(dataset.root), {})}
    emulators: list[Emulator] = []
    starters = {
        "s3": (start_moto, s3_env),
        "gs": (start_fake_gcs, gcs_env),
        "azure": (start_azurite, azure_env),
    }
    seconds: dict[tuple[str, str], list[float]] = {}
    # CPU seconds of this process per wall second: how many cores a pass really got (the emulators'
    # own processes excluded). A validator near 1.0 on local data means the machine had no second core.
    cores: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-emulators-") as workdir:
        try:
            for cloud in options.clouds:
                start, env_of = starters[cloud]
                emulator = start(Path(workdir))
                emulators.append(emulator)
                filesystem = make_filesystem(cloud, emulator.endpoint)
                filesystem.create_dir("bench")
                bucket = Bucket(cloud, "bench", filesystem, env_of(emulator.endpoint))
                places[cloud] = (bucket.upload(dataset.root, "data"), bucket.env)
            for round_number in range(options.rounds):
                for where, (uri, env) in places.items():
                    with patch.dict(os.environ, env):
                        for tool in _tools(where, round_number):
                            began, cpu = time.perf_counter(), time.process_time()
                            records = _READERS[tool](uri)
                            wall = time.perf_counter() - began
                            seconds.setdefault((where, tool), []).append(wall)
                            cores.setdefault((where, tool), []).append((time.process_time() - cpu) / wall)
                            if records != dataset.total_records:
                                raise RuntimeError(f"{tool} saw {records} records from {where}")
        finally:
            for emulator in emulators:
                emulator.stop()

    rows: list[list[str]] = []
    speedups: dict[str, float] = {}
    ceilings: dict[str, float] = {}
    for where in places:
        floor = median(seconds[where, "sequential"])
        checked = median(seconds[where, "validator"])
        speedups[where] = ratio(floor, checked)
        ceilings[where] = ratio(floor, median(seconds[where, "parallel"]))
        for tool in _tools(where, 0):
            mid = median(seconds[where, tool])
            rows.append(
                [
                    f"{where}: {_NAMES[tool]}",
                    f"{mid:.2f} s",
                    f"{size / _MB / mid:,.0f} MB/s",
                    f"{median(cores[where, tool]):.2f}",
                    "" if tool == "sequential" else f"{ratio(floor, mid):.2f}x",
                ]
            )
    reading_only = ratio(median(seconds["local", "sequential"]), median(seconds["local", "reading"]))
    notes = [
        f"dataset: {spec.records:,} records x {spec.dimension} dims with metadata, 2 namespaces x"
        f" {spec.files_per_namespace} files, {size / 1e9:.3f} GB ({'cached' if reused else 'written now'});"
        " local reads come from the page cache.",
        "speedup = sequential read time / validator time (median of the rounds), same filesystem object;"
        " the validator reads several files at once (2 local, 6 remote) and checks every record.",
        "pyarrow read on 2 threads: the plain read with the files split over two threads, the ceiling"
        f" for any parallel reader here (local: {ceilings['local']:.2f}x the sequential read).",
        "validate_source, rules off: the same scan with the record rules and the duplicate-id check"
        f" patched out (here only), {reading_only:.2f}x the sequential read:"
        " the rules' CPU time is what keeps the full validator from the 2-thread ceiling.",
        "flat memory is measured by the validator suite (fresh process per pass);"
        " this suite runs in one process.",
        f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
        " at the end (other work on the machine makes the figures noisy).",
    ]
    return Section(
        title=(
            "Storage: validator vs a sequential pyarrow read, local and per emulator,"
            f" median of {options.rounds}"
        ),
        table=format_table(["where: pass", "median", "MB/s", "cores used", "speedup"], rows),
        data={
            "bytes": size,
            "records": dataset.total_records,
            "seconds": {f"{where}/{tool}": values for (where, tool), values in seconds.items()},
            "speedup": {where: round(value, 3) for where, value in speedups.items()},
            "parallel_read_speedup": {where: round(value, 3) for where, value in ceilings.items()},
            "local_rules_off_speedup": round(reading_only, 3),
            "cores_used": {f"{where}/{tool}": values for (where, tool), values in cores.items()},
        },
        targets=[
            Target(
                "local: validator / sequential read throughput",
                speedups["local"],
                MIN_LOCAL_SPEEDUP,
                at_least=True,
            )
        ],
        notes=notes,
    )
