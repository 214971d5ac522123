"""Fixtures shared across the suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pinecone_imports._client import _retry
from tests._cli_runner import ENVIRONMENT, Cli
from tests._fake_service import FakeService
from tests._misbehaving_server import MisbehavingServer

# The storage emulators (session-scoped) and a fresh bucket per test on each cloud.
from tests.cloud_fixtures import azurite, bucket, emulator_dir, fake_gcs, moto_s3  # noqa: F401

# The local server tests' fixtures (ls_data_root, ls_server, ls_client, ls_moto_s3) live with them.
from tests.local_server_fixtures import ls_client, ls_data_root, ls_moto_s3, ls_server  # noqa: F401


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
