"""The sync client's default transport: keep-alive HTTP/1.1 connections on the standard library.

A bulk-import call is one small JSON request to one host, over and over. httpx.Client spends most
of such a call merging URLs, headers, cookies and query parameters into its request and response
models; http.client does the same exchange in about a third of the time (see bench/). The pool
keeps what matters from httpx's defaults: connections are reused, connect/read/write timeouts
apply, TLS certificates and host names are verified against the same trust store, redirects are
never followed (http.client has no notion of them), and failures are raised as the httpx
exceptions the retry policy already classifies.
"""

from __future__ import annotations

import functools
import http.client
import select
import socket
import ssl
from collections import deque
from typing import Final
from urllib.parse import urlsplit

import httpx

from pinecone_imports._answer import Answer

MAX_IDLE_CONNECTIONS: Final = 10


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """httpx's own default context (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), built once."""
    return httpx.create_ssl_context()


def _closed_by_peer(connection: http.client.HTTPConnection) -> bool:
    """True when an idle connection has something to read: the server closed it (or misbehaves).

    Servers close idle keep-alive connections whenever they like; checking before reuse keeps a
    request from being written into a connection that is already gone.
    """
    sock = connection.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


class ConnectionPool:
    """Connections to one origin (scheme, host, port), reused across calls and threads."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._https else 80)
        self._origin = f"{parts.scheme}://{parts.netloc}"
        # deque's append and pop are atomic, so threads can share the pool without a lock.
        self._idle: deque[http.client.HTTPConnection] = deque()
        self._closed = False

    @property
    def origin(self) -> str:
        return self._origin

    def _connect(self, timeout: httpx.Timeout) -> http.client.HTTPConnection:
        connect_timeout = timeout.connect
        connection: http.client.HTTPConnection
        if self._https:
            connection = http.client.HTTPSConnection(
                self._host, self._port, timeout=connect_timeout, context=default_ssl_context()
            )
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=connect_timeout)
        try:
            connection.connect()
        except TimeoutError as exc:
            connection.close()
            raise httpx.ConnectTimeout(f"connecting to {self._origin} timed out") from exc
        except OSError as exc:  # refused, unreachable, DNS, TLS verification
            connection.close()
            raise httpx.ConnectError(f"cannot connect to {self._origin}: {exc}") from exc
        assert connection.sock is not None
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def _checkout(self, timeout: httpx.Timeout) -> http.client.HTTPConnection:
        while True:
            try:
                connection = self._idle.pop()
            except IndexError:
                return self._connect(timeout)
            if not _closed_by_peer(connection):
                return connection
            connection.close()

    def _checkin(self, connection: http.client.HTTPConnection) -> None:
        if self._closed or connection.sock is None or len(self._idle) >= MAX_IDLE_CONNECTIONS:
            connection.close()
        else:
            self._idle.append(connection)

    def send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: httpx.Timeout
    ) -> Answer:
        """One exchange; `url` must start with this pool's origin."""
        if not url.startswith(self._origin):
            raise ValueError(f"{url!r} is not on {self._origin}")
        target = url[len(self._origin) :] or "/"
        connection = self._checkout(timeout)
        sock = connection.sock
        assert sock is not None
        try:
            sock.settimeout(timeout.write)
            try:
                connection.request(method, target, body, headers)
            except TimeoutError as exc:
                raise httpx.WriteTimeout(f"sending to {self._origin} timed out") from exc
            except OSError as exc:
                raise httpx.WriteError(f"sending to {self._origin} failed: {exc}") from exc
            sock.settimeout(timeout.read)
            try:
                response = connection.getresponse()
                content = response.read()
            except TimeoutError as exc:
                raise httpx.ReadTimeout(f"no answer from {self._origin} in time") from exc
            except http.client.RemoteDisconnected as exc:
                raise httpx.RemoteProtocolError(f"{self._origin} closed the connection: {exc}") from exc
            except (OSError, http.client.HTTPException) as exc:
                raise httpx.ReadError(f"reading the answer from {self._origin} failed: {exc!r}") from exc
        except BaseException:
            connection.close()
            raise
        answer = Answer(
            status_code=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            content=content,
            method=method,
            url=url,
        )
        # http.client drops the socket itself when the server asked to close it.
        self._checkin(connection)
        return answer

    def close(self) -> None:
        self._closed = True
        while self._idle:
            self._idle.pop().close()
