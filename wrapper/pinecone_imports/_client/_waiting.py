"""Deciding, after each observation of an import, whether to stop waiting and how long to sleep.

Shared by the sync and async clients, which only poll and sleep.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from pinecone_imports._client._retry import RETRYABLE_STATUSES

if TYPE_CHECKING:
    from pinecone_imports._client._models import BulkImport
from pinecone_imports._errors import (
    APIConnectionError,
    APIStatusError,
    ImportWaitTimeoutError,
    InvalidRequestError,
    PineconeImportsError,
)

DEFAULT_POLL_INTERVAL = 5.0
logger: Final = logging.getLogger("pinecone_imports")


def is_transient(error: PineconeImportsError) -> bool:
    """Whether a later poll may well succeed where this one failed (the same statuses and
    connection failures the retry policy retries)."""
    if isinstance(error, APIConnectionError):
        return True
    return isinstance(error, APIStatusError) and error.status_code in RETRYABLE_STATUSES


def _check_seconds(name: str, value: object, *, allow_none: bool) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise InvalidRequestError(f"{name} must be a number of seconds >= 0, not {value!r}")
    return float(value)


@dataclass
class WaitClock:
    import_id: str
    timeout: float | None
    poll_interval: float
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def create(cls, import_id: str, timeout: object, poll_interval: object) -> WaitClock:
        interval = _check_seconds("poll_interval", poll_interval, allow_none=False)
        if not interval:
            raise InvalidRequestError("poll_interval must be more than 0 seconds")
        return cls(import_id, _check_seconds("timeout", timeout, allow_none=True), interval)

    def after_failed_poll(self, error: PineconeImportsError) -> float | None:
        """Seconds to sleep before polling again, or None when `error` ends the wait.

        An import runs for many minutes, so one poll that failed even after its own retries
        (a proxy restarting, a rate limiter) is no reason to give up on it; anything that is not
        transient, or a failure when the wait's time is up, ends it.
        """
        if not is_transient(error):
            return None
        delay = self.poll_interval
        if self.timeout is not None:
            remaining = self.timeout - (time.monotonic() - self.started)
            if remaining <= 0:
                return None
            delay = min(delay, remaining)
        logger.warning("polling import %s failed (%s); polling again in %.1f s", self.import_id, error, delay)
        return delay

    def next_sleep(self, observed: BulkImport) -> float | None:
        """None when `observed` is final; otherwise seconds to sleep (or raises on timeout)."""
        if observed.is_finished:
            return None
        waited = time.monotonic() - self.started
        if self.timeout is None:
            return self.poll_interval
        remaining = self.timeout - waited
        if remaining <= 0:
            percent = observed.percent_complete
            progress = f", {percent:.1f}% complete" if isinstance(percent, int | float) else ""
            raise ImportWaitTimeoutError(
                f"import {self.import_id} is still {observed.status}{progress} after {waited:.1f} s "
                f"(timeout {self.timeout:g} s); it keeps running: wait again or cancel it",
                import_id=self.import_id,
                waited=waited,
                last_seen=observed,
            )
        return min(self.poll_interval, remaining)
