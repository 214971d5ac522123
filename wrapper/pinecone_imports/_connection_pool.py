"""The sync client's default transport: keep-alive HTTP/1.1 connections on plain sockets.

A bulk-import call is one small JSON request to one host, over and over. httpx.Client spends most
of such a call merging URLs, headers, cookies and query parameters into its request and response
models, and http.client parses every answer's headers with the email package; writing the request
and reading the answer directly (see _http11) costs a fraction of either (see bench/). The pool
keeps what matters from httpx's defaults: connections are reused, connect/read/write timeouts
apply, TLS certificates and host names are verified against the same trust store, redirects are
never followed, and failures are raised as the httpx exceptions the retry policy already
classifies.
"""

from __future__ import annotations

import io
import select
import socket
import ssl
from collections import deque
from typing import Final

import httpx

from pinecone_imports._answer import Answer
from pinecone_imports._config import verifying_tls_context
from pinecone_imports._http11 import (
    HEAD_END,
    Origin,
    add_header,
    chunk_size,
    decode_content,
    framing,
    parse_status_line,
)

MAX_IDLE_CONNECTIONS: Final = 10
_MAX_LINE: Final = 65536


def default_ssl_context() -> ssl.SSLContext:
    """The verifying context every transport shares (decided in one place: _config)."""
    return verifying_tls_context()


class _Connection:
    __slots__ = ("file", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.file = sock.makefile("rb")  # one buffered reader for the connection's whole life

    def closed_by_peer(self) -> bool:
        """True when an idle connection has something to read: the server closed it (or misbehaves).

        Servers close idle keep-alive connections whenever they like; checking before reuse keeps
        a request from being written into a connection that is already gone.
        """
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def close(self) -> None:
        self.file.close()
        self.sock.close()


def _line(file: io.BufferedReader) -> bytes:
    line = file.readline(_MAX_LINE)
    if len(line) >= _MAX_LINE:
        raise httpx.RemoteProtocolError("a header or chunk line is too long")
    return line


def _exactly(file: io.BufferedReader, size: int) -> bytes:
    data = file.read(size)
    if len(data) != size:
        raise httpx.RemoteProtocolError(
            f"the connection closed {size - len(data)} bytes before the answer's end"
        )
    return data


def _read_answer(file: io.BufferedReader) -> tuple[int, dict[str, str], bytes, bool]:
    """(status, headers with lower-case names, body, whether the connection must be closed)."""
    while True:
        version, status = parse_status_line(_line(file))
        headers: dict[str, str] = {}
        while (line := _line(file)) not in HEAD_END:
            add_header(headers, line)
        if not 100 <= status < 200:
            break  # an interim answer (100 Continue) is followed by the real one
    frame = framing(version, status, headers)
    if frame.length is not None:
        body = _exactly(file, frame.length)
    elif frame.chunked:
        parts: list[bytes] = []
        while size := chunk_size(_line(file)):
            parts.append(_exactly(file, size))
            _exactly(file, 2)
        while _line(file) not in HEAD_END:
            pass  # trailers
        body = b"".join(parts)
    else:
        body = file.read()
    return status, headers, decode_content(headers, body), frame.must_close


class ConnectionPool:
    """Connections to one origin (scheme, host, port), reused across calls and threads."""

    def __init__(self, base_url: str) -> None:
        self._origin = Origin.parse(base_url)
        # deque's append and pop are atomic, so threads can share the pool without a lock.
        self._idle: deque[_Connection] = deque()
        self._closed = False

    def _connect(self, timeout: httpx.Timeout) -> _Connection:
        sock: socket.socket | None = None
        try:
            sock = socket.create_connection((self._origin.host, self._origin.port), timeout=timeout.connect)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._origin.https:  # the handshake runs under the connect timeout too
                sock = default_ssl_context().wrap_socket(sock, server_hostname=self._origin.host)
        except TimeoutError as exc:
            if sock is not None:
                sock.close()
            raise httpx.ConnectTimeout(f"connecting to {self._origin} timed out") from exc
        except OSError as exc:  # refused, unreachable, DNS, TLS verification
            if sock is not None:
                sock.close()
            raise httpx.ConnectError(f"cannot connect to {self._origin}: {exc}") from exc
        return _Connection(sock)

    def _checkout(self, timeout: httpx.Timeout) -> _Connection:
        while True:
            try:
                connection = self._idle.pop()
            except IndexError:
                return self._connect(timeout)
            if not connection.closed_by_peer():
                return connection
            connection.close()

    def send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: httpx.Timeout
    ) -> Answer:
        """One exchange; `url` must start with this pool's origin."""
        data = self._origin.encode(method, url, headers, body)
        connection = self._checkout(timeout)
        sock = connection.sock
        try:
            sock.settimeout(timeout.write)
            try:
                sock.sendall(data)
            except TimeoutError as exc:
                raise httpx.WriteTimeout(f"sending to {self._origin} timed out") from exc
            except OSError as exc:
                raise httpx.WriteError(f"sending to {self._origin} failed: {exc}") from exc
            sock.settimeout(timeout.read)
            try:
                status, answer_headers, content, must_close = _read_answer(connection.file)
            except TimeoutError as exc:
                raise httpx.ReadTimeout(f"no answer from {self._origin} in time") from exc
            except (OSError, ValueError) as exc:
                raise httpx.ReadError(f"reading the answer from {self._origin} failed: {exc!r}") from exc
        except BaseException:
            connection.close()
            raise
        if must_close or self._closed or len(self._idle) >= MAX_IDLE_CONNECTIONS:
            connection.close()
        else:
            self._idle.append(connection)
        return Answer(status, answer_headers, content, method, url, headers)

    def close(self) -> None:
        self._closed = True
        while self._idle:
            self._idle.pop().close()
