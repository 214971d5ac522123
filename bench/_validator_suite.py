"""Validator throughput and peak memory against pyarrow reading the same files (the floor).

Two datasets of dense vectors with metadata are written once and cached (see _datasets): a large
one of `data_gb` and a small one a quarter of its size, made of identical files (4 per namespace
against 1), so that only the amount of data differs between them. Every measured pass runs in a fresh process
(`bench._data_step`), which reports its own time and peak RSS; the passes of both tools over both
datasets alternate round by round, and the order within a round flips, so machine noise lands on
all of them alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from bench._datasets import (
    CACHE,
    DatasetSpec,
    cached_dataset,
    dataset_bytes,
    records_for_bytes,
    warm_page_cache,
)
from bench._peak_memory import mib_text
from bench._section import Section, Target, format_table
from bench._stats import median, ratio
from bench._step_process import run_step
from pinecone_imports._sample_data import SampleDataset
from pinecone_imports.preflight._scan import DEFAULT_BATCH_ROWS

# From the project's performance issue: at least half of pyarrow's read throughput.
MIN_SHARE_OF_PYARROW = 0.5
# "Flat memory", made checkable: four times the data may raise the validator's peak RSS by at most
# 10 %. Memory proportional to the data would show 4.00x; the duplicate-id set is the only part that
# legitimately grows, by tens of bytes per id of a namespace. The check compares the median peak of
# the rounds: one process's peak moves by tens of MB from run to run with the timing of the reading
# thread, whatever the data size; the table shows the highest peak seen.
MAX_PEAK_GROWTH = 1.10
_MB = 1_000_000


@dataclass
class ValidatorOptions:
    data_gb: float = 1.1
    dimension: int = 768
    rounds: int = 5
    batch_rows: int = DEFAULT_BATCH_ROWS
    cache: Path = CACHE


def specs(options: ValidatorOptions) -> tuple[DatasetSpec, DatasetSpec]:
    """The large and the small dataset: the same files (records each, dimension, namespaces), but
    four files per namespace in the large one and one in the small one."""
    per_file = math.ceil(records_for_bytes(int(options.data_gb * 1e9), options.dimension) / (3 * 4))
    return (
        DatasetSpec(per_file * 3 * 4, options.dimension, namespaces=3, files_per_namespace=4),
        DatasetSpec(per_file * 3, options.dimension, namespaces=3, files_per_namespace=1),
    )


def _step(step: str, folder: Path, batch_rows: int) -> dict[str, float]:
    return run_step("bench._data_step", step, str(folder), "--batch-rows", str(batch_rows))


def run(options: ValidatorOptions) -> Section:
    large_spec, small_spec = specs(options)
    datasets: dict[str, SampleDataset] = {}
    notes: list[str] = []
    for label, spec in (("large", large_spec), ("small", small_spec)):
        dataset, reused = cached_dataset(spec, options.cache)
        datasets[label] = dataset
        warm_page_cache(dataset)
        notes.append(
            f"{label} dataset: {spec.records:,} records x {spec.dimension} dims with metadata,"
            f" {spec.namespaces} namespaces x {spec.files_per_namespace} files,"
            f" {dataset_bytes(dataset) / 1e9:.3f} GB on disk ({'cached' if reused else 'written now'})"
        )
    base = _step("imports", datasets["small"].root, options.batch_rows)
    samples: dict[tuple[str, str], list[dict[str, float]]] = {}
    for round_number in range(options.rounds):
        tools = ["pyarrow", "validator"] if round_number % 2 == 0 else ["validator", "pyarrow"]
        for label in ("large", "small"):
            for tool in tools:
                result = _step(tool, datasets[label].root, options.batch_rows)
                if result["records"] != datasets[label].total_records:
                    raise RuntimeError(f"{tool} saw {result['records']} records in the {label} dataset")
                samples.setdefault((tool, label), []).append(result)
    id_sets = {label: _step("id-set", datasets[label].root, options.batch_rows) for label in datasets}

    rows: list[list[str]] = []
    data: list[dict[str, object]] = []
    seconds: dict[tuple[str, str], float] = {}
    peaks: dict[tuple[str, str], float] = {}
    typical: dict[tuple[str, str], float] = {}
    for (tool, label), results in samples.items():
        dataset = datasets[label]
        size = dataset_bytes(dataset)
        mid = median([r["seconds"] for r in results])
        peak = max(r["max_rss_bytes"] for r in results)
        seconds[tool, label], peaks[tool, label] = mid, peak
        typical[tool, label] = median([r["max_rss_bytes"] for r in results])
        name = "pyarrow iter_batches (floor)" if tool == "pyarrow" else "validate_source"
        rows.append(
            [
                f"{name}, {label}",
                f"{size / 1e9:.3f} GB",
                f"{mid:.2f} s",
                f"{size / _MB / mid:,.0f} MB/s",
                f"{dataset.total_records / mid:,.0f}",
                mib_text(peak),
            ]
        )
        data.append(
            {
                "tool": tool,
                "dataset": label,
                "bytes": size,
                "records": dataset.total_records,
                "runs": len(results),
                "median_s": round(mid, 4),
                "mb_per_s": round(size / _MB / mid, 1),
                "records_per_s": round(dataset.total_records / mid),
                "peak_rss_bytes": int(peak),
                "median_peak_rss_bytes": int(typical[tool, label]),
                "peak_rss_bytes_per_round": [int(r["max_rss_bytes"]) for r in results],
            }
        )
    rows.append(["process after imports only", "-", "-", "-", "-", mib_text(base["max_rss_bytes"])])

    share = ratio(seconds["pyarrow", "large"], seconds["validator", "large"])
    growth = ratio(typical["validator", "large"], typical["validator", "small"])
    id_growth = id_sets["large"]["id_set_bytes"] - id_sets["small"]["id_set_bytes"]
    notes += [
        "each pass is a fresh process; time is measured inside it, peak RSS is its high-water mark"
        " (Arrow's memory pool included, which tracemalloc cannot see); both read from the page cache.",
        f"validator / pyarrow throughput on the large dataset: {share:.2f}"
        f" (small: {ratio(seconds['pyarrow', 'small'], seconds['validator', 'small']):.2f}).",
        f"validator peak RSS, large / small dataset: {growth:.2f}x (medians of the rounds;"
        f" highest peaks: {ratio(peaks['validator', 'large'], peaks['validator', 'small']):.2f}x)"
        f" for {ratio(*_sizes(datasets)):.1f}x the data; pyarrow's:"
        f" {ratio(typical['pyarrow', 'large'], typical['pyarrow', 'small']):.2f}x.",
        f"duplicate-id set of the largest namespace: {id_sets['small']['records']:,.0f} ids ="
        f" {mib_text(id_sets['small']['id_set_bytes'])} (small), {id_sets['large']['records']:,.0f} ids ="
        f" {mib_text(id_sets['large']['id_set_bytes'])} (large); it grows with the ids of one namespace"
        f" (+{mib_text(id_growth)} here); nothing else the validator keeps grows with the data.",
        "a process's peak is a short spike whose height depends on how the reading thread and the"
        " checks line up (tens of MB from run to run); a longer run has more chances to meet a high one.",
    ]
    targets = [
        Target("validator throughput / pyarrow read throughput", share, MIN_SHARE_OF_PYARROW, at_least=True),
        Target("validator median peak RSS, 4x the data / 1x", growth, MAX_PEAK_GROWTH),
    ]
    return Section(
        title=(
            f"Preflight validator vs pyarrow reading the same files, median of {options.rounds} rounds"
            " (fresh process per pass)"
        ),
        table=format_table(["pass", "data", "median", "MB/s", "records/s", "highest peak RSS"], rows),
        data={
            "rows": data,
            "imports_only_peak_rss_bytes": int(base["max_rss_bytes"]),
            "id_set": {label: id_sets[label] for label in id_sets},
            "throughput_share": round(share, 3),
            "peak_growth": round(growth, 3),
        },
        targets=targets,
        notes=notes,
    )


def _sizes(datasets: dict[str, SampleDataset]) -> tuple[float, float]:
    return float(dataset_bytes(datasets["large"])), float(dataset_bytes(datasets["small"]))
