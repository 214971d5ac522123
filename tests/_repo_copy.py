"""A throwaway copy of the repository, for tests that run scripts which rewrite files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_COPIED = ("spec", "scripts", "generated", "wrapper", "requirements", "pyproject.toml", "README.md")


def copy_repo(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in _COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, destination / name)
    # Reuse the pinned generator environment instead of installing it again.
    tools = REPO / ".tools"
    if tools.is_dir():
        (destination / ".tools").symlink_to(tools, target_is_directory=True)
    return destination


def run_regenerate(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(repo / "scripts" / "regenerate"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
