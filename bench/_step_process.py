"""One measured pass in a fresh process: `python -m MODULE ARGS...`, whose last line on stdout is a
JSON object of its figures (seconds, records, peak RSS and so on)."""

from __future__ import annotations

import json
import subprocess
import sys


def run_step(module: str, *args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
