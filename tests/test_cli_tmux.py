"""The command line in a real terminal: tmux gives it a fixed 80x30 screen; keys are typed, the screen read.

Needs the `tmux` program (`apt-get install tmux`); without it these tests are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests._cli_runner import ENVIRONMENT
from tests._fake_service import FakeService

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed (apt-get install tmux) to provide a real terminal",
)

WIDTH, HEIGHT = 80, 30
DONE = "__exit_status__"


class Terminal:
    """One tmux session running bash, on its own tmux server (socket) so nothing else is touched."""

    def __init__(self, env: dict[str, str]) -> None:
        # A socket of its own in a short private folder (socket paths are limited to ~100 bytes).
        self._folder = tempfile.mkdtemp(prefix="pi-tmux-")
        self._socket = os.path.join(self._folder, "socket")
        self._tmux("-f", os.devnull, "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", "t",
                   "bash --noprofile --norc", env=env)  # fmt: skip

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["tmux", "-S", self._socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env=env,
        )
        return done.stdout

    def type(self, line: str) -> None:
        self._tmux("send-keys", "-t", "t", "-l", line)
        self._tmux("send-keys", "-t", "t", "Enter")

    def screen(self) -> list[str]:
        return self._tmux("capture-pane", "-p", "-t", "t").splitlines()

    def wait_for(self, seen: Callable[[list[str]], bool], timeout: float = 60) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            lines = self.screen()
            if seen(lines):
                return lines
            if time.monotonic() > deadline:
                raise AssertionError("the screen never showed what was expected:\n" + "\n".join(lines))
            time.sleep(0.05)

    def run(self, command: str) -> list[str]:
        """Type `command` at a cleared screen; the lines it printed once it has ended."""
        self.type("clear")
        # Only the prompt is left on the screen.
        self.wait_for(lambda lines: sum(1 for line in lines if line.strip()) == 1)
        self.type(f"{command}; echo {DONE}$?")
        lines = self.wait_for(lambda lines: any(line.startswith(DONE) for line in lines))
        end = next(i for i, line in enumerate(lines) if line.startswith(DONE))
        assert lines[end] == f"{DONE}0", "\n".join(lines)
        return lines[1:end]

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-S", self._socket, "kill-server"], capture_output=True, timeout=30, check=False
        )
        shutil.rmtree(self._folder, ignore_errors=True)


@pytest.fixture
def terminal(service: FakeService, tmp_path: Path) -> Iterator[Terminal]:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT and not k.startswith("TMUX")}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # `pinecone-imports` on PATH as this interpreter's module, whatever installed it.
    launcher = bin_dir / "pinecone-imports"
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m pinecone_imports "$@"\n')
    launcher.chmod(0o755)
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        TERM="xterm-256color",
        PINECONE_HOST=service.url,
        PINECONE_API_KEY=FakeService.API_KEY,
    )
    screen = Terminal(env)
    try:
        yield screen
    finally:
        screen.close()


def test_list_fits_80_columns_with_the_id_whole(terminal: Terminal, service: FakeService) -> None:
    uri = "s3://a-bucket-with-a-rather-long-name/and/a/deeply/nested/prefix/for/imports/"
    items = [service.add_import(uri=uri, script=[status]) for status in ("Completed", "Failed", "InProgress")]
    lines = terminal.run("pinecone-imports list")
    assert all(len(line) <= WIDTH for line in lines)
    header, rule, *rows = [line for line in lines if line.strip()]
    assert header.split() == ["ID", "Status", "Records", "Created", "(UTC)", "URI", "Error"]
    assert set(rule) == {"─"}
    assert [row.split()[0] for row in rows] == [item.id for item in items]
    assert rows[0].split()[1] == "Completed" and rows[2].split()[1:3] == ["InProgress", "50.0%"]
    assert "s3://a-bucket" in rows[1] and "…" in rows[1]
    assert rows[1].rstrip().endswith("…") and "file ns1/part" in rows[1]


def test_wait_draws_one_live_bar_that_fits_the_terminal(terminal: Terminal, service: FakeService) -> None:
    item = service.add_import(script=["Pending", *["InProgress"] * 60, "Completed"])
    terminal.type(f"pinecone-imports wait {item.id} --interval 0.05; echo {DONE}$?")
    running = terminal.wait_for(lambda lines: any("InProgress" in line for line in lines))
    bars = [line for line in running if line.startswith(f"import {item.id} ")]
    assert len(bars) == 1, "\n".join(running)  # redrawn in place, never appended
    assert "━" in bars[0] and "50%" in bars[0] and len(bars[0]) <= WIDTH
    final = terminal.wait_for(lambda lines: any(line.startswith(DONE) for line in lines))
    assert f"{DONE}0" in final
    bars = [line for line in final if line.startswith(f"import {item.id} ")]
    assert len(bars) == 1 and "Completed" in bars[0] and "100%" in bars[0]
    assert f"Import {item.id} Completed: 1,000 records imported" in "\n".join(final)
