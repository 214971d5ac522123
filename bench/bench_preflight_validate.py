"""Validator throughput against pyarrow's raw read of the same files.

    .venv/bin/python bench/bench_preflight_validate.py --records 400000 --dimension 128 --rounds 5

Writes a sample dataset to a temporary folder, then alternates a plain pyarrow read of every file
(all columns, same batch size) with `validate_source`, and prints the best round of each and their
ratio. Best-of-N is reported because other processes on a shared machine only ever slow a round."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from pinecone_imports._preflight import validate_source
from pinecone_imports._sample_data import write_sample_dataset


def raw_read(files: tuple[Path, ...], batch_rows: int) -> int:
    rows = 0
    for path in files:
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=batch_rows):
                rows += batch.num_rows
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=400_000)
    parser.add_argument("--dimension", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch-rows", type=int, default=32_768)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        dataset = write_sample_dataset(Path(folder), records=args.records, dimension=args.dimension)
        raw_times: list[float] = []
        check_times: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            assert raw_read(dataset.files, args.batch_rows) == args.records
            raw_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = validate_source(dataset.root, batch_rows=args.batch_rows)
            check_times.append(time.perf_counter() - started)
            assert report.ok and report.summary.records == args.records
    raw_best, check_best = min(raw_times), min(check_times)
    print(f"records={args.records} dimension={args.dimension} rounds={args.rounds}")
    print(
        f"pyarrow raw read: best {args.records / raw_best:,.0f} rec/s, median "
        f"{args.records / statistics.median(raw_times):,.0f} rec/s"
    )
    print(
        f"validate_source:  best {args.records / check_best:,.0f} rec/s, median "
        f"{args.records / statistics.median(check_times):,.0f} rec/s"
    )
    print(f"ratio (best/best): {raw_best / check_best:.2f}")


if __name__ == "__main__":
    main()
