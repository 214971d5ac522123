"""The local import server, end to end: records per second from start_import to Completed.

The server runs as its own process, started the way the command line's `serve` starts it
(`python -m pinecone_imports.local_server`, the same `serve()`), on a fresh database each round.
The benchmark process is the user: `ImportsClient.start_import` on a file:// dataset, then
`wait_for_import` polling every 20 ms. The rate is records divided by the wall time from the start
call to the Completed answer, so it covers listing, the record rules, conversion and the SQLite
writes. Peak memory is the server process's high-water mark (VmHWM in /proc, Linux only).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench._datasets import CACHE, DatasetSpec, cached_dataset, dataset_bytes, warm_page_cache
from bench._peak_memory import high_water_mark, mib_text
from bench._section import Section, Target, format_table
from bench._stats import median
from pinecone_imports import ImportsClient
from pinecone_imports._sample_data import SampleDataset
from pinecone_imports.local_server import API_KEY_ENV

# From the project's performance issue, for 128-dimension dense records on the 2-core machine.
MIN_RECORDS_PER_SECOND = 100_000
_POLL_SECONDS = 0.02
_API_KEY = "bench-local-key"


@dataclass
class ImportOptions:
    records: int = 1_000_000
    dimension: int = 128
    file_records: int = 50_000
    rounds: int = 3
    # The validator suite's large dataset, imported too (None: skipped).
    large: DatasetSpec | None = None
    large_rounds: int = 1
    cache: Path = CACHE


@dataclass
class _Server:
    url: str
    pid: int


@contextmanager
def _running_server(data_root: Path, state: Path) -> Iterator[_Server]:
    command = [
        sys.executable,
        "-m",
        "pinecone_imports.local_server",
        "--data-root",
        str(data_root),
        "--db",
        str(state / "index.db"),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**os.environ, API_KEY_ENV: _API_KEY}
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        try:
            ready = json.loads(line)
        except ValueError as exc:
            raise RuntimeError(f"the local server did not start (said {line!r})") from exc
        yield _Server(str(ready["url"]), process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _one_import(dataset: SampleDataset, cache: Path) -> dict[str, float]:
    state = Path(tempfile.mkdtemp(prefix="server-state-", dir=cache))
    try:
        with _running_server(dataset.root.parent, state) as server:
            idle = high_water_mark(server.pid)
            with ImportsClient(server.url, _API_KEY) as client:
                started = time.perf_counter()
                import_id = client.start_import(dataset.uri).id
                final = client.wait_for_import(import_id, poll_interval=_POLL_SECONDS)
                seconds = time.perf_counter() - started
            peak = high_water_mark(server.pid)
        if final.status != "Completed" or final.records_imported != dataset.total_records:
            raise RuntimeError(
                f"import ended {final.status} with {final.records_imported} records: {final.error}"
            )
        database = sum(path.stat().st_size for path in state.iterdir())
    finally:
        shutil.rmtree(state, ignore_errors=True)
    return {
        "seconds": seconds,
        "idle_rss_bytes": float(idle or 0),
        "peak_rss_bytes": float(peak or 0),
        "database_bytes": float(database),
    }


def _mib(value: float) -> str:
    return mib_text(value) if value else "n/a"


def run(options: ImportOptions) -> Section:
    namespaces = 3
    files = max(1, -(-options.records // (namespaces * options.file_records)))
    plan = [("target", DatasetSpec(options.records, options.dimension, namespaces, files), options.rounds)]
    if options.large is not None:
        plan.append(("large", options.large, options.large_rounds))
    rows: list[list[str]] = []
    data: list[dict[str, object]] = []
    notes: list[str] = []
    rates: dict[str, float] = {}
    for label, spec, rounds in plan:
        dataset, reused = cached_dataset(spec, options.cache)
        warm_page_cache(dataset)
        results = [_one_import(dataset, options.cache) for _ in range(rounds)]
        mid = median([r["seconds"] for r in results])
        rate = dataset.total_records / mid
        rates[label] = rate
        peak = max(r["peak_rss_bytes"] for r in results)
        idle = max(r["idle_rss_bytes"] for r in results)
        size = dataset_bytes(dataset)
        rows.append(
            [
                f"{spec.dimension} dims, {dataset.total_records:,} records",
                f"{size / 1e9:.3f} GB",
                str(rounds),
                f"{mid:.2f} s",
                f"{rate:,.0f}",
                f"{size / 1e6 / mid:,.0f} MB/s",
                _mib(idle),
                _mib(peak),
            ]
        )
        data.append(
            {
                "dataset": label,
                "dimension": spec.dimension,
                "records": dataset.total_records,
                "bytes": size,
                "rounds": rounds,
                "median_s": round(mid, 4),
                "records_per_s": round(rate),
                "idle_rss_bytes": int(idle),
                "peak_rss_bytes": int(peak),
                "database_bytes": int(max(r["database_bytes"] for r in results)),
            }
        )
        notes.append(
            f"{label} dataset: {spec.namespaces} namespaces x {spec.files_per_namespace} files"
            f" ({'cached' if reused else 'written now'}); SQLite database afterwards"
            f" {max(r['database_bytes'] for r in results) / 1e9:.2f} GB"
        )
    notes.append(
        "server: `python -m pinecone_imports.local_server` in its own process (the `serve()` that"
        " `pinecone-imports serve` runs), a fresh database per round; client: ImportsClient in the"
        " benchmark process, polling every 20 ms."
    )
    return Section(
        title="Local import server end to end: start_import to Completed, server in its own process",
        table=format_table(
            ["dataset", "data", "rounds", "median", "records/s", "MB/s", "server idle", "server peak RSS"],
            rows,
        ),
        data={"rows": data},
        targets=[
            Target(
                f"import rate, {options.dimension}-dimension dense records",
                rates["target"],
                MIN_RECORDS_PER_SECOND,
                at_least=True,
                unit="records/s",
            )
        ],
        notes=notes,
    )
