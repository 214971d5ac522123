"""End-to-end import rate of the local server: POST /bulk/imports until Completed, over HTTP.

    .venv/bin/python bench/bench_local_server_import.py --records 400000 --dimension 128 --rounds 3

Each round starts a fresh in-process server on a new database, starts one import of the sample
dataset through the HTTP API, and polls describe until it completes. The rate is records divided by
the time from the start request to the Completed answer, so it includes reading, validation,
conversion and the SQLite writes."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from pinecone_imports._local_server import LocalImportServer
from pinecone_imports._sample_data import write_sample_dataset


def one_round(data_root: Path, uri: str, records: int) -> float:
    with (
        tempfile.TemporaryDirectory() as state,
        LocalImportServer(data_root=data_root, db_path=Path(state) / "index.db") as server,
    ):
        headers = {"Api-Key": server.api_key, "X-Pinecone-Api-Version": "2026-04"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
            started = time.perf_counter()
            import_id = http.post("/bulk/imports", json={"uri": uri}).json()["id"]
            while True:
                body = http.get(f"/bulk/imports/{import_id}").json()
                if body["status"] not in ("Pending", "InProgress"):
                    break
                time.sleep(0.01)
            elapsed = time.perf_counter() - started
    assert body["status"] == "Completed" and body["recordsImported"] == records, body
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=400_000)
    parser.add_argument("--dimension", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        dataset = write_sample_dataset(root / "set", records=args.records, dimension=args.dimension)
        times = [one_round(root, dataset.uri, args.records) for _ in range(args.rounds)]
    print(f"records={args.records} dimension={args.dimension} rounds={args.rounds}")
    print(
        f"import: best {args.records / min(times):,.0f} rec/s, median "
        f"{args.records / statistics.median(times):,.0f} rec/s"
    )


if __name__ == "__main__":
    main()
