"""Cold start: the cost of importing and constructing a client in a fresh interpreter.

Each statement runs in a new process, interleaved with the others run by run; the process times
the statement itself (interpreter start-up excluded) and reports it. `pinecone-imports --help` is
timed from outside, as a whole process, next to a bare `python -c pass` for scale.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench._section import Section, Target, format_table
from bench._server_process import running_server
from bench._stats import median, percentile, ratio

BASELINE = "import httpx, attrs"
OURS = "from pinecone_imports import ImportsClient + ImportsClient(...)"
SDK = "from pinecone import Index"
MAX_VS_BASELINE = 1.15

_PROBE = """
import sys, time
started = time.perf_counter()
exec(sys.argv[1])
elapsed = time.perf_counter() - started
loaded = sorted({m.split(".")[1] for m in sys.modules if m.startswith("pinecone_imports_generated.")})
print(__import__("json").dumps({"seconds": elapsed, "generated_versions": loaded}))
"""


@dataclass
class ColdOptions:
    runs: int = 15


def _statements(base_url: str) -> dict[str, str]:
    return {
        BASELINE: "import httpx, attrs",
        OURS: f"from pinecone_imports import ImportsClient\nImportsClient({base_url!r}, 'k')",
        SDK: "from pinecone import Index",
        "from pinecone import Index + Index(...)": (
            f"from pinecone import Index\nIndex(host={base_url!r}, api_key='k')"
        ),
        "pinecone-imports: import, construct, first describe": (
            "from pinecone_imports import ImportsClient\n"
            f"ImportsClient({base_url!r}, 'k').describe_import('1').status"
        ),
        "official SDK: import, construct, first describe": (
            f"from pinecone import Index\nIndex(host={base_url!r}, api_key='k').describe_import('1').status"
        ),
    }


def _probe(statement: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, statement], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


def _cli_command() -> list[str] | None:
    script = Path(sys.executable).parent / "pinecone-imports"
    found = str(script) if script.exists() else shutil.which("pinecone-imports")
    if found is None:
        return None
    probe = subprocess.run([found, "--help"], capture_output=True, check=False)
    return [found, "--help"] if probe.returncode == 0 else None


def run(options: ColdOptions) -> Section:
    seconds: dict[str, list[float]] = {}
    versions_seen: set[str] = set()
    cli = _cli_command()
    walls: dict[str, list[float]] = {"python -c pass": []}
    if cli is not None:
        walls["pinecone-imports --help"] = []
    with running_server(100) as base_url:
        statements = _statements(base_url)
        for statement in statements.values():
            _probe(statement)  # untimed: fills bytecode caches
        for run_number in range(options.runs):
            names = list(statements)
            shift = run_number % len(names)
            for name in names[shift:] + names[:shift]:
                result = _probe(statements[name])
                seconds.setdefault(name, []).append(float(str(result["seconds"])))
                if name.startswith("pinecone-imports:"):
                    versions_seen.update(str(v) for v in result["generated_versions"])  # type: ignore[attr-defined]
            walls["python -c pass"].append(_wall([sys.executable, "-c", "pass"]))
            if cli is not None:
                walls["pinecone-imports --help"].append(_wall(cli))
    baseline = median(seconds[BASELINE])
    rows, data = [], []
    for name, values in [*seconds.items(), *walls.items()]:
        mid, worst = median(values) * 1000, percentile(values, 0.99) * 1000
        relative = ratio(mid, baseline * 1000) if name in seconds else None
        rows.append(
            [
                name,
                str(len(values)),
                f"{mid:.1f} ms",
                f"{worst:.1f} ms",
                f"{relative:.2f}x" if relative else "-",
            ]
        )
        data.append(
            {"what": name, "runs": len(values), "median_ms": round(mid, 2), "max_ms": round(worst, 2)}
        )
    notes = [
        "in-process time of the statement; the last two rows are whole-process wall times.",
        f"generated versions loaded by the first describe: {sorted(versions_seen)} (only the selected one)",
    ]
    if cli is None:
        notes.append(
            "pinecone-imports --help: not measured (the command line is not installed in this tree)."
        )
    targets = [
        Target("cold start / import httpx, attrs", ratio(median(seconds[OURS]), baseline), MAX_VS_BASELINE),
        Target(
            "cold start / from pinecone import Index", ratio(median(seconds[OURS]), median(seconds[SDK])), 1.0
        ),
    ]
    return Section(
        title=f"Cold start, fresh processes, {options.runs} runs each (ratio to `import httpx, attrs`)",
        table=format_table(["statement", "runs", "median", "max", "x baseline"], rows),
        data={"rows": data, "generated_versions_loaded": sorted(versions_seen)},
        targets=targets,
        notes=notes,
    )
