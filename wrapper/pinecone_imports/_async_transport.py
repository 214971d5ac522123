"""How the async client sends a prepared request: its own connection pool on asyncio streams,
or the caller's httpx.AsyncClient.

Both turn a PreparedRequest into an Answer and raise httpx's exceptions, so the retry policy and
error mapping in _exchange see the same thing whichever is used.
"""

from __future__ import annotations

from typing import Protocol

import httpx

from pinecone_imports._answer import Answer
from pinecone_imports._async_connection_pool import AsyncConnectionPool
from pinecone_imports._config import verifying_tls_context
from pinecone_imports._exchange import PreparedRequest
from pinecone_imports._secret import guard_httpx_loggers
from pinecone_imports._wire_format import encode_json, proxied, request_url


class AsyncTransport(Protocol):
    async def send(self, request: PreparedRequest, timeout: httpx.Timeout) -> Answer: ...

    async def aclose(self) -> None: ...


class PooledAsyncTransport:
    """The default: keep-alive connections on asyncio streams (see _async_connection_pool)."""

    def __init__(self, base_url: str) -> None:
        self._pool = AsyncConnectionPool(base_url)

    async def send(self, request: PreparedRequest, timeout: httpx.Timeout) -> Answer:
        headers, body = request.headers, None
        if request.json is not None:
            body = encode_json(request.json)
            if "Content-Type" not in headers:
                headers = {**headers, "Content-Type": "application/json"}
        return await self._pool.send(request.method, request_url(request), headers, body, timeout)

    async def aclose(self) -> None:
        await self._pool.aclose()


class AsyncHttpxTransport:
    """Through an httpx.AsyncClient: the caller's own, or one made because a proxy is configured."""

    def __init__(self, client: httpx.AsyncClient, *, owned: bool) -> None:
        guard_httpx_loggers()
        self.client = client
        self._owned = owned

    async def send(self, request: PreparedRequest, timeout: httpx.Timeout) -> Answer:
        response = await self.client.request(
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

    async def aclose(self) -> None:
        if self._owned:
            await self.client.aclose()


def default_async_transport(base_url: str) -> AsyncTransport:
    """The pool, unless the environment routes this host through a proxy, which httpx handles."""
    if proxied(base_url):
        return AsyncHttpxTransport(
            httpx.AsyncClient(follow_redirects=False, verify=verifying_tls_context()), owned=True
        )
    return PooledAsyncTransport(base_url)
