"""One request/response exchange with retries: the decisions shared by the sync and async clients.

The clients only do the I/O (send, sleep); everything else (whether to retry, how long to wait,
which exception to raise) is decided here, once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import httpx

from pinecone_imports._answer import Answer
from pinecone_imports._error_mapping import status_error
from pinecone_imports._errors import (
    APIConnectionError,
    APITimeoutError,
    ImportOutcomeUnknownError,
    PineconeImportsError,
)
from pinecone_imports._retry import Failure, retry_delay, should_retry
from pinecone_imports._secret import Secret

logger: Final = logging.getLogger("pinecone_imports")

_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_TIMEOUTS: Final = (httpx.ReadTimeout, httpx.WriteTimeout)


@dataclass(frozen=True)
class PreparedRequest:
    """Everything needed to send one API call, built from the generated request builders."""

    method: str
    url: str
    headers: dict[str, str]
    params: dict[str, Any] | None = None
    json: Any = None
    # A start request must never be repeated once the server may have seen it.
    idempotent: bool = True
    # For a start request: the URI, so an unknown outcome can say what to look for.
    start_uri: str | None = None


def classify(exc: httpx.TransportError) -> Failure:
    if isinstance(exc, _NOT_SENT):
        return Failure.NOT_SENT
    if isinstance(exc, _TIMEOUTS):
        return Failure.TIMED_OUT_AFTER_SEND
    return Failure.BROKEN_AFTER_SEND


@dataclass
class Attempts:
    """Tracks the attempts of one call and turns each outcome into 'done', 'wait N s' or an error."""

    request: PreparedRequest
    max_retries: int
    secret: Secret
    attempt: int = 0
    sent_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def starting(self) -> None:
        self.sent_at = datetime.now(UTC)

    def after_exception(self, exc: httpx.TransportError) -> float:
        """Seconds to wait before retrying, or raises the error the caller should see."""
        failure = classify(exc)
        if should_retry(
            attempt=self.attempt,
            max_retries=self.max_retries,
            idempotent=self.request.idempotent,
            failure=failure,
        ):
            return self._next_delay(None, f"{type(exc).__name__}")
        raise self._connection_error(exc, failure) from exc

    def after_response(self, response: Answer) -> float | None:
        """None when the response is a success; else seconds to wait, or raises."""
        status = response.status_code
        if 200 <= status < 300:
            return None
        if should_retry(
            attempt=self.attempt,
            max_retries=self.max_retries,
            idempotent=self.request.idempotent,
            status=status,
        ):
            return self._next_delay(response.headers.get("retry-after"), f"status {status}")
        note = None
        if not self.request.idempotent and status >= 500:
            note = self._unknown_outcome_note()
        raise status_error(
            status_code=status,
            headers=response.headers,
            content=response.content,
            method=self.request.method,
            url=self.request.url,
            scrub=self.secret.scrub,
            note=note,
        )

    def _next_delay(self, retry_after: str | None, reason: str) -> float:
        delay = retry_delay(self.attempt, retry_after=retry_after)
        self.attempt += 1
        logger.info(
            "%s %s failed (%s); retry %d of %d in %.2f s",
            self.request.method,
            self.request.url,
            reason,
            self.attempt,
            self.max_retries,
            delay,
        )
        return delay

    def _unknown_outcome_note(self) -> str:
        return (
            f"The import of {self.request.start_uri!r} may or may not have started and was not retried; "
            f"look for it in list_imports() (sent at {self.sent_at.isoformat(timespec='seconds')})"
        )

    def _connection_error(self, exc: httpx.TransportError, failure: Failure) -> PineconeImportsError:
        method, url = self.request.method, self.request.url
        detail = self.secret.scrub(str(exc)) or type(exc).__name__
        if not self.request.idempotent and failure is not Failure.NOT_SENT:
            return ImportOutcomeUnknownError(
                f"{method} {url}: {detail}. {self._unknown_outcome_note()}",
                method=method,
                url=url,
                uri=self.request.start_uri or "",
                sent_at=self.sent_at,
            )
        tries = f" after {self.attempt + 1} attempts" if self.attempt else ""
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"{method} {url} timed out{tries}: {detail}", method=method, url=url)
        return APIConnectionError(f"{method} {url} failed{tries}: {detail}", method=method, url=url)
