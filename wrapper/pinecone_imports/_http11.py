"""The parts of HTTP/1.1 the connection pools need, shared by the sync and async ones.

Only what bulk-import calls use: one request with an optional body of known length; answers
framed by Content-Length, chunked encoding, or the end of the connection; interim 1xx answers
skipped. Reading is left to the pools (blocking or awaited); deciding what was read is here.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import httpx

_NO_BODY: Final = frozenset({204, 304})
# A header name is a token; a value must not smuggle a line break into the request.
_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE: Final = re.compile(r"[\r\n\x00]")
HEAD_END: Final = (b"\r\n", b"\n", b"")


def encode_request(method: str, target: str, host: str, headers: dict[str, str], body: bytes | None) -> bytes:
    """Request line, headers and body as one buffer (one write, so Nagle never delays the body)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name) or _BAD_VALUE.search(value):
            raise httpx.LocalProtocolError(f"header {name!r} cannot be sent as it is")
        lines.append(f"{name}: {value}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + body if body else head


@dataclass(frozen=True, slots=True)
class Origin:
    """Scheme, host and port that a pool's connections go to; prints as `scheme://host:port`."""

    https: bool
    host: str
    port: int
    netloc: str
    text: str

    @classmethod
    def parse(cls, base_url: str) -> Origin:
        parts = urlsplit(base_url)
        https = parts.scheme == "https"
        return cls(
            https=https,
            host=parts.hostname or "",
            port=parts.port or (443 if https else 80),
            netloc=parts.netloc,
            text=f"{parts.scheme}://{parts.netloc}",
        )

    def encode(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> bytes:
        """The request for `url`, which must be on this origin, as one buffer."""
        if not url.startswith(self.text):
            raise ValueError(f"{url!r} is not on {self.text}")
        return encode_request(method, url[len(self.text) :] or "/", self.netloc, headers, body)

    def __str__(self) -> str:
        return self.text


def parse_status_line(line: bytes) -> tuple[str, int]:
    """(HTTP version, status code)."""
    if not line:
        raise httpx.RemoteProtocolError("the server closed the connection without answering")
    version, _, rest = line.decode("latin-1").partition(" ")
    try:
        return version, int(rest[:3])
    except ValueError:
        raise httpx.RemoteProtocolError(f"not an HTTP status line: {line[:80]!r}") from None


def add_header(headers: dict[str, str], line: bytes) -> None:
    name, _, value = line.decode("latin-1").partition(":")
    headers[name.strip().lower()] = value.strip()


def chunk_size(line: bytes) -> int:
    try:
        return int(line.split(b";", 1)[0].strip(), 16)
    except ValueError:
        raise httpx.RemoteProtocolError(f"bad chunk size line {line[:40]!r}") from None


@dataclass(frozen=True, slots=True)
class Framing:
    """How the body of an answer ends, and whether the connection can be reused afterwards."""

    length: int | None  # bytes to read; None: chunked, or until the connection closes
    chunked: bool
    must_close: bool


def framing(version: str, status: int, headers: dict[str, str]) -> Framing:
    connection = headers.get("connection", "").lower()
    must_close = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
    if status in _NO_BODY:
        return Framing(0, False, must_close)
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return Framing(None, True, must_close)
    if "content-length" in headers:
        try:
            return Framing(int(headers["content-length"]), False, must_close)
        except ValueError:
            raise httpx.RemoteProtocolError("bad Content-Length") from None
    return Framing(None, False, True)  # the body ends when the connection does


def decode_content(headers: dict[str, str], body: bytes) -> bytes:
    """The body with any Content-Encoding undone.

    The pools never ask for compression, but a proxy may compress anyway; gzip and deflate are
    undone, and a body that cannot be decoded is a broken answer, as httpx would report it.
    """
    encodings = [e.strip().lower() for e in headers.get("content-encoding", "").split(",") if e.strip()]
    for encoding in reversed(encodings):
        if encoding == "identity":
            continue
        try:
            if encoding in ("gzip", "x-gzip"):
                body = zlib.decompress(body, wbits=zlib.MAX_WBITS | 16)
            elif encoding == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    body = zlib.decompress(body, wbits=-zlib.MAX_WBITS)  # raw deflate, as some servers send
            else:
                raise httpx.DecodingError(
                    f"the answer uses Content-Encoding {encoding!r}, which is not supported"
                )
        except zlib.error as exc:
            raise httpx.DecodingError(f"the {encoding} answer body cannot be decoded: {exc}") from None
    return body
