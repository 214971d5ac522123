"""Per-call timings of every client against one loopback server, interleaved in blocks."""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import version

from bench._blocks import OPERATIONS, AsyncRunner, BlockRunner, SyncRunner
from bench._clients import official_sdk, ours_async, ours_sync, plain_http_client, plain_httpx
from bench._section import Section, Target, format_table
from bench._server_process import running_server
from bench._stats import median, percentile, ratio

OURS = "pinecone-imports sync"
SDK = "official SDK"
FLOOR = "http.client loop"
# The guard rail of the project's HTTP issue, for the sync client: no operation slower than 1.5x the
# official SDK (which also runs on httpx). The http.client floor is shown for context, not a target.
MAX_VS_SDK = 1.5


@dataclass
class CallOptions:
    describe: int = 2000
    start: int = 1000
    cancel: int = 1000
    lists: int = 10
    rounds: int = 10
    concurrency: int = 10
    imports: int = 10_000


def _runners(base_url: str, concurrency: int) -> list[BlockRunner]:
    return [
        SyncRunner(OURS, ours_sync(base_url)),
        AsyncRunner("pinecone-imports async", lambda: ours_async(base_url), 1),
        AsyncRunner(f"pinecone-imports async x{concurrency}", lambda: ours_async(base_url), concurrency),
        SyncRunner(SDK, official_sdk(base_url)),
        SyncRunner("httpx.Client loop", plain_httpx(base_url)),
        SyncRunner(FLOOR, plain_http_client(base_url)),
    ]


def _per_block(total: int, rounds: int) -> int:
    return max(1, math.ceil(total / rounds))


def _measure(
    options: CallOptions,
) -> tuple[list[str], dict[tuple[str, str], list[int]], dict[tuple[str, str], int]]:
    totals = {"describe": options.describe, "start": options.start, "cancel": options.cancel}
    totals["list"] = options.lists
    # The same spread of preloaded ids for every client.
    ids = [str(1 + (n * 7919) % options.imports) for n in range(max(options.describe, 1))]
    samples: dict[tuple[str, str], list[int]] = defaultdict(list)
    walls: dict[tuple[str, str], int] = defaultdict(int)
    with running_server(options.imports) as base_url:
        runners = _runners(base_url, options.concurrency)
        try:
            for runner in runners:  # warm-up: imports, connections, first-use caches; not recorded
                for operation in OPERATIONS:
                    runner.run(operation, 1 if operation == "list" else 10, ids, options.imports)
            for round_number in range(options.rounds):
                for operation in OPERATIONS:
                    shift = round_number % len(runners)
                    for runner in runners[shift:] + runners[:shift]:
                        calls = _per_block(totals[operation], options.rounds)
                        if operation == "list" and runner.name.endswith(f"x{options.concurrency}"):
                            continue  # a listing follows tokens one page after another
                        gc.collect()  # one client's garbage is not another's pause
                        block = runner.run(operation, calls, ids, options.imports)
                        samples[(runner.name, operation)].extend(block.samples_ns)
                        walls[(runner.name, operation)] += block.wall_ns
        finally:
            for runner in runners:
                runner.close()
    return [runner.name for runner in runners], samples, walls


def run(options: CallOptions) -> Section:
    names, samples, walls = _measure(options)
    medians = {key: median(values) / 1000 for key, values in samples.items()}
    rows: list[list[str]] = []
    data: list[dict[str, object]] = []
    targets: list[Target] = []
    list_label = f"list {options.imports:,}"
    for operation in OPERATIONS:
        label = list_label if operation == "list" else operation
        for name in names:
            values = samples.get((name, operation))
            if not values:
                continue
            mid = medians[(name, operation)]
            p99 = percentile(values, 0.99) / 1000
            per_call = walls[(name, operation)] / len(values) / 1000
            vs_floor = ratio(mid, medians[(FLOOR, operation)])
            vs_sdk = ratio(mid, medians[(SDK, operation)])
            unit_scale = 1000 if operation == "list" else 1
            unit = "ms" if operation == "list" else "us"
            rows.append(
                [
                    label,
                    name,
                    str(len(values)),
                    f"{mid / unit_scale:.3f} {unit}" if operation == "list" else f"{mid:.1f} {unit}",
                    f"{p99 / unit_scale:.3f} {unit}" if operation == "list" else f"{p99:.1f} {unit}",
                    f"{per_call / unit_scale:.3f} {unit}"
                    if operation == "list"
                    else f"{per_call:.1f} {unit}",
                    f"{vs_floor:.2f}x",
                    f"{vs_sdk:.2f}x",
                ]
            )
            data.append(
                {
                    "operation": label,
                    "client": name,
                    "calls": len(values),
                    "median_us": round(mid, 2),
                    "p99_us": round(p99, 2),
                    "wall_per_call_us": round(per_call, 2),
                    "vs_floor": round(vs_floor, 3),
                    "vs_official_sdk": round(vs_sdk, 3),
                }
            )
        targets.append(
            Target(f"{label}: sync client / official SDK", ratio_of(medians, operation, SDK), MAX_VS_SDK)
        )
    header = ["operation", "client", "calls", "median", "p99", "wall/call", "x floor", "x SDK"]
    notes = [
        "median and p99 are per-call latencies; wall/call is a block's duration divided by its calls "
        f"(for async x{options.concurrency} that is the throughput figure, "
        f"{options.concurrency} calls in flight).",
        f"official SDK: pinecone {version('pinecone')}; httpx {version('httpx')}; "
        "server: bench/_server.py (asyncio.Protocol, HTTP/1.1 keep-alive, pre-encoded JSON, gc frozen).",
        f"async x{options.concurrency} does not list: a listing fetches one page after another.",
    ]
    return Section(
        title=f"Per call, {options.rounds} interleaved rounds (ratios of medians)",
        table=format_table(header, rows),
        data={"options": vars(options), "rows": data},
        targets=targets,
        notes=notes,
    )


def ratio_of(medians: dict[tuple[str, str], float], operation: str, baseline: str) -> float:
    return ratio(medians[(OURS, operation)], medians[(baseline, operation)])
