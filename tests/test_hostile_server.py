"""A deliberately hostile server over real loopback sockets: every answer the HTTP rules forbid, a
body that never ends, a gzip bomb, a byte-a-second drip.

Each case runs for the sync and the async client and must end in a PineconeImportsError (or a clean
result) within a few seconds and without holding more than a bounded amount of memory. Where a broken
answer could hide a second one on a kept-alive connection, the next call on the same client must get
its own, clean answer.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import os
import resource
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from pinecone_imports import (
    APITimeoutError,
    AsyncImportsClient,
    ImportsClient,
    PineconeImportsError,
    UnexpectedResponseError,
)
from pinecone_imports._client._http import CONNECTION_LIMITS
from tests._drive import KINDS, TEST_KEY
from tests._misbehaving_server import Feed, MisbehavingServer, Raw

MB = 1024 * 1024
# Memory one hostile call may hold at its peak. The size cap stops at 4 MiB; a gzip bomb adds one
# decoded network read (h11 reads at most 64 KiB, which a maximal gzip ratio turns into ~64 MiB).
MEMORY_BOUND = 24 * MB
BOMB_MEMORY_BOUND = MEMORY_BOUND
TIME_BOUND = 10.0  # seconds, for every case (client timeout below: 1.5 s; a shared machine may stall)

HIDDEN = b'{"id":"SMUGGLED","status":"Completed"}'
HIDDEN_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(HIDDEN), HIDDEN)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as running:
        yield running


def run_calls(kind: str, url: str, calls: list[tuple[str, tuple[Any, ...]]], **options: Any) -> list[Any]:
    """Run `calls` one after another on ONE client; each result is the value or the exception."""
    options = {"max_retries": 0, "timeout": 1.5, **options}
    results: list[Any] = []
    if kind == "sync":
        with ImportsClient(url, TEST_KEY, **options) as client:
            for operation, args in calls:
                try:
                    results.append(getattr(client, operation)(*args))
                except Exception as exc:
                    results.append(exc)
        return results

    async def run() -> None:
        async with AsyncImportsClient(url, TEST_KEY, **options) as client:
            for operation, args in calls:
                try:
                    results.append(await getattr(client, operation)(*args))
                except Exception as exc:
                    results.append(exc)

    asyncio.run(run())
    return results


def bounded(action: Callable[[], list[Any]], memory: int = MEMORY_BOUND) -> list[Any]:
    """Run `action`, checking its duration and its peak of Python memory."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        results = action()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert elapsed < TIME_BOUND, f"took {elapsed:.1f} s"
    assert peak < memory, f"peak memory {peak / MB:.1f} MiB"
    return results


def raw_then_clean(
    kind: str, server: MisbehavingServer, first: bytes, operation: str = "describe_import"
) -> Any:
    """The first answer is `first` (connection kept open); returns the first outcome after checking
    that the next call on the same client is answered cleanly."""
    server.script(Feed(lambda: [first], keep_open=True))
    results = bounded(lambda: run_calls(kind, server.url, [(operation, ("1",)), ("describe_import", ("2",))]))
    first_outcome, second = results
    assert not isinstance(second, Exception), second
    assert second.id == "2", "an answer hidden in the previous one was taken for this call's"
    return first_outcome


SMUGGLING = {
    "conflicting lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: %d\r\n\r\n{}",
    "folded length": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n %d\r\n\r\n{}",
    "spaced length": b"HTTP/1.1 200 OK\r\nContent-Length : %d\r\n\r\n{}",
    "length list": b"HTTP/1.1 200 OK\r\nContent-Length: 2, %d\r\n\r\n{}",
}


@pytest.mark.parametrize("case", SMUGGLING)
@pytest.mark.parametrize("operation", ["describe_import", "cancel_import"])
def test_an_answer_hidden_behind_a_bad_length_never_reaches_a_call(
    kind: str, server: MisbehavingServer, case: str, operation: str
) -> None:
    head = SMUGGLING[case] % (2 + len(HIDDEN_ANSWER))
    outcome = raw_then_clean(kind, server, head + HIDDEN_ANSWER, operation)
    assert isinstance(outcome, PineconeImportsError), outcome


BROKEN_HEADS = {
    "negative length": b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{}",
    "junk status line": b"HTTX/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
    "status out of range": b"HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}",
    "no status line": b"hello\r\n\r\n",
    "CR in a header value": b"HTTP/1.1 200 OK\r\nX-Odd: a\rb\r\nContent-Length: 2\r\n\r\n{}",
    "NUL in a header value": b"HTTP/1.1 200 OK\r\nX-Odd: a\x00b\r\nContent-Length: 2\r\n\r\n{}",
    "cut inside the headers": b"HTTP/1.1 200 OK\r\nContent-Type: appl",
    "cut inside the status line": b"HTTP/1.1 20",
    "huge chunk size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}",
}


@pytest.mark.parametrize("case", BROKEN_HEADS)
@pytest.mark.parametrize("operation", ["describe_import", "cancel_import"])
def test_a_broken_answer_is_an_error_never_a_success(
    kind: str, server: MisbehavingServer, case: str, operation: str
) -> None:
    server.script(Raw(BROKEN_HEADS[case]))
    (outcome,) = bounded(lambda: run_calls(kind, server.url, [(operation, ("1",))]))
    # A cancel cut short must not "succeed" (return None): the caller would think it was sent.
    assert isinstance(outcome, PineconeImportsError), outcome


def test_a_huge_declared_length_is_refused_before_reading(kind: str, server: MisbehavingServer) -> None:
    server.script(Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n{}"))
    (outcome,) = bounded(lambda: run_calls(kind, server.url, [("describe_import", ("1",))]))
    assert isinstance(outcome, UnexpectedResponseError), outcome
    assert "stopped reading" in str(outcome)


def _endless_headers() -> Iterator[bytes]:
    yield b"HTTP/1.1 200 OK\r\n"
    for number in itertools.count():
        yield b"X-Filler-%d: %s\r\n" % (number, b"x" * 1000)


def test_endless_headers_end_the_call(kind: str, server: MisbehavingServer) -> None:
    server.script(Feed(_endless_headers))
    (outcome,) = bounded(lambda: run_calls(kind, server.url, [("describe_import", ("1",))]))
    assert isinstance(outcome, PineconeImportsError), outcome


def _big_body(chunked: bool) -> Callable[[], Iterator[bytes]]:
    piece = b" " * MB

    def pieces() -> Iterator[bytes]:
        if chunked:
            yield b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            for _ in range(50):
                yield b"%x\r\n%s\r\n" % (len(piece), piece)
            yield b"0\r\n\r\n"
        else:
            yield b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (50 * MB)
            for _ in range(50):
                yield piece

    return pieces


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
def test_a_50_mb_answer_is_cut_at_the_cap(kind: str, server: MisbehavingServer, chunked: bool) -> None:
    server.script(Feed(_big_body(chunked)))
    (outcome,) = bounded(lambda: run_calls(kind, server.url, [("list_imports_paginated", ())]))
    assert isinstance(outcome, UnexpectedResponseError), outcome


def test_a_gzip_bomb_is_cut_at_the_cap(kind: str, server: MisbehavingServer) -> None:
    bomb = gzip.compress(b"\0" * (200 * MB), compresslevel=9)
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb)
    server.script(Raw(head + bomb))
    (outcome,) = bounded(
        lambda: run_calls(kind, server.url, [("describe_import", ("1",))]), memory=BOMB_MEMORY_BOUND
    )
    assert isinstance(outcome, UnexpectedResponseError), outcome


def _drip(head: bytes, body: bytes) -> Callable[[], Iterator[bytes]]:
    def pieces() -> Iterator[bytes]:
        yield head
        for byte in body:
            yield bytes([byte])

    return pieces


def test_a_dripping_body_cannot_outlast_the_timeout(kind: str, server: MisbehavingServer) -> None:
    body = b'{"id": "1", "status": "Completed", "padding": "' + b"x" * 200 + b'"}'
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
    server.script(Feed(_drip(head, body), pause=0.1))  # 20+ s for the whole body
    started = time.monotonic()
    (outcome,) = bounded(lambda: run_calls(kind, server.url, [("describe_import", ("1",))], timeout=1.0))
    assert isinstance(outcome, APITimeoutError), outcome
    assert time.monotonic() - started < 2.5


def test_dripping_headers_cannot_outlast_the_timeout(kind: str, server: MisbehavingServer) -> None:
    # Each byte comes well within the read timeout, so only the attempt's deadline can stop it: a
    # cancel scope for the async client, connections that cut each read to the time left for the sync
    # one (_client/_deadline.py).
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 400 + b"\r\nContent-Length: 2\r\n\r\n{}"
    server.script(Feed(_drip(b"", head), pause=0.1))
    started = time.monotonic()
    (outcome,) = bounded(lambda: run_calls(kind, server.url, [("describe_import", ("1",))], timeout=1.0))
    assert isinstance(outcome, APITimeoutError), outcome
    assert time.monotonic() - started < 2.5


def _dripped_head() -> Feed:
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 400 + b"\r\nContent-Length: 2\r\n\r\n{}"
    return Feed(_drip(b"", head), pause=0.1)


def test_dripping_headers_are_cut_on_a_callers_own_sync_client(server: MisbehavingServer) -> None:
    server.script(_dripped_head())
    with httpx.Client() as own:
        started = time.monotonic()
        (outcome,) = bounded(
            lambda: run_calls("sync", server.url, [("describe_import", ("1",))], timeout=1.0, http_client=own)
        )
        assert isinstance(outcome, APITimeoutError), outcome
        assert time.monotonic() - started < 2.5
        # Outside our calls the caller's client reads as it always did: headers that take 1.4 s in
        # three pieces, each within its 1 s read timeout, are read to the end.
        slow = [b"HTTP/1.1 200 OK\r\n", b"Content-Length: 2\r\n", b"\r\n{}"]
        server.script(Feed(lambda: iter(slow), pause=0.7))
        assert own.get(f"{server.url}/anything", timeout=1.0).content == b"{}"


def test_dripping_headers_through_a_proxy_from_the_environment_are_cut(
    kind: str, server: MisbehavingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The proxy (this server) drips the answer: the connection to it is the one to bound.
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server.script(_dripped_head())
    started = time.monotonic()
    host = "http://index.example.invalid"  # never resolved: the proxy answers for it
    calls = [("describe_import", ("1",))]
    (outcome,) = bounded(lambda: run_calls(kind, host, calls, timeout=1.0, allow_insecure_http=True))
    assert isinstance(outcome, APITimeoutError), outcome
    assert time.monotonic() - started < 2.5
    (request,) = server.requests
    assert request.target == f"{host}/bulk/imports/1", "the request did not go through the proxy"


def test_connections_are_reused_with_more_than_1100_files_open(kind: str, server: MisbehavingServer) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1400
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"the hard limit of open files is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    opened = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        calls = [("describe_import", (str(n),)) for n in range(5)]
        results = bounded(lambda: run_calls(kind, server.url, calls))
    finally:
        for descriptor in opened:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert [r.id for r in results] == ["0", "1", "2", "3", "4"]
    assert {r.connection for r in server.requests} == {1}, "every call opened a new connection"


def test_many_concurrent_async_calls_share_a_bounded_pool(server: MisbehavingServer) -> None:
    async def run() -> list[Any]:
        async with AsyncImportsClient(server.url, TEST_KEY, timeout=20) as client:
            return await asyncio.gather(*(client.describe_import(str(n)) for n in range(300)))

    found = asyncio.run(run())
    assert sorted(int(item.id) for item in found) == list(range(300))
    assert 1 < server.peak_connections <= CONNECTION_LIMITS.max_connections, server.peak_connections
    # ... and reused: no connection is opened per call.
    assert len({request.connection for request in server.requests}) <= CONNECTION_LIMITS.max_connections
