"""Turning a non-2xx answer into the matching exception, whatever its body looks like.

The generated code parses error bodies as `rpcStatus` and crashes on anything else (an HTML page
from a proxy, an empty body, a bare string, truncated JSON) and on statuses missing from Python's
table (499, 520). Error answers therefore never reach it: this module reads them instead.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from http import HTTPStatus
from typing import Any, Final

from pinecone_imports._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StartServerError,
)
from pinecone_imports._secret import scrub_document

_BY_STATUS: Final[dict[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}
_REQUEST_ID_HEADERS: Final = ("x-pinecone-request-id", "x-request-id", "request-id")
_MAX_MESSAGE: Final = 300
_TITLE: Final = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS: Final = re.compile(r"<[^>]+>")


def error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for a status; codes outside the table map by class (5xx or other)."""
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    if 500 <= status_code <= 599:
        return InternalServerError
    return APIStatusError


def reason_phrase(status_code: int) -> str:
    """The standard phrase, or a generic one for codes Python does not know (499, 520, 529)."""
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        if 400 <= status_code <= 499:
            return "Client Error"
        if 500 <= status_code <= 599:
            return "Server Error"
        return "Unexpected Status"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _text_message(raw: str) -> str:
    """A readable line out of a non-JSON body (plain text or an HTML error page)."""
    title = _TITLE.search(raw)
    if title:
        return _shorten(html.unescape(title.group(1)))
    return _shorten(html.unescape(_TAGS.sub(" ", raw)))


def decode_error_body(content: bytes) -> tuple[Any, int | None, str | None, list[Any]]:
    """(body, code, message, details) from any error body; never raises."""
    if not content.strip():
        return None, None, None, []
    text = content.decode("utf-8", errors="replace")
    try:
        body: Any = json.loads(text)
    except (ValueError, RecursionError):
        # Not JSON, or truncated JSON, or JSON nested deeper than the parser allows.
        return text, None, _text_message(text) or None, []
    if isinstance(body, dict):
        code = body.get("code")
        message = body.get("message")
        if message is None and isinstance(body.get("error"), dict):
            # Some gateways wrap the status: {"error": {"code": ..., "message": ...}}.
            code, message = body["error"].get("code", code), body["error"].get("message")
        details = body.get("details")
        return (
            body,
            code if isinstance(code, int) and not isinstance(code, bool) else None,
            (_shorten(str(message)) or None) if message is not None else None,
            details if isinstance(details, list) else [],
        )
    if isinstance(body, str):
        return body, None, _shorten(body) or None, []
    return body, None, _shorten(text), []


def _redirect_message(headers: Mapping[str, str]) -> str:
    location = headers.get("location")
    target = f" to {location!r}" if location else ""
    return (
        f"the server redirected{target}; redirects are not followed, so that the API key is never "
        "sent to another address: check the host"
    )


def status_error(
    *,
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    method: str,
    url: str,
    scrub: Callable[[str], str],
    note: str | None = None,
    start: tuple[str, datetime] | None = None,
) -> APIStatusError:
    """The exception for one error answer, whatever its body looks like.

    `scrub` removes the API key from any text the server echoed back. `start` is (uri, sent_at) of
    a start request whose 5xx answer leaves its outcome unknown: the error is then a
    StartServerError carrying both.
    """
    body, code, message, details = decode_error_body(content)
    if 300 <= status_code <= 399:
        message = _redirect_message(headers)
    phrase = reason_phrase(status_code)
    shown = scrub(message) if message else None
    text = f"{status_code} {phrase}: {shown}" if shown else f"{status_code} {phrase}"
    if code is not None:
        text += f" (code {code})"
    if note:
        text += f". {note}"
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)
    if request_id:
        request_id = scrub(request_id)
        text += f" [request id {request_id}]"
    # A misbehaving proxy could echo request headers back; keep the key out of `body` too.
    fields: dict[str, Any] = {
        "status_code": status_code,
        "code": code,
        "message": shown or phrase,
        "details": scrub_document(details, scrub),
        "body": scrub_document(body, scrub),
        "request_id": request_id,
        "method": method,
        "url": url,
    }
    if start is not None and 500 <= status_code <= 599:
        uri, sent_at = start
        return StartServerError(text, uri=uri, sent_at=sent_at, **fields)
    return error_class(status_code)(text, **fields)
