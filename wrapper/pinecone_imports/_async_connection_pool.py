"""The async client's default transport: keep-alive HTTP/1.1 connections on asyncio streams.

The async counterpart of _connection_pool. httpx's async stack (httpcore, h11, anyio) costs about
four times a plain exchange per call, and without the optional `sniffio` package httpcore even
attempts a failing import on every request. A bulk-import call needs little of HTTP: one request
with a small JSON body, one answer with a Content-Length or chunked body. That is written and read
here directly; connections are reused, connect/write/read timeouts apply (the read timeout covers
the whole answer), TLS is verified with the same context as the sync pool, redirects are never
followed, and failures are raised as the httpx exceptions the retry policy classifies.
"""

from __future__ import annotations

import asyncio
from typing import Final

import httpx

from pinecone_imports._answer import Answer
from pinecone_imports._connection_pool import default_ssl_context
from pinecone_imports._http11 import (
    HEAD_END,
    Origin,
    add_header,
    chunk_size,
    decode_content,
    framing,
    parse_status_line,
)

MAX_IDLE_CONNECTIONS: Final = 20


class _Connection:
    __slots__ = ("loop", "reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.loop = asyncio.get_running_loop()

    def usable(self) -> bool:
        """Still open, on this event loop, and with nothing unread (a server that hung up)."""
        return (
            self.loop is asyncio.get_running_loop()
            and not self.writer.is_closing()
            and not self.reader.at_eof()
        )

    def close(self) -> None:
        if not self.loop.is_closed():
            self.writer.close()


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes, bool]:
    """(status, headers with lower-case names, body, whether the connection must be closed)."""
    while True:
        version, status = parse_status_line(await reader.readline())
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in HEAD_END:
            add_header(headers, line)
        if not 100 <= status < 200:
            break  # an interim answer (100 Continue) is followed by the real one
    frame = framing(version, status, headers)
    if frame.length is not None:
        body = await reader.readexactly(frame.length)
    elif frame.chunked:
        parts: list[bytes] = []
        while size := chunk_size(await reader.readline()):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        while (await reader.readline()) not in HEAD_END:
            pass  # trailers
        body = b"".join(parts)
    else:
        body = await reader.read()
    return status, headers, decode_content(headers, body), frame.must_close


class AsyncConnectionPool:
    """Connections to one origin, reused across calls; one connection per call in flight."""

    def __init__(self, base_url: str) -> None:
        self._origin = Origin.parse(base_url)
        self._idle: list[_Connection] = []
        self._closed = False

    async def _connect(self, timeout: httpx.Timeout) -> _Connection:
        tls = default_ssl_context() if self._origin.https else None
        try:
            async with asyncio.timeout(timeout.connect):
                reader, writer = await asyncio.open_connection(
                    self._origin.host,
                    self._origin.port,
                    ssl=tls,
                    server_hostname=self._origin.host if tls else None,
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"connecting to {self._origin} timed out") from exc
        except OSError as exc:  # refused, unreachable, DNS, TLS verification
            raise httpx.ConnectError(f"cannot connect to {self._origin}: {exc}") from exc
        return _Connection(reader, writer)

    async def _checkout(self, timeout: httpx.Timeout) -> _Connection:
        while self._idle:
            connection = self._idle.pop()
            if connection.usable():
                return connection
            connection.close()
        return await self._connect(timeout)

    async def send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: httpx.Timeout
    ) -> Answer:
        """One exchange; `url` must start with this pool's origin."""
        data = self._origin.encode(method, url, headers, body)
        connection = await self._checkout(timeout)
        try:
            try:
                connection.writer.write(data)
                async with asyncio.timeout(timeout.write):
                    await connection.writer.drain()
            except TimeoutError as exc:
                raise httpx.WriteTimeout(f"sending to {self._origin} timed out") from exc
            except OSError as exc:
                raise httpx.WriteError(f"sending to {self._origin} failed: {exc}") from exc
            try:
                async with asyncio.timeout(timeout.read):
                    status, answer_headers, content, must_close = await _read_answer(connection.reader)
            except TimeoutError as exc:
                raise httpx.ReadTimeout(f"no answer from {self._origin} in time") from exc
            except asyncio.IncompleteReadError as exc:
                raise httpx.RemoteProtocolError(f"{self._origin} closed the connection mid-answer") from exc
            except (OSError, ValueError, asyncio.LimitOverrunError) as exc:
                raise httpx.ReadError(f"reading the answer from {self._origin} failed: {exc!r}") from exc
        except BaseException:
            connection.close()
            raise
        if must_close or self._closed or len(self._idle) >= MAX_IDLE_CONNECTIONS:
            connection.close()
        else:
            self._idle.append(connection)
        return Answer(status, answer_headers, content, method, url, headers)

    async def aclose(self) -> None:
        self._closed = True
        while self._idle:
            self._idle.pop().close()
