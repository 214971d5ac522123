"""A user's-eye view: the tools people use around httpx see a default-constructed client.

respx and pytest-httpx intercept its requests (nothing reaches the network), and OpenTelemetry's
httpx instrumentation records a span for each of them, for ImportsClient and AsyncImportsClient alike.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
import respx
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pytest_httpx import HTTPXMock

from pinecone_imports import AsyncImportsClient, ImportsClient
from tests._misbehaving_server import MisbehavingServer, import_wire

HOST = "https://my-index-abc123.svc.pinecone.io"
KEY = "pk-ecosystem-canary-7f3a"


def _describe_sync() -> str | None:
    with ImportsClient(HOST, KEY) as client:
        return client.describe_import("42").status


def _describe_async() -> str | None:
    async def run() -> str | None:
        async with AsyncImportsClient(HOST, KEY) as client:
            return (await client.describe_import("42")).status

    return asyncio.run(run())


DESCRIBE = {"sync": _describe_sync, "async": _describe_async}


@pytest.mark.parametrize("kind", DESCRIBE)
def test_respx_intercepts_a_default_client(kind: str) -> None:
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get(f"{HOST}/bulk/imports/42").respond(200, json=import_wire("42", status="InProgress"))
        assert DESCRIBE[kind]() == "InProgress"
    assert route.call_count == 1
    assert route.calls.last.request.headers["Api-Key"] == KEY


@pytest.mark.parametrize("kind", DESCRIBE)
def test_pytest_httpx_intercepts_a_default_client(kind: str, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{HOST}/bulk/imports/42", json=import_wire("42", status="Failed"))
    assert DESCRIBE[kind]() == "Failed"
    (request,) = httpx_mock.get_requests()
    assert request.headers["X-Pinecone-Api-Version"]


@pytest.mark.parametrize("kind", DESCRIBE)
def test_opentelemetry_records_the_requests(kind: str) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        with MisbehavingServer() as server:
            url = server.url
            if kind == "sync":
                with ImportsClient(url, KEY) as client:
                    client.describe_import("7")
            else:

                async def run() -> None:
                    async with AsyncImportsClient(url, KEY) as client:
                        await client.describe_import("7")

                asyncio.run(run())
    finally:
        instrumentor.uninstrument()
    spans = exporter.get_finished_spans()
    assert [span.name for span in spans] == ["GET"], spans
    attributes = dict(spans[0].attributes or {})
    assert any(str(value).endswith("/bulk/imports/7") for value in attributes.values()), attributes
    assert KEY not in repr(attributes)


@pytest.mark.parametrize("kind", DESCRIBE)
def test_every_exchange_is_logged_at_debug_without_the_key(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    with respx.mock() as mock:
        mock.get(f"{HOST}/bulk/imports/42").respond(200, json=import_wire("42"))
        mock.get(f"{HOST}/bulk/imports/{KEY}").respond(404, json={"code": 5, "message": "no"})
        with caplog.at_level(logging.DEBUG, logger="pinecone_imports.http"):
            DESCRIBE[kind]()
            with pytest.raises(Exception, match="404"), ImportsClient(HOST, KEY, max_retries=0) as client:
                client.describe_import(KEY)  # the key as a path segment: the filter must still hide it
    lines = [r.getMessage() for r in caplog.records if r.name == "pinecone_imports.http"]
    assert lines[0].startswith(f"GET {HOST}/bulk/imports/42 -> 200 (")
    assert lines[0].endswith(" ms)")
    assert any("-> 404" in line for line in lines)
    assert all(KEY not in line for line in lines), lines


def test_a_sync_http_client_given_to_the_async_client_is_a_type_error() -> None:
    with httpx.Client() as sync_client, pytest.raises(TypeError, match="AsyncClient"):
        AsyncImportsClient(HOST, KEY, http_client=sync_client)  # type: ignore[arg-type]


def test_an_async_http_client_given_to_the_sync_client_is_a_type_error() -> None:
    async def run() -> None:
        async with httpx.AsyncClient() as async_client:
            with pytest.raises(TypeError, match=r"httpx\.Client"):
                ImportsClient(HOST, KEY, http_client=async_client)  # type: ignore[arg-type]

    asyncio.run(run())


def test_http2_is_offered_through_the_extra() -> None:
    pytest.importorskip("h2")
    with respx.mock() as mock:
        mock.get(f"{HOST}/bulk/imports/42").respond(200, json=import_wire("42"))
        with ImportsClient(HOST, KEY, http2=True) as client:
            assert client.describe_import("42").id == "42"


@pytest.mark.parametrize("kind", DESCRIBE)
def test_a_proxy_from_the_environment_carries_the_requests(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with MisbehavingServer() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        host = "http://index.example.invalid"  # never resolved: the proxy answers for it

        async def run_async() -> str | None:
            async with AsyncImportsClient(host, KEY, allow_insecure_http=True) as client:
                return (await client.describe_import("5")).id

        if kind == "sync":
            with ImportsClient(host, KEY, allow_insecure_http=True) as client:
                found = client.describe_import("5").id
        else:
            found = asyncio.run(run_async())
    assert found == "5"
    (request,) = proxy.requests
    assert request.target == f"{host}/bulk/imports/5", "the request did not go through the proxy"
