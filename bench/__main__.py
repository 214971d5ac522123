"""python -m bench: run the benchmark suites, print their tables and write them as JSON.

Each suite is a module with a `run(options) -> Section` (see _section); SUITE_NAMES and
`_suites` list them in the order they run. A new measurement is a further module plus one entry in
each, without touching the others. The data suites (validator, import) write their datasets once
into a git-ignored cache (`--data-dir`) and reuse them on later runs with the same sizes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from bench import _call_suite, _cold_start, _import_suite, _storage_suite, _validator_suite, _writer_suite
from bench._datasets import CACHE
from bench._section import Section

DEFAULT_JSON = Path(__file__).parent / "results" / "latest.json"
SUITE_NAMES = ("calls", "cold-start", "validator", "import", "writer", "storage")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    defaults = _call_suite.CallOptions()
    parser.add_argument("--only", choices=SUITE_NAMES, action="append", help="run only these suites")
    parser.add_argument("--describe", type=int, default=defaults.describe, help="describe calls per client")
    parser.add_argument("--start", type=int, default=defaults.start, help="start calls per client")
    parser.add_argument("--cancel", type=int, default=defaults.cancel, help="cancel calls per client")
    parser.add_argument("--lists", type=int, default=defaults.lists, help="full listings per client")
    parser.add_argument("--imports", type=int, default=defaults.imports, help="imports the server preloads")
    parser.add_argument(
        "--rounds", type=int, default=defaults.rounds, help="interleaved blocks per operation"
    )
    parser.add_argument(
        "--concurrency", type=int, default=defaults.concurrency, help="calls in flight for async"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=_cold_start.ColdOptions().runs, help="fresh processes"
    )
    _add_data_options(parser)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run with tiny counts (numbers mean nothing)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.describe, args.start, args.cancel, args.lists = 12, 6, 6, 2
        args.imports, args.rounds, args.concurrency, args.cold_runs = 250, 2, 3, 1
        args.data_gb, args.file_records, args.validator_rounds = 0.004, 1000, 1
        args.import_records, args.import_rounds = 3000, 1
        args.writer_records, args.writer_rounds, args.writer_dimension = 2000, 1, 64
        args.storage_records, args.storage_rounds = 2000, 1
    return args


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    checks = _validator_suite.ValidatorOptions()
    imports = _import_suite.ImportOptions()
    parser.add_argument(
        "--data-gb",
        type=float,
        default=checks.data_gb,
        help="size of the large dense dataset (10^9 bytes); the validator also reads one a quarter of it",
    )
    parser.add_argument("--dimension", type=int, default=checks.dimension, help="its dimension")
    parser.add_argument(
        "--validator-rounds", type=int, default=checks.rounds, help="interleaved validator rounds"
    )
    parser.add_argument(
        "--import-records", type=int, default=imports.records, help="records of the import-rate dataset"
    )
    parser.add_argument("--import-dimension", type=int, default=imports.dimension, help="its dimension")
    parser.add_argument(
        "--file-records", type=int, default=imports.file_records, help="its records per Parquet file"
    )
    parser.add_argument("--import-rounds", type=int, default=imports.rounds, help="imports of it")
    storage = _storage_suite.StorageOptions()
    parser.add_argument(
        "--storage-records", type=int, default=storage.records, help="records of the storage dataset"
    )
    parser.add_argument(
        "--storage-rounds", type=int, default=storage.rounds, help="rounds of the storage suite"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=CACHE, help="cache of generated datasets (reused across runs)"
    )
    writer = _writer_suite.WriterOptions()
    parser.add_argument("--writer-records", type=int, default=writer.records, help="records of the 1x write")
    parser.add_argument("--writer-dimension", type=int, default=writer.dimension, help="their dimension")
    parser.add_argument("--writer-rounds", type=int, default=writer.rounds, help="interleaved writer rounds")


def _suites(args: argparse.Namespace) -> dict[str, Callable[[], Section]]:
    calls = _call_suite.CallOptions(
        describe=args.describe,
        start=args.start,
        cancel=args.cancel,
        lists=args.lists,
        rounds=args.rounds,
        concurrency=args.concurrency,
        imports=args.imports,
    )
    checks = _validator_suite.ValidatorOptions(
        data_gb=args.data_gb,
        dimension=args.dimension,
        rounds=args.validator_rounds,
        cache=args.data_dir,
    )
    imports = _import_suite.ImportOptions(
        records=args.import_records,
        dimension=args.import_dimension,
        file_records=args.file_records,
        rounds=args.import_rounds,
        large=_validator_suite.specs(checks)[0],
        cache=args.data_dir,
    )
    return {
        "calls": lambda: _call_suite.run(calls),
        "cold-start": lambda: _cold_start.run(_cold_start.ColdOptions(runs=args.cold_runs)),
        "validator": lambda: _validator_suite.run(checks),
        "import": lambda: _import_suite.run(imports),
        "writer": lambda: _writer_suite.run(
            _writer_suite.WriterOptions(
                records=args.writer_records,
                dimension=args.writer_dimension,
                rounds=args.writer_rounds,
                cache=args.data_dir,
            )
        ),
        "storage": lambda: _storage_suite.run(
            _storage_suite.StorageOptions(
                records=args.storage_records,
                dimension=args.dimension,
                rounds=args.storage_rounds,
                cache=args.data_dir,
            )
        ),
    }


def _print(section: Section) -> None:
    print(f"\n## {section.title}\n")
    print("\n".join(section.table))
    for note in section.notes:
        print(f"  - {note}")
    if section.targets:
        print()
        for target in section.targets:
            print(f"  target {target.line()}")


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    command = " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])])
    print(
        f"{command}\n{platform.python_implementation()} {platform.python_version()} on {platform.platform()}"
    )
    results: dict[str, object] = {
        "command": command,
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "quick": args.quick,
        "suites": {},
    }
    suites: dict[str, object] = {}
    missed = 0
    for name, suite in _suites(args).items():
        if args.only and name not in args.only:
            continue
        section = suite()
        _print(section)
        missed += sum(not target.met for target in section.targets)
        suites[name] = {
            "title": section.title,
            **section.data,
            "targets": [
                {
                    "name": t.name,
                    "measured": round(t.measured, 3),
                    "limit": t.limit,
                    "at_least": t.at_least,
                    "unit": t.unit,
                    "met": t.met,
                }
                for t in section.targets
            ],
        }
    results["suites"] = suites
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{missed} target(s) missed; results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
