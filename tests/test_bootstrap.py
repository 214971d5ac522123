"""scripts/_bootstrap says what it is doing while it sets up .venv (it used to sit silent for minutes).

A stand-in interpreter makes the run instant: `-m venv` and `-m pip` are recorded instead of run,
everything else goes to the real Python, so the script's own logic runs as written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_STAND_IN = """#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "$*" >> "$PIP_LOG"; exit "${PIP_EXIT:-0}"; fi
exec PYTHON_BIN "$@"
"""


def _bootstrap(tmp_path: Path, *, pip_exit: int) -> subprocess.CompletedProcess[str]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True, exist_ok=True)
    (repo / "requirements").mkdir(exist_ok=True)
    shutil.copy2(REPO / "scripts" / "_bootstrap", repo / "scripts" / "_bootstrap")
    shutil.copy2(REPO / "requirements" / "dev.lock", repo / "requirements" / "dev.lock")
    shutil.copy2(REPO / "pyproject.toml", repo / "pyproject.toml")
    python = tmp_path / "python3"
    python.write_text(_STAND_IN.replace("PYTHON_BIN", sys.executable))
    python.chmod(0o755)
    env = {
        **os.environ,
        "PYTHON": str(python),
        "PIP_LOG": str(tmp_path / "pip.log"),
        "PIP_EXIT": str(pip_exit),
    }
    return subprocess.run(
        ["bash", "-c", "source scripts/_bootstrap && echo ready"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bootstrap_says_each_step(tmp_path: Path) -> None:
    done = _bootstrap(tmp_path, pip_exit=0)
    assert done.returncode == 0, done.stderr
    packages = sum(
        1 for line in (REPO / "requirements" / "dev.lock").read_text().splitlines() if line[:1].isalnum()
    )
    lines = done.stderr.splitlines()
    assert lines[0].startswith("pinecone-imports: setting up ") and lines[0].endswith(
        "(first run, or requirements/dev.lock changed)"
    )
    assert lines[1].startswith("  1/3 creating the virtual environment with Python 3.")
    assert lines[2] == (
        f"  2/3 installing {packages} pinned packages from requirements/dev.lock (2-3 minutes the first time)"
    )
    assert lines[3] == "  3/3 installing pinecone-imports itself in editable mode"
    assert lines[4].startswith("pinecone-imports: .venv ready in ")
    assert done.stdout == "ready\n"
    assert len((tmp_path / "pip.log").read_text().splitlines()) == 2
    # A second run finds .venv up to date and says nothing.
    again = _bootstrap(tmp_path, pip_exit=0)
    assert again.returncode == 0 and again.stderr == ""


def test_bootstrap_says_when_installing_failed(tmp_path: Path) -> None:
    done = _bootstrap(tmp_path, pip_exit=1)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        "pinecone-imports: installing the pinned packages failed (see pip's message above)"
    )
