"""Each attempt's overall deadline: the largest of its timeouts, for everything the attempt does.

httpx applies its read timeout to every network read on its own: a server that sends one byte a
little faster than the read timeout never trips it, and httpcore fixes the timeout of the whole
header block before its first read. The async client bounds the attempt with a cancel scope. A
blocked thread cannot be cancelled, so the sync client gets the same bound from below instead: the
attempt announces its deadline in a context variable (`Deadline.sync_scope`), and its connections
(`_deadline_backend`) cut every read, write and connect to the time `cut_to_deadline` says is left.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

import httpx

# The deadline of the sync attempt running in this context (None outside one).
_ATTEMPT_DEADLINE: Final[ContextVar[Deadline | None]] = ContextVar("pinecone_imports_deadline", default=None)


class Deadline:
    """The time one attempt may take in all: the largest of the configured timeouts."""

    __slots__ = ("_ends", "_timeout", "seconds")

    def __init__(self, timeout: httpx.Timeout) -> None:
        self._timeout = timeout
        values = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None]
        self.seconds: float | None = max(values) if values else None
        self._ends = time.monotonic() + self.seconds if self.seconds is not None else math.inf

    def left(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    def timeouts(self) -> httpx.Timeout:
        """The configured timeouts, each capped to the time left."""
        if self.seconds is None:
            return self._timeout
        left = self.left()

        def cap(value: float | None) -> float:
            return left if value is None else min(value, left)

        t = self._timeout
        return httpx.Timeout(connect=cap(t.connect), read=cap(t.read), write=cap(t.write), pool=cap(t.pool))

    def check(self, request: httpx.Request) -> None:
        if time.monotonic() >= self._ends:
            raise httpx.ReadTimeout(self.expired_message(), request=request)

    def expired_message(self) -> str:
        return f"the answer did not arrive in full within the {self.seconds:g} s timeout"

    def network_timeout(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """`timeout` for one network operation, cut to the time left; `expired` once none is left."""
        if self.seconds is None:
            return timeout
        left = self._ends - time.monotonic()
        if left <= 0:
            raise expired(self.expired_message())
        return left if timeout is None else min(timeout, left)

    @contextmanager
    def sync_scope(self, request: httpx.Request) -> Iterator[None]:
        """Makes this the deadline of every network operation of the attempt (see the module doc)."""
        token = _ATTEMPT_DEADLINE.set(self)
        try:
            yield
        finally:
            _ATTEMPT_DEADLINE.reset(token)

    @contextmanager
    def async_scope(self, request: httpx.Request) -> Iterator[None]:
        """Cancels whatever the attempt awaits when the deadline passes (headers included)."""
        if self.seconds is None:
            yield
            return
        import anyio  # noqa: PLC0415  (httpx depends on it; loaded on the first async request)

        try:
            with anyio.fail_after(self.left()):
                yield
        except TimeoutError:
            raise httpx.ReadTimeout(self.expired_message(), request=request) from None


def cut_to_deadline(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` for one network operation, cut to what the sync attempt in progress has left
    (unchanged outside an attempt); raises `expired` once nothing is left."""
    deadline = _ATTEMPT_DEADLINE.get()
    return timeout if deadline is None else deadline.network_timeout(timeout, expired)
