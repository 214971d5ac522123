"""One request/response exchange with retries: the decisions shared by the sync and async clients.

The clients only do the I/O (send, sleep); everything else (whether to retry, how long to wait,
which exception to raise) is decided here, once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import httpx

from pinecone_imports._answer import Answer
from pinecone_imports._error_mapping import status_error
from pinecone_imports._errors import (
    APIConnectionError,
    APITimeoutError,
    PineconeImportsError,
    StartConnectionLostError,
    StartTimedOutError,
)
from pinecone_imports._retry import Failure, retry_delay, should_retry
from pinecone_imports._secret import Secret

logger: Final = logging.getLogger("pinecone_imports")
# One DEBUG record per exchange (method, URL, status or exception class, elapsed ms); headers,
# and with them the key, are never logged.
http_logger: Final = logging.getLogger("pinecone_imports.http")

# Failures that happen before a single byte of the request reached the server. A proxy that
# refuses the tunnel has not forwarded anything either.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
# A write timeout may strike after most of the request went out, so it counts as sent.
_TIMEOUTS: Final = (httpx.ReadTimeout, httpx.WriteTimeout)


@dataclass(frozen=True)
class PreparedRequest:
    """Everything needed to send one API call, built from the generated request builders."""

    method: str
    url: str
    # Holds the API key: kept out of repr() so tracebacks that show locals cannot print it.
    headers: dict[str, str] = field(repr=False)
    params: dict[str, Any] | None = None
    json: Any = None
    # A start request must never be repeated once the server may have seen it.
    idempotent: bool = True
    # For a start request: the URI, so an unknown outcome can say what to look for.
    start_uri: str | None = None


def classify(exc: httpx.RequestError) -> Failure:
    """What the server may have seen when `exc` ended an exchange."""
    if isinstance(exc, _NOT_SENT):
        return Failure.NOT_SENT
    if isinstance(exc, _TIMEOUTS):
        return Failure.TIMED_OUT_AFTER_SEND
    # Reset or closed connections, malformed or undecodable answers: all after sending.
    return Failure.BROKEN_AFTER_SEND


@dataclass
class Attempts:
    """Tracks the attempts of one call and turns each outcome into 'done', 'wait N s' or an error."""

    request: PreparedRequest
    max_retries: int
    secret: Secret
    attempt: int = 0
    sent_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    _began: float = 0.0

    def starting(self) -> None:
        self.sent_at = datetime.now(UTC)
        self._began = time.monotonic()

    def _log_exchange(self, outcome: object) -> None:
        if http_logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.monotonic() - self._began) * 1000
            http_logger.debug(
                "%s %s -> %s (%.0f ms)", self.request.method, self.request.url, outcome, elapsed
            )

    def after_exception(self, exc: httpx.RequestError) -> float:
        """Seconds to wait before retrying, or raises the error the caller should see."""
        self._log_exchange(type(exc).__name__)
        failure = classify(exc)
        if should_retry(
            attempt=self.attempt,
            max_retries=self.max_retries,
            idempotent=self.request.idempotent,
            failure=failure,
        ):
            return self._next_delay(None, f"{type(exc).__name__}")
        raise self._connection_error(exc, failure) from self._chainable(exc)

    def after_response(self, response: Answer) -> float | None:
        """None when the response is a success; else seconds to wait, or raises."""
        status = response.status_code
        self._log_exchange(status)
        if 200 <= status < 300:
            return None
        if should_retry(
            attempt=self.attempt,
            max_retries=self.max_retries,
            idempotent=self.request.idempotent,
            status=status,
        ):
            return self._next_delay(response.headers.get("retry-after"), f"status {status}")
        unknown = not self.request.idempotent and 500 <= status <= 599
        raise status_error(
            status_code=status,
            headers=response.headers,
            content=response.content,
            method=self.request.method,
            url=self.request.url,
            scrub=self.secret.scrub,
            note=self._unknown_outcome_note() if unknown else None,
            start=(self.request.start_uri or "", self.sent_at) if unknown else None,
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
            f"The import of {self.request.start_uri!r} may or may not have started; it was not retried "
            "so that it cannot start twice. Look for it in list_imports() before starting it again "
            f"(sent at {self.sent_at.isoformat(timespec='seconds')})"
        )

    def _chainable(self, exc: BaseException) -> BaseException | None:
        """`exc` to chain as the cause, or None when anything in its chain quotes the key.

        The HTTP stack's messages may quote what the server sent (h11 quotes a malformed status or
        header line whole), so a server that echoes the key could otherwise put it into every
        formatted traceback through the chained exception.
        """
        seen: set[int] = set()
        node: BaseException | None = exc
        while node is not None and id(node) not in seen:
            seen.add(id(node))
            for text in (str(node), repr(node)):
                if self.secret.scrub(text) != text:
                    return None
            node = node.__cause__ or node.__context__
        return exc

    def _connection_error(self, exc: httpx.RequestError, failure: Failure) -> PineconeImportsError:
        method, url = self.request.method, self.request.url
        detail = type(exc).__name__
        said = self.secret.scrub(str(exc))
        if said:
            detail += f": {said}"
        timed_out = isinstance(exc, httpx.TimeoutException)
        if not self.request.idempotent and failure is not Failure.NOT_SENT:
            what = "timed out" if timed_out else "lost its connection"
            message = f"{method} {url} {what} after the request was sent ({detail}). "
            message += self._unknown_outcome_note()
            lost = StartTimedOutError if timed_out else StartConnectionLostError
            uri = self.request.start_uri or ""
            return lost(message, method=method, url=url, uri=uri, sent_at=self.sent_at)
        tries = f" after {self.attempt + 1} attempts" if self.attempt else ""
        if timed_out:
            return APITimeoutError(f"{method} {url} timed out{tries} ({detail})", method=method, url=url)
        return APIConnectionError(f"{method} {url} failed{tries} ({detail})", method=method, url=url)
