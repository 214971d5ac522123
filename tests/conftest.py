"""Fixtures shared across the suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pinecone_imports import _retry

from tests._fake_service import FakeService
from tests._misbehaving_server import MisbehavingServer


@pytest.fixture
def service() -> Iterator[FakeService]:
    fake = FakeService().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    """A loopback server that answers the next requests however a test scripts it."""
    with MisbehavingServer() as misbehaving:
        yield misbehaving


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Millisecond backoff, so retries after connection failures do not slow the suite down.

    Retry-After values sent by the test server are still obeyed as they are.
    """
    monkeypatch.setattr(_retry, "INITIAL_BACKOFF", 0.001)
    monkeypatch.setattr(_retry, "MAX_BACKOFF", 0.002)
