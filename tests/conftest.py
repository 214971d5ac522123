"""Fixtures shared across the suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests._cli_runner import ENVIRONMENT, Cli
from tests._fake_service import FakeService


@pytest.fixture
def service() -> Iterator[FakeService]:
    fake = FakeService().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], service: FakeService, monkeypatch: pytest.MonkeyPatch) -> Cli:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return Cli(capsys, service)
