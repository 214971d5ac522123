"""A canary API key through every error path: it must never show in any text a user could see.

The server here is hostile: it echoes the key back in error messages, bodies, headers, redirect
targets, HTML titles and even malformed status lines. Checked for each resulting exception: str,
repr, args, every attribute, and the whole chain formatted by traceback.format_exception; and
every log record, captured at DEBUG level from the root logger with httpx and httpcore debug
logging switched on.
"""

from __future__ import annotations

import json
import logging
import pickle
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pinecone_imports import AsyncImportsClient, ImportsClient, InvalidRequestError, PineconeImportsError
from pinecone_imports import v2024_10 as pinned
from tests._drive import KINDS, KINDS_WITH_HTTPX, call
from tests._misbehaving_server import (
    Hangup,
    MisbehavingServer,
    Raw,
    Received,
    Reply,
    Reset,
    Stall,
    head,
)

CANARY = "pcsk_CANARY_7f3e9b2a_4c1d_LEAK"
URI = "s3://bucket/dir/"


def key_of(request: Received) -> str:
    return request.headers.get("api-key", "")


def echo_rpc(status: int) -> Callable[[Received], Reply]:
    return lambda r: Reply.json(
        status,
        {"code": 16, "message": f"bad key {key_of(r)}", "details": [{"typeUrl": key_of(r), "value": ""}]},
        {"X-Request-Id": f"req-{key_of(r)}", "X-Echo-Api-Key": key_of(r)},
    )


def echo_text(status: int) -> Callable[[Received], Reply]:
    return lambda r: Reply.json(status, f"key {key_of(r)} rejected", {"X-Echo-Api-Key": key_of(r)})


def echo_html(status: int) -> Callable[[Received], Reply]:
    return lambda r: Reply.text(status, f"<html><title>Denied {key_of(r)}</title></html>", "text/html")


def echo_redirect(r: Received) -> Reply:
    return Reply(307, b"", {"Location": f"https://elsewhere.example/?api_key={key_of(r)}"})


def echo_status_line(r: Received) -> Raw:
    return Raw(f"HTTP/1.1 banana {key_of(r)}\r\n\r\n".encode())


def echo_header_line(r: Received) -> Raw:
    return Raw(f"HTTP/1.1 200 OK\r\nX-Broken {key_of(r)}\r\n\r\n".encode())


def echo_success_body(r: Received) -> Reply:
    return Reply(200, f"<html>{key_of(r)}</html>".encode(), {"X-Echo-Api-Key": key_of(r)})


def echo_then_stall(r: Received) -> Stall:
    return Stall(prefix=head(200, {"X-Echo-Api-Key": key_of(r)}, 100) + b"{")


def echo_then_reset(r: Received) -> Reset:
    return Reset(prefix=head(200, {"X-Echo-Api-Key": key_of(r)}, 100) + key_of(r).encode())


# (name, operation, args, what the server does on every attempt)
ERROR_PATHS: list[tuple[str, str, tuple[Any, ...], Any]] = [
    ("401 rpcStatus echo", "describe_import", ("1",), echo_rpc(401)),
    ("400 details and request id echo", "list_imports_paginated", (), echo_rpc(400)),
    ("500 bare string echo", "describe_import", ("1",), echo_text(500)),
    ("502 html title echo", "cancel_import", ("1",), echo_html(502)),
    ("499 echo", "describe_import", ("1",), echo_text(499)),
    ("307 redirect to the key", "describe_import", ("1",), echo_redirect),
    ("malformed status line", "describe_import", ("1",), echo_status_line),
    ("malformed header line", "describe_import", ("1",), echo_header_line),
    ("unreadable success body", "describe_import", ("1",), echo_success_body),
    ("timeout mid-body", "describe_import", ("1",), echo_then_stall),
    ("reset mid-body", "describe_import", ("1",), echo_then_reset),
    ("hang-up", "describe_import", ("1",), Hangup()),
    ("start: 503 echo", "start_import", (URI,), echo_rpc(503)),
    ("start: 429 echo", "start_import", (URI,), echo_text(429)),
    ("start: timeout", "start_import", (URI,), echo_then_stall),
    ("start: reset", "start_import", (URI,), echo_then_reset),
    ("start: malformed status line", "start_import", (URI,), echo_status_line),
]


def texts_of(error: BaseException) -> Iterator[str]:
    """Every text a user could get out of an exception and the exceptions chained to it."""
    yield "".join(traceback.format_exception(error))
    seen: set[int] = set()
    node: BaseException | None = error
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        yield str(node)
        yield repr(node)
        yield repr(node.args)
        for value in vars(node).values():
            yield repr(value)
            if isinstance(value, dict | list):
                yield json.dumps(value, default=repr)
        node = node.__cause__ or (None if node.__suppress_context__ else node.__context__)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_logs() -> Iterator[_Collect]:
    """Every log record of the process, at DEBUG, with httpx and httpcore tracing on."""
    handler = _Collect()
    root = logging.getLogger()
    names = ["httpx", "httpcore", "pinecone_imports", "hpack"]
    previous = {name: logging.getLogger(name).level for name in names}
    root_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(root_level)
        for name, level in previous.items():
            logging.getLogger(name).setLevel(level)


def assert_no_canary(texts: Any, where: str) -> None:
    for text in texts:
        assert CANARY not in text, f"the API key leaked into {where}: {text[:300]}"


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("kind", KINDS_WITH_HTTPX)
@pytest.mark.parametrize(
    ("name", "operation", "args", "behaviour"), ERROR_PATHS, ids=[p[0] for p in ERROR_PATHS]
)
def test_error_paths_never_show_the_key(
    server: MisbehavingServer,
    debug_logs: _Collect,
    kind: str,
    name: str,
    operation: str,
    args: tuple[Any, ...],
    behaviour: Any,
) -> None:
    server.script(*[behaviour] * 3)
    with pytest.raises(PineconeImportsError) as caught:
        call(kind, server.url, "2026-04", operation, *args, api_key=CANARY, client_timeout=0.4)
    assert server.requests and all(key_of(r) == CANARY for r in server.requests), "the key was sent"
    assert_no_canary(texts_of(caught.value), f"the {type(caught.value).__name__} of '{name}'")
    assert_no_canary(debug_logs.lines, "the log")
    # Proof that the logs checked were the real ones: every kind of client goes through httpcore,
    # and each exchange is logged on pinecone_imports.http.
    assert any(line.startswith("httpcore") for line in debug_logs.lines), "httpcore debug logging was on"
    assert any(line.startswith("pinecone_imports.http DEBUG") for line in debug_logs.lines)


@pytest.mark.parametrize("kind", KINDS)
def test_connection_refused_never_shows_the_key(debug_logs: _Collect, kind: str) -> None:
    with MisbehavingServer(listening=False) as closed, pytest.raises(PineconeImportsError) as caught:
        call(kind, closed.url, "2026-04", "start_import", URI, api_key=CANARY, max_retries=0)
    assert_no_canary(texts_of(caught.value), "a connection error")
    assert_no_canary(debug_logs.lines, "the log")


def test_echoed_headers_are_redacted_in_debug_logs(server: MisbehavingServer, debug_logs: _Collect) -> None:
    server.script(lambda r: Reply.json(200, {"id": "9"}, {"X-Echo-Api-Key": key_of(r)}))
    call("sync-httpx", server.url, "2026-04", "describe_import", "9", api_key=CANARY)
    assert_no_canary(debug_logs.lines, "the log")
    # Proof that the test can fail: httpcore did log the echoed header, with the key replaced.
    assert any("X-Echo-Api-Key" in line and "<redacted>" in line for line in debug_logs.lines)


def test_logged_tracebacks_are_redacted(server: MisbehavingServer, debug_logs: _Collect) -> None:
    server.script(*[echo_status_line] * 3)
    with pytest.raises(PineconeImportsError) as caught:
        call("sync", server.url, "2026-04", "describe_import", "1", api_key=CANARY, max_retries=0)
    try:
        raise RuntimeError(f"wrapped by the application: {CANARY}") from caught.value
    except RuntimeError:
        logging.getLogger("httpx").exception("an application logging through a guarded logger")
    assert_no_canary(debug_logs.lines, "the log")


def test_clients_and_copies_never_show_the_key(server: MisbehavingServer) -> None:
    clients: list[Any] = [
        ImportsClient(server.url, CANARY),
        AsyncImportsClient(server.url, CANARY),
        pinned.ImportsClient(server.url, CANARY),
    ]
    clients += [c.with_options(max_retries=0, timeout=3.0) for c in clients]
    for client in clients:
        prepared = client._prepare_describe("1")
        assert prepared.headers["Api-Key"] == CANARY, "the key is there, to be sent"
        shown = [
            repr(client),
            str(client),
            repr(vars(client)),
            repr(prepared),
            repr(client._attempts(prepared)),
        ]
        shown += [repr(client._config), str(client._config.api_key), f"{client._config.api_key}"]
        assert_no_canary(shown, f"a {type(client).__name__}")
    with pytest.raises(TypeError):
        pickle.dumps(clients[0]._config.api_key)


@pytest.mark.parametrize(
    "bad_key",
    [f"{CANARY}\nX-Injected: 1", f"{CANARY} with space", f"{CANARY}é", f"\t{CANARY}\x00"],
    ids=["newline", "space", "non-ASCII", "control"],
)
def test_malformed_keys_are_refused_without_being_echoed(server: MisbehavingServer, bad_key: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ImportsClient(server.url, bad_key)
    assert_no_canary(texts_of(caught.value), "the refusal of a malformed key")
    assert server.count() == 0


def test_surrounding_white_space_is_trimmed(server: MisbehavingServer) -> None:
    call("sync", server.url, "2026-04", "describe_import", "1", api_key=f"  {CANARY}\n")
    assert key_of(server.requests[0]) == CANARY
