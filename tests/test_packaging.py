"""`pip install .` into a fresh virtual environment, then use the installed package (not the tree)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests._fake_service import FakeService
from tests._repo_copy import REPO


@pytest.mark.timeout(600)
def test_installed_wheel_works(tmp_path: Path, service: FakeService) -> None:
    source = tmp_path / "src"
    # A copy of what a clean clone holds, so the build never sees local caches or the dev venv.
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=60)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target)
    # Files added since the last commit count too (the check runs before committing as well).
    shutil.copy2(REPO / "LICENSE", source / "LICENSE")
    for folder in ("wrapper", "generated"):
        shutil.copytree(
            REPO / folder, source / folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
        )

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    smoke = (
        "import pinecone_imports, pinecone_imports_generated, sys\n"
        "assert pinecone_imports.__file__.startswith(sys.prefix), pinecone_imports.__file__\n"
        "from pinecone_imports import ImportsClient\n"
        "from pinecone_imports.v2024_10 import ImportsClient as Old\n"
        f"url, key = {service.url!r}, {FakeService.API_KEY!r}\n"
        "with ImportsClient(url, key) as c:\n"
        "    started = c.start_import('s3://bucket/dir')\n"
        "    print(c.describe_import(started.id).status, len(list(c.list_imports())))\n"
        "with Old(url, key) as c:\n"
        "    print(c.api_version)\n"
        "import importlib.resources as r\n"
        "print(r.files('pinecone_imports').joinpath('py.typed').is_file())\n"
        "from importlib.metadata import distribution\n"
        "licenses = [f for f in distribution('pinecone-imports').files if f.name == 'LICENSE']\n"
        "print(len(licenses) == 1 and 'Apache License' in licenses[0].read_text())\n"
    )
    run = subprocess.run(
        [str(python), "-c", smoke],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    # The last line: the wheel carries the Apache-2.0 LICENSE the package declares.
    assert run.stdout.split() == ["Pending", "1", "2024-10", "True", "True"]
    assert sys.prefix != str(env_dir)
