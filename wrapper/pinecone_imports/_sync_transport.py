"""How the sync client sends a prepared request: its own connection pool, or the caller's httpx.Client.

Both turn a PreparedRequest into an Answer and raise httpx's exceptions, so the retry policy and
error mapping in _exchange see the same thing whichever is used.
"""

from __future__ import annotations

from typing import Protocol

import httpx

from pinecone_imports._answer import Answer
from pinecone_imports._config import verifying_tls_context
from pinecone_imports._connection_pool import ConnectionPool
from pinecone_imports._exchange import PreparedRequest
from pinecone_imports._secret import guard_httpx_loggers
from pinecone_imports._wire_format import encode_json, proxied, request_url


class SyncTransport(Protocol):
    def send(self, request: PreparedRequest, timeout: httpx.Timeout) -> Answer: ...

    def close(self) -> None: ...


class PooledTransport:
    """The default: keep-alive connections on plain sockets (see _connection_pool)."""

    def __init__(self, base_url: str) -> None:
        self._pool = ConnectionPool(base_url)

    def send(self, request: PreparedRequest, timeout: httpx.Timeout) -> Answer:
        headers, body = request.headers, None
        if request.json is not None:
            body = encode_json(request.json)
            if "Content-Type" not in headers:
                headers = {**headers, "Content-Type": "application/json"}
        return self._pool.send(request.method, request_url(request), headers, body, timeout)

    def close(self) -> None:
        self._pool.close()


class HttpxTransport:
    """Through an httpx.Client: the caller's own, or one made because a proxy is configured."""

    def __init__(self, client: httpx.Client, *, owned: bool) -> None:
        guard_httpx_loggers()
        self.client = client
        self._owned = owned

    def send(self, request: PreparedRequest, timeout: httpx.Timeout) -> Answer:
        response = self.client.request(
            request.method,
            request.url,
            params=request.params,
            json=request.json,
            headers=request.headers,
            timeout=timeout,
            # Also when the caller's client follows redirects: the key must not travel elsewhere.
            follow_redirects=False,
        )
        return Answer(
            response.status_code,
            response.headers,
            response.content,
            request.method,
            request.url,
            request.headers,
        )

    def close(self) -> None:
        if self._owned:
            self.client.close()


def default_transport(base_url: str) -> SyncTransport:
    """The pool, unless the environment routes this host through a proxy, which httpx handles."""
    if proxied(base_url):
        return HttpxTransport(
            httpx.Client(follow_redirects=False, verify=verifying_tls_context()), owned=True
        )
    return PooledTransport(base_url)
