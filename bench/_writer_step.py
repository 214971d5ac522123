"""`python -m bench._writer_step TOOL RECORDS FOLDER`: one measured write, in a process of its own.

Both tools start from the same Python inputs, made chunk by chunk from a fixed seed: a float32 numpy
matrix, a list of ids and a list of metadata JSON strings. Only the writing is timed:
- `writer`: `ImportWriter.write` per chunk (conversion to Arrow, every record rule, row groups,
  files), then `close()`;
- `pyarrow`: the same chunks turned into one Arrow table, then one `pyarrow.parquet.write_table`
  with the same compression and row-group size (the floor: no checks, everything in memory);
- `imports`: loads what the others load and stops, the memory every step starts from.
Prints one JSON line: seconds, records, bytes written and the process's peak RSS (VmHWM)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from bench._peak_memory import high_water_mark
from pinecone_imports import ImportWriter

STEPS = ("imports", "writer", "pyarrow")
CHUNK = 8192
COMPRESSION = "snappy"


def chunks(records: int, dimension: int) -> Iterator[tuple[list[str], np.ndarray, list[str]]]:
    rng = np.random.default_rng(0)
    for start in range(0, records, CHUNK):
        count = min(CHUNK, records - start)
        ids = [f"doc-{n}" for n in range(start, start + count)]
        metadata = [f'{{"n": {n}, "genre": "news"}}' for n in range(start, start + count)]
        yield ids, rng.random((count, dimension), dtype=np.float32), metadata


def write_with_writer(folder: Path, records: int, dimension: int, row_group_rows: int) -> float:
    spent = 0.0
    writer = ImportWriter(folder, dimension=dimension, row_group_rows=row_group_rows, compression=COMPRESSION)
    for ids, matrix, metadata in chunks(records, dimension):
        began = time.perf_counter()
        writer.write(ids, matrix, metadata=metadata, namespace="bench")
        spent += time.perf_counter() - began
    began = time.perf_counter()
    writer.close()
    return spent + time.perf_counter() - began


def write_with_pyarrow(folder: Path, records: int, dimension: int, row_group_rows: int) -> float:
    spent = 0.0
    tables = []
    floats = pa.list_(pa.float32())
    for ids, matrix, metadata in chunks(records, dimension):
        began = time.perf_counter()
        offsets = pa.array(np.arange(len(ids) + 1, dtype=np.int32) * np.int32(dimension))
        values = pa.ListArray.from_arrays(offsets, pa.array(matrix.reshape(-1)), type=floats)
        tables.append(pa.table({"id": pa.array(ids, pa.string()), "values": values, "metadata": metadata}))
        spent += time.perf_counter() - began
    began = time.perf_counter()
    (folder / "bench").mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.concat_tables(tables),
        folder / "bench" / "part-0.parquet",
        compression=COMPRESSION,
        row_group_size=row_group_rows,
    )
    return spent + time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench._writer_step")
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("records", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dimension", type=int, default=1536)
    parser.add_argument("--row-group-rows", type=int, default=8192)
    args = parser.parse_args(argv)
    seconds = 0.0
    if args.step == "writer":
        seconds = write_with_writer(args.folder, args.records, args.dimension, args.row_group_rows)
    elif args.step == "pyarrow":
        seconds = write_with_pyarrow(args.folder, args.records, args.dimension, args.row_group_rows)
    written = sum(p.stat().st_size for p in args.folder.glob("*/*.parquet")) if args.step != "imports" else 0
    print(
        json.dumps(
            {
                "seconds": seconds,
                "records": args.records if args.step != "imports" else 0,
                "bytes": written,
                "max_rss_bytes": high_water_mark() or 0,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
