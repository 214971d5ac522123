"""Tables for the retry policy's pure functions: should_retry, parse_retry_after, retry_delay, classify."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from pinecone_imports._client._exchange import classify
from pinecone_imports._client._retry import (
    INITIAL_BACKOFF,
    MAX_BACKOFF,
    MAX_RETRY_AFTER,
    Failure,
    parse_retry_after,
    retry_delay,
    should_retry,
)

NOW = datetime(2026, 4, 1, 12, 0, 0, tzinfo=UTC)
SAFE, START = True, False  # the `idempotent` flag of GET/DELETE and of a start POST

SHOULD_RETRY = [
    # (attempt, max_retries, idempotent, status, failure, expected)
    (0, 2, SAFE, 408, None, True),
    (0, 2, SAFE, 429, None, True),
    (0, 2, SAFE, 500, None, True),
    (0, 2, SAFE, 502, None, True),
    (0, 2, SAFE, 503, None, True),
    (0, 2, SAFE, 504, None, True),
    (1, 2, SAFE, 503, None, True),
    (2, 2, SAFE, 503, None, False),  # retries used up
    (0, 0, SAFE, 503, None, False),  # retries switched off
    (0, 2, SAFE, 400, None, False),
    (0, 2, SAFE, 401, None, False),
    (0, 2, SAFE, 404, None, False),
    (0, 2, SAFE, 409, None, False),
    (0, 2, SAFE, 499, None, False),
    (0, 2, SAFE, 501, None, False),
    (0, 2, SAFE, 520, None, False),
    (0, 2, SAFE, 529, None, False),
    (0, 2, SAFE, 307, None, False),
    (0, 2, SAFE, None, Failure.NOT_SENT, True),
    (0, 2, SAFE, None, Failure.TIMED_OUT_AFTER_SEND, True),
    (0, 2, SAFE, None, Failure.BROKEN_AFTER_SEND, True),
    (2, 2, SAFE, None, Failure.NOT_SENT, False),
    # A start request: only when the server certainly did not process it.
    (0, 2, START, 429, None, True),
    (1, 2, START, 429, None, True),
    (2, 2, START, 429, None, False),
    (0, 2, START, None, Failure.NOT_SENT, True),
    (0, 2, START, None, Failure.TIMED_OUT_AFTER_SEND, False),
    (0, 2, START, None, Failure.BROKEN_AFTER_SEND, False),
    (0, 2, START, 408, None, False),
    (0, 2, START, 500, None, False),
    (0, 2, START, 502, None, False),
    (0, 2, START, 503, None, False),
    (0, 2, START, 504, None, False),
    (0, 2, START, 400, None, False),
]


@pytest.mark.parametrize(
    ("attempt", "max_retries", "idempotent", "status", "failure", "expected"), SHOULD_RETRY
)
def test_should_retry(
    attempt: int,
    max_retries: int,
    idempotent: bool,
    status: int | None,
    failure: Failure | None,
    expected: bool,
) -> None:
    decided = should_retry(
        attempt=attempt, max_retries=max_retries, idempotent=idempotent, status=status, failure=failure
    )
    assert decided is expected


PARSE_RETRY_AFTER = [
    (None, None),
    ("", None),
    ("   ", None),
    ("0", 0.0),
    ("3", 3.0),
    (" 7 ", 7.0),
    ("0.01", 0.01),
    ("1.5", 1.5),
    ("-4", 0.0),  # a negative wait means no wait
    ("nan", None),
    ("soon", None),
    ("3 seconds", None),
    (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
    (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
    ("Wed, 01 Apr 2026 12:01:00 GMT", 60.0),
    ("Wed, 01 Apr 2026 12:00:10", 10.0),  # no zone: taken as GMT
    ("Wed, 32 Apr 2026 12:00:10 GMT", None),
]


@pytest.mark.parametrize(("header", "expected"), PARSE_RETRY_AFTER)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == expected


RETRY_DELAY = [
    # (attempt, Retry-After, jitter draw, expected seconds)
    (0, None, 0.0, INITIAL_BACKOFF),
    (1, None, 0.0, INITIAL_BACKOFF * 2),
    (2, None, 0.0, INITIAL_BACKOFF * 4),
    (3, None, 0.0, INITIAL_BACKOFF * 8),
    (10, None, 0.0, MAX_BACKOFF),
    (60, None, 0.0, MAX_BACKOFF),  # no overflow for absurd attempt numbers
    (0, None, 1.0, INITIAL_BACKOFF * 0.75),  # jitter only shortens, by at most a quarter
    (10, None, 1.0, MAX_BACKOFF * 0.75),
    (0, "0", 0.5, 0.0),
    (0, "0.01", 0.5, 0.01),
    (3, "2", 0.5, 2.0),  # the server's word beats the backoff
    (0, "600", 0.5, MAX_RETRY_AFTER),  # but is capped
    (0, "inf", 0.5, MAX_RETRY_AFTER),
    (0, format_datetime(NOW + timedelta(hours=2), usegmt=True), 0.5, MAX_RETRY_AFTER),
    (0, format_datetime(NOW + timedelta(seconds=5), usegmt=True), 0.5, 5.0),
    (1, "tomorrow", 0.0, INITIAL_BACKOFF * 2),  # unreadable: back off as if it were absent
]


@pytest.mark.parametrize(("attempt", "retry_after", "draw", "expected"), RETRY_DELAY)
def test_retry_delay(attempt: int, retry_after: str | None, draw: float, expected: float) -> None:
    delay = retry_delay(attempt, retry_after=retry_after, now=NOW, jitter=lambda: draw)
    assert delay == pytest.approx(expected)


def test_backoff_jitter_spreads_clients_out() -> None:
    delays = {retry_delay(1) for _ in range(50)}
    assert len(delays) > 1
    assert all(INITIAL_BACKOFF * 2 * 0.75 <= d <= INITIAL_BACKOFF * 2 for d in delays)


_REQUEST = httpx.Request("POST", "https://example.invalid/bulk/imports")

CLASSIFY = [
    (httpx.ConnectError("refused", request=_REQUEST), Failure.NOT_SENT),
    (httpx.ConnectTimeout("slow connect", request=_REQUEST), Failure.NOT_SENT),
    (httpx.PoolTimeout("pool", request=_REQUEST), Failure.NOT_SENT),
    (httpx.ProxyError("tunnel refused", request=_REQUEST), Failure.NOT_SENT),
    (httpx.ReadTimeout("read", request=_REQUEST), Failure.TIMED_OUT_AFTER_SEND),
    (httpx.WriteTimeout("write", request=_REQUEST), Failure.TIMED_OUT_AFTER_SEND),
    (httpx.ReadError("reset", request=_REQUEST), Failure.BROKEN_AFTER_SEND),
    (httpx.WriteError("broken pipe", request=_REQUEST), Failure.BROKEN_AFTER_SEND),
    (httpx.RemoteProtocolError("disconnected", request=_REQUEST), Failure.BROKEN_AFTER_SEND),
    (httpx.DecodingError("bad gzip", request=_REQUEST), Failure.BROKEN_AFTER_SEND),
    (httpx.LocalProtocolError("bad header", request=_REQUEST), Failure.BROKEN_AFTER_SEND),
]


@pytest.mark.parametrize(("exc", "expected"), CLASSIFY, ids=[type(e).__name__ for e, _ in CLASSIFY])
def test_classify_transport_failures(exc: httpx.RequestError, expected: Failure) -> None:
    assert classify(exc) is expected
