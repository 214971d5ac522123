"""The async client's default transport over real loopback sockets: reuse, closes, timeouts, TLS."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pinecone_imports import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncImportsClient,
    ImportOutcomeUnknownError,
)
from pinecone_imports._async_transport import (
    AsyncHttpxTransport,
    PooledAsyncTransport,
    default_async_transport,
)
from pinecone_imports._http11 import encode_request
from tests._raw_http_server import RawHttpServer, self_signed_tls

KEY = "async-pool-test-key"


@pytest.fixture
def server() -> Iterator[RawHttpServer]:
    raw = RawHttpServer().start()
    try:
        yield raw
    finally:
        raw.stop()


def client_for(server: RawHttpServer, **options: object) -> AsyncImportsClient:
    return AsyncImportsClient(server.url, KEY, max_retries=0, **options)  # type: ignore[arg-type]


async def test_connections_are_reused(server: RawHttpServer) -> None:
    async with client_for(server) as client:
        for _ in range(5):
            assert (await client.describe_import("1")).status == "Pending"
    assert server.connections == 1


async def test_concurrent_calls_use_separate_connections_then_reuse_them(server: RawHttpServer) -> None:
    server.behaviour.delay = 0.05
    async with client_for(server) as client:
        found = await asyncio.gather(*(client.describe_import("1") for _ in range(4)))
        assert [f.status for f in found] == ["Pending"] * 4
        opened = server.connections
        await asyncio.gather(*(client.describe_import("1") for _ in range(4)))
    assert 1 <= opened <= 4
    assert server.connections == opened


async def test_a_connection_the_server_dropped_while_idle_is_replaced(server: RawHttpServer) -> None:
    server.behaviour.close_after_answer = True
    server.behaviour.body = b'{"id": "7"}'
    async with client_for(server) as client:
        assert (await client.start_import("s3://bucket/a/")).id == "7"
        await asyncio.sleep(0.2)
        assert (await client.start_import("s3://bucket/b/")).id == "7"
    assert server.connections == 2
    assert [r[3] for r in server.requests] == [b'{"uri":"s3://bucket/a/"}', b'{"uri":"s3://bucket/b/"}']


async def test_connection_close_is_honoured(server: RawHttpServer) -> None:
    server.behaviour.ask_to_close = True
    async with client_for(server) as client:
        await client.describe_import("1")
        await client.describe_import("1")
    assert server.connections == 2


async def test_chunked_answers_are_read(server: RawHttpServer) -> None:
    server.behaviour.chunked = True
    async with client_for(server) as client:
        assert (await client.describe_import("1")).status == "Pending"
        assert (await client.describe_import("1")).id == "1"
    assert server.connections == 1


async def test_read_timeout_on_describe_is_a_timeout_error(server: RawHttpServer) -> None:
    server.behaviour.delay = 0.5
    async with client_for(server, timeout=0.1) as client:
        with pytest.raises(APITimeoutError):
            await client.describe_import("1")


async def test_read_timeout_on_start_leaves_the_outcome_unknown(server: RawHttpServer) -> None:
    server.behaviour.delay = 0.5
    async with AsyncImportsClient(server.url, KEY, timeout=0.1, max_retries=3) as client:
        with pytest.raises(ImportOutcomeUnknownError):
            await client.start_import("s3://bucket/a/")
    await asyncio.sleep(0.6)
    assert len(server.requests) == 1, "a start request the server may have seen is never repeated"


async def test_refused_connection_is_a_connection_error_not_an_unknown_outcome() -> None:
    closed = RawHttpServer()
    url = closed.url
    closed.stop()
    async with AsyncImportsClient(url, KEY, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.start_import("s3://bucket/a/")
    assert not isinstance(caught.value, ImportOutcomeUnknownError)


async def test_redirects_are_not_followed(server: RawHttpServer) -> None:
    server.behaviour.status = 307
    server.behaviour.extra_headers = {"Location": "http://127.0.0.1:9/elsewhere"}
    async with client_for(server) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.describe_import("1")
    assert caught.value.status_code == 307
    assert len(server.requests) == 1


async def test_requests_as_sent(server: RawHttpServer) -> None:
    async with client_for(server) as client:
        await client.start_import("s3://bucket/a/", error_mode="abort")
        await client.list_imports_paginated(limit=5, pagination_token="a+b/c= d")
    (_, target, headers, body), (_, list_target, _, _) = server.requests
    assert target == "/bulk/imports"
    assert headers["host"] == server.url.removeprefix("http://")
    assert headers["api-key"] == KEY and headers["content-type"] == "application/json"
    assert headers["content-length"] == str(len(body))
    assert body == b'{"uri":"s3://bucket/a/","errorMode":{"onError":"abort"}}'
    assert list_target == "/bulk/imports?limit=5&paginationToken=a%2Bb%2Fc%3D%20d"


def test_header_values_cannot_carry_line_breaks() -> None:
    with pytest.raises(httpx.LocalProtocolError):
        encode_request("GET", "/", "h", {"X-Bad": "a\r\nInjected: yes"}, None)


async def test_an_untrusted_certificate_is_refused(tmp_path: Path) -> None:
    server = RawHttpServer(tls=self_signed_tls(tmp_path)).start()
    try:
        async with AsyncImportsClient(server.url, KEY, max_retries=0) as client:
            with pytest.raises(APIConnectionError) as caught:
                await client.describe_import("1")
        assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    finally:
        server.stop()


async def test_a_trusted_certificate_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = RawHttpServer(tls=self_signed_tls(tmp_path)).start()
    # The shared context is cached per SSL_CERT_FILE / SSL_CERT_DIR, so this builds a new one.
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
    try:
        async with AsyncImportsClient(server.url, KEY, max_retries=0) as client:
            assert (await client.describe_import("1")).status == "Pending"
            assert (await client.describe_import("1")).status == "Pending"
        assert server.connections == 1
    finally:
        server.stop()


async def test_a_callers_http_client_is_used_and_left_open(server: RawHttpServer) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.method)

    own = httpx.AsyncClient(event_hooks={"request": [record]})
    async with client_for(server, http_client=own) as client:
        await client.describe_import("1")
        await client.cancel_import("1")
    assert seen == ["GET", "DELETE"]
    assert not own.is_closed
    await own.aclose()


def test_a_proxy_from_the_environment_sends_through_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    assert isinstance(default_async_transport("https://index.svc.pinecone.io"), AsyncHttpxTransport)
    assert isinstance(default_async_transport("http://127.0.0.1:5080"), PooledAsyncTransport)


def test_one_client_on_two_event_loops(server: RawHttpServer) -> None:
    client = client_for(server)

    async def describe() -> str | None:
        return (await client.describe_import("1")).status

    # A connection made on the first loop cannot serve the second; a new one is opened.
    assert asyncio.run(describe()) == "Pending"
    time.sleep(0.05)
    assert asyncio.run(describe()) == "Pending"
    assert server.connections == 2
