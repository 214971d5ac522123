"""The retry policy: whether to try a request again, and how long to wait first.

Both decisions are pure functions so that a table of cases can pin them down; the sync and async
clients share them through `_exchange`.
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Final

RETRYABLE_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER: Final = 60.0  # seconds; a longer Retry-After is capped, not obeyed blindly
INITIAL_BACKOFF: Final = 0.5
MAX_BACKOFF: Final = 8.0


class Failure(enum.Enum):
    """How an exchange broke down, in terms of what the server may have seen."""

    NOT_SENT = "not_sent"  # connecting failed: the server never saw the request
    TIMED_OUT_AFTER_SEND = "timed_out_after_send"  # sent, then no answer in time
    BROKEN_AFTER_SEND = "broken_after_send"  # sent, then the connection broke


def should_retry(
    *,
    attempt: int,
    max_retries: int,
    idempotent: bool,
    status: int | None = None,
    failure: Failure | None = None,
) -> bool:
    """Whether attempt number `attempt` (0 for the first) may be followed by another.

    Idempotent requests (GET, DELETE) are retried on connection trouble and retryable statuses.
    A start request creates an import each time the server processes it, so it is retried only
    when the server certainly did not process it: the connection never opened, or a 429 (the rate
    limiter answers before the request is handled).
    """
    if attempt >= max_retries:
        return False
    if failure is not None:
        return failure is Failure.NOT_SENT or idempotent
    if status == 429:
        return True
    return idempotent and status in RETRYABLE_STATUSES


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a Retry-After header (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def retry_delay(
    attempt: int,
    *,
    retry_after: str | None = None,
    now: datetime | None = None,
    jitter: Callable[[], float] = random.random,
) -> float:
    """Seconds to sleep before retry number `attempt + 1`.

    The server's Retry-After wins (capped at MAX_RETRY_AFTER); otherwise exponential backoff from
    INITIAL_BACKOFF, capped at MAX_BACKOFF, with up to 25 % random reduction so that many clients
    failing together do not retry together.
    """
    asked = parse_retry_after(retry_after, now=now)
    if asked is not None:
        return min(asked, MAX_RETRY_AFTER)
    backoff: float = min(INITIAL_BACKOFF * (2.0**attempt), MAX_BACKOFF)
    return backoff * (1.0 - 0.25 * jitter())
