"""The sync client's default transport over real loopback sockets: reuse, closes, timeouts, TLS."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pinecone_imports import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ImportOutcomeUnknownError,
    ImportsClient,
)
from pinecone_imports._connection_pool import default_ssl_context
from pinecone_imports._sync_transport import HttpxTransport, PooledTransport, default_transport
from tests._raw_http_server import RawHttpServer, self_signed_tls

KEY = "pool-test-key"


@pytest.fixture
def server() -> Iterator[RawHttpServer]:
    raw = RawHttpServer().start()
    try:
        yield raw
    finally:
        raw.stop()


def test_connections_are_reused(server: RawHttpServer) -> None:
    with ImportsClient(server.url, KEY, max_retries=0) as client:
        for _ in range(5):
            assert client.describe_import("1").status == "Pending"
    assert server.connections == 1
    assert len(server.requests) == 5


def test_a_connection_the_server_dropped_while_idle_is_replaced_not_reused(server: RawHttpServer) -> None:
    server.behaviour.close_after_answer = True
    server.behaviour.body = b'{"id": "7"}'
    with ImportsClient(server.url, KEY, max_retries=0) as client:
        assert client.start_import("s3://bucket/a/").id == "7"
        time.sleep(0.2)  # the server has hung up by now; the pool must notice before writing
        assert client.start_import("s3://bucket/b/").id == "7"
    assert server.connections == 2
    assert [r[3] for r in server.requests] == [b'{"uri":"s3://bucket/a/"}', b'{"uri":"s3://bucket/b/"}']


def test_connection_close_is_honoured(server: RawHttpServer) -> None:
    server.behaviour.ask_to_close = True
    with ImportsClient(server.url, KEY, max_retries=0) as client:
        client.describe_import("1")
        client.describe_import("1")
    assert server.connections == 2


def test_chunked_answers_are_read(server: RawHttpServer) -> None:
    server.behaviour.chunked = True
    with ImportsClient(server.url, KEY, max_retries=0) as client:
        assert client.describe_import("1").status == "Pending"
        assert client.describe_import("1").id == "1"
    assert server.connections == 1


def test_an_answer_cut_short_is_a_connection_error(server: RawHttpServer) -> None:
    server.behaviour.extra_headers = {"Content-Length": "500"}  # more than is sent
    server.behaviour.close_after_answer = True
    with ImportsClient(server.url, KEY, max_retries=0) as client, pytest.raises(APIConnectionError):
        client.describe_import("1")


def test_read_timeout_on_describe_is_a_timeout_error(server: RawHttpServer) -> None:
    server.behaviour.delay = 0.5
    with (
        ImportsClient(server.url, KEY, timeout=0.1, max_retries=0) as client,
        pytest.raises(APITimeoutError),
    ):
        client.describe_import("1")


def test_read_timeout_on_start_leaves_the_outcome_unknown(server: RawHttpServer) -> None:
    server.behaviour.delay = 0.5
    with (
        ImportsClient(server.url, KEY, timeout=0.1, max_retries=3) as client,
        pytest.raises(ImportOutcomeUnknownError),
    ):
        client.start_import("s3://bucket/a/")
    time.sleep(0.6)
    assert len(server.requests) == 1, "a start request the server may have seen is never repeated"


def test_refused_connection_is_a_connection_error_not_an_unknown_outcome() -> None:
    closed = RawHttpServer()
    url = closed.url
    closed.stop()
    with ImportsClient(url, KEY, max_retries=0) as client, pytest.raises(APIConnectionError) as caught:
        client.start_import("s3://bucket/a/")
    assert not isinstance(caught.value, ImportOutcomeUnknownError), "nothing was sent"


def test_redirects_are_not_followed(server: RawHttpServer) -> None:
    server.behaviour.status = 307
    server.behaviour.extra_headers = {"Location": "http://127.0.0.1:9/elsewhere"}
    with ImportsClient(server.url, KEY, max_retries=0) as client, pytest.raises(APIStatusError) as caught:
        client.describe_import("1")
    assert caught.value.status_code == 307
    assert len(server.requests) == 1


def test_query_parameters_are_encoded_like_httpx(server: RawHttpServer) -> None:
    server.behaviour.body = b'{"data": []}'
    with ImportsClient(server.url, KEY, max_retries=0) as client:
        client.list_imports_paginated(limit=5, pagination_token="a+b/c= d")
    assert server.requests[0][1] == "/bulk/imports?limit=5&paginationToken=a%2Bb%2Fc%3D%20d"


def test_headers_sent_by_the_pool(server: RawHttpServer) -> None:
    with ImportsClient(server.url, KEY, max_retries=0) as client:
        client.start_import("s3://bucket/a/", error_mode="abort")
    _, target, headers, body = server.requests[0]
    assert target == "/bulk/imports"
    assert headers["api-key"] == KEY
    assert headers["content-type"] == "application/json"
    assert headers["content-length"] == str(len(body))
    assert body == b'{"uri":"s3://bucket/a/","errorMode":{"onError":"abort"}}'


def test_tls_verification_is_on_by_default() -> None:
    context = default_ssl_context()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname


def test_an_untrusted_certificate_is_refused(tmp_path: Path) -> None:
    server = RawHttpServer(tls=self_signed_tls(tmp_path)).start()
    try:
        with (
            ImportsClient(server.url, KEY, max_retries=0) as client,
            pytest.raises(APIConnectionError) as caught,
        ):
            client.describe_import("1")
        assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
        assert server.requests == []
    finally:
        server.stop()


def test_a_trusted_certificate_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = RawHttpServer(tls=self_signed_tls(tmp_path)).start()
    # httpx's trust rules apply: SSL_CERT_FILE names the certificates to trust.
    # The shared context is cached per SSL_CERT_FILE / SSL_CERT_DIR, so this builds a new one.
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
    try:
        with ImportsClient(server.url, KEY, max_retries=0) as client:
            assert client.describe_import("1").status == "Pending"
            assert client.describe_import("1").status == "Pending"
        assert server.connections == 1
    finally:
        server.stop()


def test_a_callers_http_client_is_used_and_left_open(server: RawHttpServer) -> None:
    seen: list[str] = []
    own = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.method)]})
    with ImportsClient(server.url, KEY, max_retries=0, http_client=own) as client:
        client.describe_import("1")
        client.cancel_import("1")
    assert seen == ["GET", "DELETE"]
    assert not own.is_closed
    own.close()


def test_a_proxy_from_the_environment_sends_through_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    proxied = default_transport("https://index.svc.pinecone.io")
    assert isinstance(proxied, HttpxTransport)
    proxied.close()
    assert isinstance(default_transport("http://127.0.0.1:5080"), PooledTransport)
    monkeypatch.setenv("NO_PROXY", "index.svc.pinecone.io")
    assert isinstance(default_transport("https://index.svc.pinecone.io"), PooledTransport)


def test_copies_share_the_pool_and_only_the_original_closes_it(server: RawHttpServer) -> None:
    client = ImportsClient(server.url, KEY, max_retries=0)
    copy = client.with_options(timeout=5.0)
    client.describe_import("1")
    copy.describe_import("1")
    copy.close()
    client.describe_import("1")
    client.close()
    assert server.connections == 1
