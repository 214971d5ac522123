"""The httpx side of the clients: the httpx clients we make, and the caps httpx does not give.

httpx (h11 or h2 under it) does every byte of HTTP: framing, header parsing, pooling, TLS, proxies,
decompression. What it leaves to its caller, and this module adds:

- a cap on the answer's size, before and after Content-Encoding decoding (`CappedBody`), so a
  50 MB body or a gzip bomb ends the call after reading at most MAX_ANSWER_BYTES;
- an overall deadline for each attempt (`_deadline.Deadline`): every timeout is capped to the time
  left, the async client runs each attempt in a cancel scope, and the sync client's connections cut
  every network read to the time left (`bind_sync_deadlines`), so a server that drips one byte a
  second cannot hold a call, headers or body, past its timeout;
- a DEBUG line on the `pinecone_imports.http` logger for every exchange (method, URL, status or
  exception class, elapsed ms); the API key is never in it (headers are not logged, and the key
  filter of `_secret` guards the logger anyway).
"""

from __future__ import annotations

import importlib.util
import logging
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import httpx

from pinecone_imports._client._config import verifying_tls_context
from pinecone_imports._errors import InvalidRequestError, UnexpectedResponseError
from pinecone_imports._secret import guard_httpx_loggers

if TYPE_CHECKING:
    from pinecone_imports._client._deadline import Deadline
    from pinecone_imports._client._exchange import PreparedRequest

# Bulk import answers are a few kB (a full listing page is ~30 kB); anything this large is wrong.
MAX_ANSWER_BYTES: Final = 4 * 1024 * 1024
# The encodings CappedBody decodes within the cap (httpx would also offer br/zstd when installed).
ACCEPT_ENCODING: Final = "gzip, deflate"
# A bulk-import client makes a call every few seconds; these are generous and still bounded. As many
# kept alive as may be open: with fewer, httpcore closes a connection after each call under load.
CONNECTION_LIMITS: Final = httpx.Limits(max_connections=20, max_keepalive_connections=20, keepalive_expiry=30)

http_logger: Final = logging.getLogger("pinecone_imports.http")


@dataclass(frozen=True, slots=True)
class Answer:
    """Status, headers (looked up case-insensitively) and the capped body of one response.

    `request_headers` (kept out of the repr: they hold the API key) let anything shown to the caller
    drop an echo of the key.
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    method: str
    url: str
    request_headers: Mapping[str, str] = field(default_factory=dict, repr=False)


def http_client_options(*, http2: bool) -> dict[str, Any]:
    """Keyword arguments for the httpx.Client / httpx.AsyncClient a client makes for itself.

    Certificates verified (httpx's default trust store, built once and shared), redirects never
    followed (the key must not travel to another address), a bounded pool, and proxies and
    SSL_CERT_FILE read from the environment as httpx reads them (which it does only for a client
    that builds its own transports: so no `transport=` here). Timeouts are set per request.
    """
    guard_httpx_loggers()
    return {
        "verify": verifying_tls_context(),
        "follow_redirects": False,
        "limits": CONNECTION_LIMITS,
        "http2": http2,
        "trust_env": True,
    }


def bind_async_deadlines(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Nothing to add: the async client bounds each attempt with a cancel scope (Deadline.async_scope)."""
    return client


def bind_sync_deadlines(client: httpx.Client) -> httpx.Client:
    """`client`, its connections bounded by the deadline of each of our attempts (see _deadline).

    A caller's client gets it too: outside our attempts its connections behave exactly as before.
    """
    from pinecone_imports._client._deadline_backend import bound_by_deadlines  # noqa: PLC0415

    bound_by_deadlines(client)
    return client


def check_http2_available(http2: bool) -> bool:
    if http2 and importlib.util.find_spec("h2") is None:
        raise InvalidRequestError("http2=True needs the h2 package: pip install 'pinecone-imports[http2]'")
    return http2


def check_http_client(http_client: object, expected: type, client_name: str) -> None:
    """A sync httpx.Client given to the async client (or the reverse) is a mistake worth naming."""
    if http_client is not None and not isinstance(http_client, expected):
        raise TypeError(
            f"{client_name} needs an httpx.{expected.__name__} as http_client, "
            f"not {type(http_client).__module__}.{type(http_client).__name__}"
        )


def build_request(
    request: PreparedRequest, deadline: Deadline, callers_client: httpx.Client | httpx.AsyncClient | None
) -> httpx.Request:
    """The httpx.Request for one attempt, its timeouts capped by `deadline`.

    A caller's client may carry defaults of its own (headers, cookies, a base URL), which its
    build_request merges in; our own client has none, so the request is made directly, which
    spares build_request's merging on every call.
    """
    headers = {**request.headers, "Accept-Encoding": ACCEPT_ENCODING}
    timeouts = deadline.timeouts()
    if callers_client is not None:
        return callers_client.build_request(
            request.method,
            request.url,
            params=request.params,
            json=request.json,
            headers=headers,
            timeout=timeouts,
        )
    return httpx.Request(
        request.method,
        request.url,
        params=request.params,
        json=request.json,
        headers=headers,
        extensions={"timeout": timeouts.as_dict()},
    )


class CappedBody:
    """Collects an answer's body, decoding gzip or deflate, and stops the call past MAX_ANSWER_BYTES.

    httpx decodes a whole network read at once, which a gzip bomb turns into tens of megabytes;
    decoding here, from the raw bytes, with zlib's `max_length`, never holds more than the cap.
    We advertise only these two encodings (ACCEPT_ENCODING); anything else is refused.
    """

    __slots__ = ("_body", "_decoder", "_method", "_status", "_url", "limit")

    def __init__(self, method: str, url: str, limit: int = MAX_ANSWER_BYTES) -> None:
        self._method, self._url, self.limit = method, url, limit
        self._body = bytearray()
        self._decoder: Any = None
        self._status = 0

    def start(self, response: httpx.Response) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            self._refuse(response.status_code, f"declares {int(declared):,} bytes")
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._decoder = zlib.decompressobj()
        elif encoding not in ("", "identity"):
            raise httpx.DecodingError(f"unsupported Content-Encoding {encoding!r}", request=response.request)
        self._status = response.status_code

    def add(self, raw: bytes, request: httpx.Request) -> None:
        room = self.limit - len(self._body)
        if self._decoder is None:
            data = raw
        else:
            try:
                data = self._decoder.decompress(raw, room + 1)
            except zlib.error as exc:
                raise httpx.DecodingError(
                    f"the compressed answer is corrupt ({exc})", request=request
                ) from None
        if len(data) > room:
            self._refuse(self._status, f"exceeded {self.limit:,} bytes")
        self._body += data

    def content(self) -> bytes:
        return bytes(self._body)

    def _refuse(self, status: int, what: str) -> None:
        raise UnexpectedResponseError(
            f"the {status} answer to {self._method} {self._url} {what}, more than any bulk-import answer "
            f"can hold ({self.limit:,} bytes); stopped reading it. If this was a start request, the "
            "import may have started: look for it in list_imports() before starting it again",
            status_code=status,
            body=b"",
        )


def sync_sleep(seconds: float) -> None:
    time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    import anyio  # noqa: PLC0415  (see Deadline.async_scope)

    await anyio.sleep(seconds)


def log_exchange(request: httpx.Request, outcome: int | BaseException, started: float) -> None:
    if not http_logger.isEnabledFor(logging.DEBUG):
        return
    shown = outcome if isinstance(outcome, int) else type(outcome).__name__
    elapsed = (time.perf_counter() - started) * 1000
    http_logger.debug("%s %s -> %s (%.1f ms)", request.method, request.url, shown, elapsed)
