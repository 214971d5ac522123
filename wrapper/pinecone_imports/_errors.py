"""The exception tree every public call raises from.

PineconeImportsError
├── APIConnectionError            the exchange with the server did not complete
│   └── APITimeoutError           ... because a timeout ran out
├── APIStatusError                the server answered with a status outside 2xx
│   ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
│   ├── NotFoundError 404, ConflictError 409, RateLimitError 429,
│   └── InternalServerError 5xx
├── ImportOutcomeUnknownError     a start request may or may not have created an import
├── InvalidRequestError (also ValueError)  bad input caught before anything was sent
│   └── UnsupportedApiVersionError
├── ImportWaitTimeoutError (also TimeoutError)  wait_for_import gave up waiting
├── ImportDroppedRecordsError     wait_for_import(fail_on_dropped_records=True): records were dropped
└── UnexpectedResponseError       a 2xx answer whose body could not be understood

The clients never raise ImportOutcomeUnknownError on its own: a start request whose answer was
lost (or was a 5xx) raises one of three classes that are both that and the error of what went
wrong, so either `except` clause catches it:

    StartConnectionLostError(ImportOutcomeUnknownError, APIConnectionError)
    StartTimedOutError(ImportOutcomeUnknownError, APITimeoutError)
    StartServerError(ImportOutcomeUnknownError, InternalServerError)

No message or attribute of these exceptions ever contains the API key.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pinecone_imports._client._models import BulkImport


class PineconeImportsError(Exception):
    """Base class of every error raised by pinecone-imports."""

    def __reduce__(self) -> tuple[Any, ...]:
        # The subclasses take keyword-only arguments, which Exception's own pickling cannot pass
        # back; pipelines that run imports in worker processes must get these errors back whole.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[PineconeImportsError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class APIConnectionError(PineconeImportsError):
    """The request could not be completed: refused, reset, DNS failure, TLS failure, timeout."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout ran out."""


class APIStatusError(PineconeImportsError):
    """The server (or a proxy in front of it) answered with a status outside 2xx.

    `str(error)` is one readable line such as `404 Not Found: Import 123 not found (code 5)`.
    `code`, `message` and `details` come from the error body when it is the service's usual
    `{"code", "message", "details"}` shape; for any other body `message` is the most readable
    text found in it (an HTML page's title, a bare string), or the status's reason phrase when
    the body is empty. `body` is the decoded body whatever its shape (a dict, a string, or None).
    `request_id` is the request id header of the answer, when there is one.
    """

    def __init__(
        self,
        text: str,
        *,
        status_code: int,
        code: int | None,
        details: list[Any],
        body: Any,
        request_id: str | None,
        method: str,
        url: str,
        message: str | None = None,
    ) -> None:
        super().__init__(text)
        self.status_code = status_code
        self.code = code
        self.message = text if message is None else message
        self.details = details
        self.body = body
        self.request_id = request_id
        self.method = method
        self.url = url


class BadRequestError(APIStatusError):
    """400: the service rejected the request's values."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such import (or wrong host)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class RateLimitError(APIStatusError):
    """429: too many requests."""


class InternalServerError(APIStatusError):
    """5xx: the service (or a proxy in front of it) failed."""


class ImportOutcomeUnknownError(PineconeImportsError):
    """A start request reached the server, or may have, but its answer was lost or was a 5xx.

    The import may or may not exist now. The request is never repeated automatically, because a
    repeat could start a second import: look for `uri` among the `list_imports()` entries created
    after `sent_at` (UTC, when the last attempt was sent) before starting it again.

    The clients raise it only as StartConnectionLostError, StartTimedOutError or StartServerError,
    which are also the connection, timeout or server error that occurred.
    """

    def __init__(
        self, message: str, *, uri: str, sent_at: datetime, method: str = "POST", url: str = ""
    ) -> None:
        super().__init__(message)
        self.uri = uri
        self.sent_at = sent_at
        self.method = method
        self.url = url


class StartConnectionLostError(ImportOutcomeUnknownError, APIConnectionError):
    """The connection broke after a start request was sent, before its answer arrived."""

    def __init__(self, message: str, *, method: str, url: str, uri: str, sent_at: datetime) -> None:
        APIConnectionError.__init__(self, message, method=method, url=url)
        self.uri = uri
        self.sent_at = sent_at


class StartTimedOutError(ImportOutcomeUnknownError, APITimeoutError):
    """A start request was sent but its answer did not arrive within the timeout."""

    def __init__(self, message: str, *, method: str, url: str, uri: str, sent_at: datetime) -> None:
        APITimeoutError.__init__(self, message, method=method, url=url)
        self.uri = uri
        self.sent_at = sent_at


class StartServerError(ImportOutcomeUnknownError, InternalServerError):
    """A start request was answered with a 5xx, which does not say whether the import began.

    A proxy's 502 or 504 may hide a start that succeeded behind it.
    """

    def __init__(self, text: str, *, uri: str, sent_at: datetime, **status: Any) -> None:
        InternalServerError.__init__(self, text, **status)
        self.uri = uri
        self.sent_at = sent_at


class InvalidRequestError(PineconeImportsError, ValueError):
    """An argument was rejected before anything was sent."""


class UnsupportedApiVersionError(InvalidRequestError):
    """The requested API version is not one this package was generated for."""


class ImportWaitTimeoutError(PineconeImportsError, TimeoutError):
    """wait_for_import gave up before the import reached a final state."""

    def __init__(self, message: str, *, import_id: str, waited: float, last_seen: BulkImport | None) -> None:
        super().__init__(message)
        self.import_id = import_id
        self.waited = waited
        self.last_seen = last_seen


class ImportDroppedRecordsError(PineconeImportsError):
    """The import Completed, but records failed validation and were left out of it.

    Raised by wait_for_import(fail_on_dropped_records=True); `final` is the import as last seen
    and `import_errors` how many records were dropped.
    """

    def __init__(self, message: str, *, import_id: str, import_errors: int, final: BulkImport) -> None:
        super().__init__(message)
        self.import_id = import_id
        self.import_errors = import_errors
        self.final = final


class UnexpectedResponseError(PineconeImportsError):
    """A successful status whose body does not have the documented shape."""

    def __init__(self, message: str, *, status_code: int, body: bytes) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
