"""Fixtures shared across the suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests._fake_service import FakeService


@pytest.fixture
def service() -> Iterator[FakeService]:
    fake = FakeService().start()
    try:
        yield fake
    finally:
        fake.stop()
