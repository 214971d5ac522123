"""The README's Python examples run as written (against a loopback service via PINECONE_* variables)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests._fake_service import FakeService

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int, service: FakeService) -> None:
    for n in range(3):
        service.add_import(uri=f"s3://my-bucket/{n}/")
    env = {**os.environ, "PINECONE_HOST": service.url, "PINECONE_API_KEY": FakeService.API_KEY}
    result = subprocess.run(
        [sys.executable, "-c", BLOCKS[index]],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"README example {index} failed:\n{BLOCKS[index]}\n{result.stderr}"
