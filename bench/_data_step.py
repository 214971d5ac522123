"""`python -m bench._data_step STEP FOLDER`: one measured pass over a dataset, in a process of its own.

Arrow allocates outside Python's allocator, so tracemalloc cannot see most of the memory a read
uses; the peak resident set size of a process that did nothing but this one step can. The step
prints one JSON line: seconds spent in the step (interpreter start-up and imports excluded),
records seen, and the process's peak RSS in bytes (see _peak_memory for why not ru_maxrss).

Steps:
- `imports`: loads what the other steps load and stops, the memory every step starts from;
- `pyarrow`: reads every row group of every Parquet file, all columns, with pyarrow alone (the floor),
  in batches of the size the validator uses for that file;
- `validator`: `validate_source` on the folder, which must find no problem;
- `id-set`: builds the largest namespace's set of ids the way the duplicate check does, and reports
  the bytes Python holds for it (tracemalloc sees these, as they are ordinary Python objects).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq

from bench._peak_memory import high_water_mark
from pinecone_imports.preflight import validate_source
from pinecone_imports.preflight._scan import DEFAULT_BATCH_ROWS, rows_per_batch

STEPS = ("imports", "pyarrow", "validator", "id-set")


def _parquet_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.parquet"))


def _read_with_pyarrow(folder: Path, batch_rows: int) -> int:
    records = 0
    for path in _parquet_files(folder):
        with pq.ParquetFile(path) as parquet:
            # The batch size the validator picks for this file, so both decode the same batches.
            rows = rows_per_batch(parquet.metadata, batch_rows)
            for batch in parquet.iter_batches(batch_size=rows):
                records += batch.num_rows
    return records


def _validate(folder: Path, batch_rows: int) -> int:
    report = validate_source(folder, batch_rows=batch_rows)
    if not report.ok:
        raise SystemExit(f"the benchmark dataset has problems: {report.problems[:3]}")
    return report.summary.records


def _id_set_bytes(folder: Path) -> tuple[int, int]:
    by_namespace: dict[str, list[Path]] = {}
    for path in _parquet_files(folder):
        by_namespace.setdefault(path.parent.name, []).append(path)
    largest = max(by_namespace.values(), key=lambda paths: sum(pq.read_metadata(p).num_rows for p in paths))
    tracemalloc.start()
    ids: set[str] = set()
    for path in largest:
        ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return len(ids), held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench._data_step")
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batch-rows", type=int, default=DEFAULT_BATCH_ROWS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    extra: dict[str, int] = {}
    if args.step == "pyarrow":
        records = _read_with_pyarrow(args.folder, args.batch_rows)
    elif args.step == "validator":
        records = _validate(args.folder, args.batch_rows)
    elif args.step == "id-set":
        records, extra["id_set_bytes"] = _id_set_bytes(args.folder)
    else:
        records = 0
    seconds = time.perf_counter() - started
    # ru_maxrss (KiB on Linux and BSD) only where /proc is missing; see _peak_memory.
    peak = high_water_mark() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "records": records, "max_rss_bytes": peak, **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
