"""Turning a non-2xx answer into the matching exception, whatever its body looks like.

The generated code parses error bodies as `rpcStatus` and crashes on anything else (an HTML page
from a proxy, an empty body, a bare string, truncated JSON) and on statuses missing from Python's
table (499, 520). Error answers therefore never reach it: this module reads them instead.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
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
)

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
    """The exception class for a status; unlisted codes map by class (4xx or 5xx)."""
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    if status_code >= 500:
        return InternalServerError
    return APIStatusError


def reason_phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Server Error" if status_code >= 500 else "Client Error"


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
    """(body, code, message, details) from any error body."""
    if not content.strip():
        return None, None, None, []
    text = content.decode("utf-8", errors="replace")
    try:
        body: Any = json.loads(text)
    except ValueError:
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
            _shorten(str(message)) if message is not None else None,
            details if isinstance(details, list) else [],
        )
    if isinstance(body, str):
        return body, None, _shorten(body) or None, []
    return body, None, _shorten(text), []


def status_error(
    *,
    status_code: int,
    headers: Any,
    content: bytes,
    method: str,
    url: str,
    scrub: Callable[[str], str],
    note: str | None = None,
) -> APIStatusError:
    """The exception for one error answer; `scrub` removes the API key from any echoed text."""
    body, code, message, details = decode_error_body(content)
    text = f"{status_code} {reason_phrase(status_code)}"
    if message:
        text += f": {scrub(message)}"
    if code is not None:
        text += f" (code {code})"
    if note:
        text += f". {note}"
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)
    if request_id:
        text += f" [request id {request_id}]"
    if body is not None:
        # A misbehaving proxy could echo request headers back; keep the key out of `body` too.
        serialized = json.dumps(body)
        if scrub(serialized) != serialized:
            body = json.loads(scrub(serialized))
    return error_class(status_code)(
        text,
        status_code=status_code,
        code=code,
        details=details,
        body=body,
        request_id=request_id,
        method=method,
        url=url,
    )
