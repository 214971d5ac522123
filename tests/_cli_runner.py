"""Running the command line in-process and checking the rules every run must keep."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from pinecone_imports.__main__ import main
from tests._fake_service import FakeService

# Keys that must never be printed, whatever happens: the service's valid key and a wrong one.
WRONG_KEY = "canary-wrong-key-5b1e0c"
SECRETS = (FakeService.API_KEY, WRONG_KEY)
# Environment variables that change what the command line or rich do; cleared for every test.
ENVIRONMENT = (
    "PINECONE_HOST",
    "PINECONE_API_KEY",
    "PINECONE_API_VERSION",
    "PINECONE_ALLOW_INSECURE_HTTP",
    "PINECONE_LOCAL_API_KEY",
    "FORCE_COLOR",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout as exactly one JSON document (json.loads rejects anything after it)."""
        return json.loads(self.out)

    def error_line(self) -> str:
        """stderr, which must be exactly one line without a traceback."""
        assert "Traceback" not in self.err
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        return lines[0]


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    code = main(list(args))
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    for secret in SECRETS:
        assert secret not in printed
    # Captured streams are not terminals: no colours, no cursor movement.
    assert "\x1b" not in printed
    return Result(code, captured.out, captured.err)


class Cli:
    """The command line pointed at one FakeService."""

    def __init__(self, capsys: pytest.CaptureFixture[str], service: FakeService) -> None:
        self.capsys = capsys
        self.service = service

    def __call__(self, *args: str, key: str = FakeService.API_KEY) -> Result:
        return invoke(self.capsys, "--host", self.service.url, "--api-key", key, *args)
