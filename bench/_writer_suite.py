"""ImportWriter throughput against pyarrow.parquet.write_table, and its peak memory for 1x and 4x data.

Every pass is a fresh process (`bench._writer_step`) that reports its own write time and peak RSS;
the passes alternate round by round, and each pass's output is deleted before the next, so disk
and page cache treat them alike. Both tools write the same records (float32 vectors, ids, metadata
JSON text) with the same compression and row-group size; pyarrow writes one table it holds whole,
the writer streams chunk by chunk and checks every record.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench._datasets import CACHE
from bench._peak_memory import mib_text
from bench._section import Section, Target, format_table
from bench._stats import median, ratio
from bench._step_process import run_step

# From the writer's issue: at least 0.8x pyarrow's write throughput, and flat memory (4x the data
# may raise the peak by at most 10 %; the duplicate-id set is the only part that grows).
MIN_SHARE_OF_PYARROW = 0.8
MAX_PEAK_GROWTH = 1.10
_MB = 1_000_000


@dataclass
class WriterOptions:
    records: int = 50_000
    dimension: int = 1536
    rounds: int = 3
    row_group_rows: int = 8192
    cache: Path = CACHE


def _step(step: str, records: int, options: WriterOptions) -> dict[str, float]:
    options.cache.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="writer-", dir=options.cache))
    try:
        return run_step(
            "bench._writer_step",
            step,
            str(records),
            str(folder / "out"),
            "--dimension",
            str(options.dimension),
            "--row-group-rows",
            str(options.row_group_rows),
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(options: WriterOptions) -> Section:
    base = _step("imports", 0, options)
    passes = {("pyarrow", "1x"): options.records, ("writer", "1x"): options.records}
    passes["writer", "4x"] = 4 * options.records
    samples: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in passes}
    for round_number in range(options.rounds):
        order = list(passes) if round_number % 2 == 0 else list(reversed(passes))
        for key in order:
            samples[key].append(_step(key[0], passes[key], options))

    rows: list[list[str]] = []
    data: list[dict[str, object]] = []
    seconds: dict[tuple[str, str], float] = {}
    typical_peak: dict[tuple[str, str], float] = {}
    for (tool, size), results in samples.items():
        mid = median([r["seconds"] for r in results])
        written = median([r["bytes"] for r in results])
        seconds[tool, size] = mid
        typical_peak[tool, size] = median([r["max_rss_bytes"] for r in results])
        name = "pyarrow.parquet.write_table (floor)" if tool == "pyarrow" else "ImportWriter"
        rows.append(
            [
                f"{name}, {size}",
                f"{passes[tool, size]:,}",
                f"{written / 1e9:.3f} GB",
                f"{mid:.2f} s",
                f"{written / _MB / mid:,.0f} MB/s",
                f"{passes[tool, size] / mid:,.0f}",
                mib_text(typical_peak[tool, size]),
            ]
        )
        data.append(
            {
                "tool": tool,
                "size": size,
                "records": passes[tool, size],
                "bytes": int(written),
                "median_s": round(mid, 4),
                "records_per_s": round(passes[tool, size] / mid),
                "median_peak_rss_bytes": int(typical_peak[tool, size]),
                "peak_rss_bytes_per_round": [int(r["max_rss_bytes"]) for r in results],
            }
        )
    rows.append(["process after imports only", "-", "-", "-", "-", "-", mib_text(base["max_rss_bytes"])])
    share = ratio(seconds["pyarrow", "1x"], seconds["writer", "1x"])
    growth = ratio(typical_peak["writer", "4x"], typical_peak["writer", "1x"])
    notes = [
        f"records of {options.dimension} float32 values with an id and metadata JSON text; snappy,"
        f" row groups of {options.row_group_rows:,} rows for both tools; one namespace.",
        "each pass is a fresh process; only the writing is timed (making the inputs is not);"
        " peak RSS is the process's high-water mark (VmHWM), Arrow's memory pool included.",
        f"writer / pyarrow throughput: {share:.2f}; writer peak RSS 4x / 1x data: {growth:.2f}x"
        f" (pyarrow holds its whole table: {mib_text(typical_peak['pyarrow', '1x'])} at 1x).",
    ]
    return Section(
        title=(
            f"ImportWriter vs pyarrow.parquet.write_table, median of {options.rounds} rounds"
            " (fresh process per pass)"
        ),
        table=format_table(
            ["pass", "records", "written", "median", "MB/s", "records/s", "median peak RSS"], rows
        ),
        data={
            "rows": data,
            "imports_only_peak_rss_bytes": int(base["max_rss_bytes"]),
            "throughput_share": round(share, 3),
            "peak_growth": round(growth, 3),
        },
        targets=[
            Target(
                "writer throughput / pyarrow write_table throughput",
                share,
                MIN_SHARE_OF_PYARROW,
                at_least=True,
            ),
            Target("writer median peak RSS, 4x the data / 1x", growth, MAX_PEAK_GROWTH),
        ],
        notes=notes,
    )
