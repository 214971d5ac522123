"""What the command line does on a terminal, and the command line as a real process."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pinecone_imports.__main__ import main
from tests._cli_runner import Cli
from tests._fake_service import FakeService

# A colour (foreground 30-37 or 90-97, 256-colour or RGB) anywhere in an SGR escape sequence.
COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m")
ANY_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal_env(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "120")
    return cli


def test_wait_draws_a_live_progress_bar_on_a_terminal(
    terminal_env: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = service.add_import()
    screen = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", screen)
    result = terminal_env("wait", item.id, "--interval", "0.01")
    assert result.code == 0
    drawn = screen.getvalue()
    assert "\x1b[2K" in drawn  # lines are erased and redrawn in place, not appended
    frames = [ANY_ESCAPE.sub("", frame).strip() for frame in drawn.split("\r")]
    last = frames[-1].split()
    assert last[:3] == ["import", item.id, "Completed"]
    assert last[-4:] == ["100%", "1,000", "records", "0:00:00"]
    assert COLOUR.search(drawn)
    # The result itself still goes to stdout, which is not a terminal here: no escapes there.
    assert f"Import {item.id} Completed" in result.out


def test_force_color_does_not_turn_a_log_into_a_live_display(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = service.add_import()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert _run(cli, "wait", item.id, "--interval", "0.01") == 0
    progress = cli.capsys.readouterr().err
    assert "\r" not in progress and "\x1b[2K" not in progress
    assert [line.split(",")[0] for line in progress.splitlines()] == [
        f"import {item.id}: Pending",
        f"import {item.id}: InProgress",
        f"import {item.id}: Completed",
    ]


def test_json_wait_on_a_terminal_keeps_stdout_plain(
    terminal_env: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = service.add_import()
    screen = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert _run(terminal_env, "--json", "wait", item.id, "--interval", "0.01") == 0
    assert "\x1b" not in screen.getvalue()
    assert json.loads(screen.getvalue())["status"] == "Completed"


def _run(cli: Cli, *args: str) -> int:
    return main(["--host", cli.service.url, "--api-key", FakeService.API_KEY, *args])


@pytest.mark.parametrize("no_color", [False, True])
def test_colour_only_on_a_terminal_and_never_with_no_color(
    terminal_env: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    item = service.add_import(script=["Failed"])
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    screen = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert _run(terminal_env, "describe", item.id) == 0
    shown = screen.getvalue()
    assert "Failed" in shown
    assert bool(COLOUR.search(shown)) is not no_color


def _environment() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("PINECONE_")}
    keep.pop("FORCE_COLOR", None)
    return keep


def test_the_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("pinecone-imports")
    assert script.exists(), "install the project (scripts/_bootstrap does) to get the console script"
    done = subprocess.run(
        [str(script), "--help"],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
        env=_environment(),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: pinecone-imports" in done.stdout and "Exit codes" in done.stdout
    assert done.stderr == "" and "\x1b" not in done.stdout


def test_python_dash_m_reports_errors_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pinecone_imports", "--api-key", FakeService.API_KEY, "list"],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
        env=_environment(),
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "Error: no index host: pass --host or set PINECONE_HOST\n"


@pytest.mark.parametrize("missing", ["typer", "rich"])
def test_without_the_cli_extra_one_line_says_what_to_install(tmp_path: Path, missing: str) -> None:
    # Blocking an import is what a plain `pip install pinecone-imports` looks like.
    program = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        "from pinecone_imports.__main__ import main\n"
        "sys.exit(main(['list']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
        env=_environment(),
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "pip install 'pinecone-imports[cli]'" in done.stderr
