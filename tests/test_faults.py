"""Fault injection over real loopback sockets: what each client does when the server misbehaves.

Every scenario runs for the sync and the async client, and for an API version whose spec uses real
enums (2024-10) and one that uses `x-enum` strings (2026-04). The server counts the requests it
received per method, which is how these tests prove what was (and was not) retried, and above all
that no start request was ever sent twice unless the server certainly did not process it.
"""

from __future__ import annotations

import pickle
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from pinecone_imports import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BulkImport,
    ConflictError,
    ImportOutcomeUnknownError,
    ImportWaitTimeoutError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StartConnectionLostError,
    StartServerError,
    StartTimedOutError,
    UnexpectedResponseError,
)
from tests._drive import KINDS, call, on_first_retry
from tests._misbehaving_server import (
    Hangup,
    MisbehavingServer,
    Raw,
    Reply,
    Reset,
    Stall,
    head,
    import_wire,
)

VERSIONS = ("2024-10", "2026-04")
URI = "s3://bucket/dir/"
SHORT = 1.0  # seconds: the client timeout in tests that make the server stall past it

pytestmark = pytest.mark.usefixtures("fast_backoff")


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=VERSIONS)
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def rpc(status: int, code: int, message: str, **headers: str) -> Reply:
    return Reply.json(status, {"code": code, "message": message, "details": []}, headers=headers or None)


def html_page(status: int, title: str) -> Reply:
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><hr>nginx</body></html>"
    return Reply.text(status, page, "text/html")


def lying_length(body: bytes, status: int = 200) -> Reply:
    """Declares more bytes than it sends, then closes: the answer is cut off."""
    return Reply(status, body, {"Content-Type": "application/json"}, content_length=len(body) + 50)


def stall_in_body() -> Stall:
    return Stall(prefix=head(200, {"Content-Type": "application/json"}, 200) + b'{"id": "1", ')


def reset_in_body() -> Reset:
    return Reset(prefix=head(200, {"Content-Type": "application/json"}, 200) + b'{"id": "1", ')


def raises(
    exc_type: type[BaseException], kind: str, url: str, version: str, *args: Any, **kwargs: Any
) -> Any:
    with pytest.raises(exc_type) as caught:
        call(kind, url, version, *args, **kwargs)
    error = caught.value
    # Pipelines hand errors across processes: every error must survive pickling whole.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert {k: repr(v) for k, v in vars(copy).items()} == {k: repr(v) for k, v in vars(error).items()}
    return error


# -- safe requests (GET, DELETE): retried on transient trouble ---------------------------------------

RETRYABLE_ANSWERS = {
    "408": Reply(408),
    "429 Retry-After 0": rpc(429, 8, "slow down", **{"Retry-After": "0"}),
    "429 Retry-After date in the past": rpc(
        429, 8, "slow down", **{"Retry-After": format_datetime(datetime.now(UTC) - timedelta(hours=1), True)}
    ),
    "500": rpc(500, 13, "internal"),
    "502 html": html_page(502, "502 Bad Gateway"),
    "503 Retry-After 0.01": rpc(503, 14, "unavailable", **{"Retry-After": "0.01"}),
    "504 empty": Reply(504),
}

RETRYABLE_BREAKAGES = {
    "reset before any answer": Reset(),
    "reset mid-response": reset_in_body(),
    "closed without answering": Hangup(),
    "truncated body, Content-Length too large": lying_length(b'{"id": "1", "sta'),
    "stall past the timeout": Stall(),
    "stall mid-body": stall_in_body(),
}


@pytest.mark.parametrize("operation", ["describe_import", "cancel_import", "list_all"])
@pytest.mark.parametrize("answer", RETRYABLE_ANSWERS.values(), ids=RETRYABLE_ANSWERS.keys())
def test_safe_requests_retry_transient_statuses(
    server: MisbehavingServer, kind: str, version: str, operation: str, answer: Reply
) -> None:
    server.script(answer)
    args = () if operation == "list_all" else ("101",)
    result = call(kind, server.url, version, operation, *args)
    method = "DELETE" if operation == "cancel_import" else "GET"
    assert server.count(method) == 2 and server.count() == 2
    if operation == "describe_import":
        assert isinstance(result, BulkImport) and result.id == "101"


@pytest.mark.parametrize("breakage", RETRYABLE_BREAKAGES.values(), ids=RETRYABLE_BREAKAGES.keys())
def test_safe_requests_retry_broken_exchanges(
    server: MisbehavingServer, kind: str, version: str, breakage: Any
) -> None:
    server.script(breakage)
    found = call(kind, server.url, version, "describe_import", "7", client_timeout=SHORT)
    assert found.id == "7" and found.status == "Completed"
    assert server.count("GET") == 2


def test_retry_after_is_honoured(server: MisbehavingServer, kind: str, version: str) -> None:
    server.script(rpc(429, 8, "rate limited", **{"Retry-After": "0.3"}))
    started = time.monotonic()
    call(kind, server.url, version, "describe_import", "1")
    # The backoff itself is a millisecond here, so only Retry-After can account for the wait.
    assert time.monotonic() - started >= 0.3
    assert server.count("GET") == 2


def test_retries_stop_after_max_retries_with_the_last_answer(
    server: MisbehavingServer, kind: str, version: str
) -> None:
    server.script(*[html_page(502, "Upstream &amp; friends unavailable")] * 3)
    error = raises(InternalServerError, kind, server.url, version, "describe_import", "1")
    assert str(error) == "502 Bad Gateway: Upstream & friends unavailable"
    assert error.status_code == 502 and error.code is None
    assert isinstance(error.body, str) and "<title>" in error.body
    assert server.count("GET") == 3


def test_max_retries_zero_sends_once(server: MisbehavingServer, kind: str, version: str) -> None:
    server.script(rpc(503, 14, "unavailable"))
    error = raises(InternalServerError, kind, server.url, version, "describe_import", "1", max_retries=0)
    assert error.status_code == 503 and server.count() == 1


def test_stalling_server_raises_a_timeout(server: MisbehavingServer, kind: str, version: str) -> None:
    server.script(Stall(), Stall())
    started = time.monotonic()
    error = raises(
        APITimeoutError,
        kind,
        server.url,
        version,
        "describe_import",
        "1",
        max_retries=1,
        client_timeout=SHORT,
    )
    assert time.monotonic() - started < 5, "the client must give up at its timeout, not the server's pace"
    assert "timed out after 2 attempts" in str(error) and "ReadTimeout" in str(error)
    assert error.method == "GET" and error.url.endswith("/bulk/imports/1")
    assert server.count("GET") == 2


def test_connection_refused(kind: str, version: str) -> None:
    with MisbehavingServer(listening=False) as closed:
        error = raises(APIConnectionError, kind, closed.url, version, "describe_import", "1")
    assert type(error) is APIConnectionError
    assert "after 3 attempts" in str(error) and "ConnectError" in str(error)


@pytest.mark.parametrize(
    "breakage",
    [Reset(), reset_in_body(), Hangup(), lying_length(b'{"id"'), Raw(b"HELLO\r\n\r\n")],
    ids=["reset", "reset mid-body", "hang-up", "truncated", "not HTTP"],
)
def test_persistent_breakage_raises_a_connection_error(
    server: MisbehavingServer, kind: str, version: str, breakage: Any
) -> None:
    server.script(*[breakage] * 3)
    error = raises(APIConnectionError, kind, server.url, version, "describe_import", "1")
    assert type(error) is APIConnectionError and "after 3 attempts" in str(error)
    assert server.count("GET") == 3


def test_undecodable_compressed_body_is_a_connection_error(
    server: MisbehavingServer, kind: str, version: str
) -> None:
    garbage = Reply(200, b"this is not gzip", {"Content-Encoding": "gzip"})
    server.script(garbage, garbage, garbage)
    error = raises(APIConnectionError, kind, server.url, version, "describe_import", "1")
    assert "DecodingError" in str(error)


def test_wait_timeout_carries_the_last_state(server: MisbehavingServer, kind: str, version: str) -> None:
    server.fallback = lambda r: Reply.json(200, import_wire("1", status="InProgress", percentComplete=40.0))
    error = raises(
        ImportWaitTimeoutError,
        kind,
        server.url,
        version,
        "wait_for_import",
        "1",
        timeout=0.05,
        poll_interval=0.01,
    )
    assert isinstance(error, TimeoutError) and error.import_id == "1" and error.waited >= 0.05
    assert error.last_seen is not None and error.last_seen.percent_complete == 40.0
    assert "still InProgress, 40.0% complete" in str(error)


def test_waiting_rides_out_transient_poll_failures(
    server: MisbehavingServer, kind: str, version: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(
        rpc(503, 14, "unavailable"),
        Reset(),
        rpc(429, 8, "slow down", **{"Retry-After": "0"}),
        Stall(),
        Reply.json(200, import_wire("1", status="InProgress", percentComplete=50.0)),
        html_page(502, "Bad Gateway"),
        Reply.json(200, import_wire("1", status="Completed")),
    )
    seen: list[str | None] = []
    final = call(
        kind,
        server.url,
        version,
        "wait_for_import",
        "1",
        poll_interval=0.01,
        on_progress=lambda i: seen.append(i.status),
        max_retries=0,  # every failure above reaches the wait loop itself
        client_timeout=SHORT,
    )
    assert final.status == "Completed" and seen == ["InProgress", "Completed"]
    assert server.count("GET") == 7
    assert caplog.text.count("polling import 1 failed") == 5


@pytest.mark.parametrize(
    ("answer", "expected_type"),
    [
        (rpc(404, 5, "Import 1 not found"), NotFoundError),
        (Reply.json(401, "Unauthorized"), AuthenticationError),
    ],
    ids=["404", "401"],
)
def test_waiting_ends_at_once_on_other_errors(
    server: MisbehavingServer, kind: str, version: str, answer: Reply, expected_type: type[Exception]
) -> None:
    server.script(answer)
    error = raises(expected_type, kind, server.url, version, "wait_for_import", "1", poll_interval=0.01)
    assert type(error) is expected_type and server.count() == 1


def test_waiting_raises_the_last_failure_when_time_is_up(
    server: MisbehavingServer, kind: str, version: str
) -> None:
    server.fallback = lambda r: rpc(503, 14, "down for maintenance")
    started = time.monotonic()
    error = raises(
        InternalServerError,
        kind,
        server.url,
        version,
        "wait_for_import",
        "1",
        timeout=0.1,
        poll_interval=0.02,
        max_retries=0,
        max_failed_polls=None,  # only the timeout ends this wait
    )
    assert time.monotonic() - started >= 0.1
    assert str(error) == "503 Service Unavailable: down for maintenance (code 14)"
    assert server.count("GET") >= 2


def test_waiting_gives_up_after_max_failed_polls_in_a_row(
    server: MisbehavingServer, kind: str, version: str
) -> None:
    server.script(
        rpc(503, 14, "unavailable"),
        rpc(503, 14, "unavailable"),
        # A poll that succeeds starts the count again.
        Reply.json(200, import_wire("1", status="InProgress", percentComplete=10.0)),
    )
    server.fallback = lambda r: rpc(503, 14, "down for maintenance")
    error = raises(
        InternalServerError,
        kind,
        server.url,
        version,
        "wait_for_import",
        "1",
        poll_interval=0.01,
        max_retries=0,
        max_failed_polls=3,
    )
    assert str(error) == (
        "gave up waiting after 3 consecutive failed polls; "
        "the last one: 503 Service Unavailable: down for maintenance (code 14)"
    )
    assert error.status_code == 503
    assert server.count("GET") == 2 + 1 + 3


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "5"])
def test_max_failed_polls_must_be_a_positive_count_or_none(
    server: MisbehavingServer, kind: str, version: str, bad: object
) -> None:
    error = raises(
        InvalidRequestError, kind, server.url, version, "wait_for_import", "1", max_failed_polls=bad
    )
    assert "max_failed_polls must be a whole number >= 1 or None" in str(error)
    assert server.count() == 0


# -- error answers become the documented exceptions, whatever their body ------------------------------

ODD_ANSWERS: dict[str, tuple[Reply, type[APIStatusError], str, int]] = {
    # name: (answer, exact exception class, str(exception), requests sent with max_retries=2)
    "400 rpcStatus": (rpc(400, 3, "bad limit"), BadRequestError, "400 Bad Request: bad limit (code 3)", 1),
    "401 bare JSON string": (
        Reply.json(401, "Unauthorized"),
        AuthenticationError,
        "401 Unauthorized: Unauthorized",
        1,
    ),
    "403 plain text": (
        Reply.text(403, "Forbidden by policy"),
        PermissionDeniedError,
        "403 Forbidden: Forbidden by policy",
        1,
    ),
    "404 rpcStatus": (
        rpc(404, 5, "Import 123 not found"),
        NotFoundError,
        "404 Not Found: Import 123 not found (code 5)",
        1,
    ),
    "409 wrapped status": (
        Reply.json(409, {"error": {"code": 6, "message": "already exists"}}),
        ConflictError,
        "409 Conflict: already exists (code 6)",
        1,
    ),
    "418 html": (html_page(418, "Teapot"), APIStatusError, "418 I'm a Teapot: Teapot", 1),
    "499 non-standard 4xx": (
        Reply.text(499, "client closed request"),
        APIStatusError,
        "499 Client Error: client closed request",
        1,
    ),
    "520 empty body": (Reply(520), InternalServerError, "520 Server Error", 1),
    "529 rpcStatus": (
        rpc(529, 8, "overloaded"),
        InternalServerError,
        "529 Server Error: overloaded (code 8)",
        1,
    ),
    "600 beyond 5xx": (Reply(600), APIStatusError, "600 Unexpected Status", 1),
    "500 truncated JSON": (
        Reply(500, b'{"code": 13, "message": "inter', {"Content-Type": "application/json"}),
        InternalServerError,
        '500 Internal Server Error: {"code": 13, "message": "inter',
        3,
    ),
    "503 JSON array": (Reply.json(503, [1, 2]), InternalServerError, "503 Service Unavailable: [1, 2]", 3),
    "429 exhausted": (
        rpc(429, 8, "slow down", **{"Retry-After": "0"}),
        RateLimitError,
        "429 Too Many Requests: slow down (code 8)",
        3,
    ),
}


@pytest.mark.parametrize(
    ("answer", "expected_type", "expected_text", "sent"), ODD_ANSWERS.values(), ids=ODD_ANSWERS.keys()
)
def test_error_answers_map_to_readable_exceptions(
    server: MisbehavingServer,
    kind: str,
    version: str,
    answer: Reply,
    expected_type: type[APIStatusError],
    expected_text: str,
    sent: int,
) -> None:
    server.script(*[answer] * 3)
    error = raises(APIStatusError, kind, server.url, version, "describe_import", "123")
    assert type(error) is expected_type
    assert str(error) == expected_text
    assert error.status_code == answer.status and error.method == "GET"
    assert error.message and error.message in str(error)
    assert server.count("GET") == sent


def test_request_id_and_details_are_kept(server: MisbehavingServer, kind: str, version: str) -> None:
    details = [{"typeUrl": "type.googleapis.com/google.rpc.BadRequest", "value": "AAEC"}]
    server.script(
        Reply.json(
            400, {"code": 3, "message": "limit too large", "details": details}, {"X-Request-Id": "req-77"}
        )
    )
    error = raises(BadRequestError, kind, server.url, version, "list_imports_paginated", limit=5)
    assert error.request_id == "req-77" and error.code == 3 and error.message == "limit too large"
    assert error.details == details and error.body["details"] == details
    assert str(error) == "400 Bad Request: limit too large (code 3) [request id req-77]"


@pytest.mark.parametrize(
    "body",
    [b'{"id": "1", "status": "Compl', b"<html>maintenance</html>", b"", b"null", b'"done"'],
    ids=["truncated JSON", "html", "empty", "null", "bare string"],
)
def test_unreadable_success_bodies_raise_unexpected_response(
    server: MisbehavingServer, kind: str, version: str, body: bytes
) -> None:
    server.script(Reply(200, body, {"Content-Type": "application/json"}))
    error = raises(UnexpectedResponseError, kind, server.url, version, "describe_import", "1")
    assert error.status_code == 200 and error.body == body
    assert server.count() == 1


# -- start_import: never sent twice unless the server certainly did not process it ------------------

LOST_START_ANSWERS = {
    "read timeout": (Stall(), StartTimedOutError, APITimeoutError),
    "timeout mid-body": (stall_in_body(), StartTimedOutError, APITimeoutError),
    "reset after the request arrived": (Reset(), StartConnectionLostError, APIConnectionError),
    "reset mid-response": (reset_in_body(), StartConnectionLostError, APIConnectionError),
    "closed without answering": (Hangup(), StartConnectionLostError, APIConnectionError),
    "truncated, Content-Length too large": (
        lying_length(b'{"id": "1'),
        StartConnectionLostError,
        APIConnectionError,
    ),
    "garbage instead of HTTP": (Raw(b"\x00\x01\x02\r\n\r\n"), StartConnectionLostError, APIConnectionError),
    "500": (rpc(500, 13, "internal"), StartServerError, InternalServerError),
    "502 html": (html_page(502, "502 Bad Gateway"), StartServerError, InternalServerError),
    "503 with Retry-After": (
        rpc(503, 14, "unavailable", **{"Retry-After": "0"}),
        StartServerError,
        InternalServerError,
    ),
    "504 empty": (Reply(504), StartServerError, InternalServerError),
    "520 empty": (Reply(520), StartServerError, InternalServerError),
}


@pytest.mark.parametrize(
    ("answer", "expected_type", "also_a"), LOST_START_ANSWERS.values(), ids=LOST_START_ANSWERS.keys()
)
def test_start_with_unknown_outcome_is_sent_once(
    server: MisbehavingServer,
    kind: str,
    version: str,
    answer: Any,
    expected_type: type[ImportOutcomeUnknownError],
    also_a: type[Exception],
) -> None:
    server.script(answer)
    before = datetime.now(UTC)
    error = raises(
        ImportOutcomeUnknownError,
        kind,
        server.url,
        version,
        "start_import",
        URI,
        error_mode="abort",
        client_timeout=SHORT,
    )
    assert type(error) is expected_type and isinstance(error, also_a)
    assert error.uri == URI
    assert before <= error.sent_at <= datetime.now(UTC)
    assert "may or may not have started" in str(error) and "list_imports()" in str(error)
    assert server.count("POST") == 1 and server.count() == 1
    assert server.requests[0].json() == {"uri": URI, "errorMode": {"onError": "abort"}}


def test_start_is_retried_when_the_connection_was_refused(kind: str, version: str) -> None:
    with MisbehavingServer(listening=False) as late, on_first_retry(late.start_listening) as retries:
        started = call(kind, late.url, version, "start_import", URI)
        assert started.id == "101"
        assert late.count("POST") == 1, "the refused attempt never reached the server"
    assert retries.fired == 1


def test_start_stays_unsent_when_the_connection_is_always_refused(kind: str, version: str) -> None:
    with MisbehavingServer(listening=False) as closed:
        error = raises(APIConnectionError, kind, closed.url, version, "start_import", URI)
    assert not isinstance(error, ImportOutcomeUnknownError), "nothing was sent, so nothing can have started"
    assert "after 3 attempts" in str(error)


def test_start_is_retried_after_429_honouring_retry_after(
    server: MisbehavingServer, kind: str, version: str
) -> None:
    server.script(rpc(429, 8, "too many imports", **{"Retry-After": "0.3"}))
    started = time.monotonic()
    result = call(kind, server.url, version, "start_import", URI)
    assert time.monotonic() - started >= 0.3
    assert result.id == "101"
    assert server.count("POST") == 2


def test_start_gives_up_after_repeated_429(server: MisbehavingServer, kind: str, version: str) -> None:
    server.script(*[rpc(429, 8, "slow down", **{"Retry-After": "0"})] * 3)
    error = raises(RateLimitError, kind, server.url, version, "start_import", URI)
    assert not isinstance(error, ImportOutcomeUnknownError), "a 429 means nothing was started"
    assert server.count("POST") == 3


@pytest.mark.parametrize(
    ("answer", "expected_type"),
    [
        (rpc(400, 3, "bad uri"), BadRequestError),
        (Reply(408), APIStatusError),
        (rpc(409, 6, "namespace exists"), ConflictError),
        (Reply.text(499, "client closed request"), APIStatusError),
    ],
    ids=["400", "408", "409", "499"],
)
def test_start_is_not_retried_after_other_answers(
    server: MisbehavingServer, kind: str, version: str, answer: Reply, expected_type: type[APIStatusError]
) -> None:
    server.script(answer)
    error = raises(APIStatusError, kind, server.url, version, "start_import", URI)
    assert type(error) is expected_type and not isinstance(error, ImportOutcomeUnknownError)
    assert server.count("POST") == 1


@pytest.mark.parametrize(
    "answer",
    [
        Reply.json(200, {"importId": "x"}),
        Reply.json(200, {"id": None}),
        Reply.json(201, {"id": ""}),
        Reply(200, b'{"id": "12', {"Content-Type": "application/json"}),
        Reply(202, b""),
    ],
    ids=["no id", "null id", "empty id", "truncated", "empty body"],
)
def test_start_success_with_an_unreadable_id_points_to_list_imports(
    server: MisbehavingServer, kind: str, version: str, answer: Reply
) -> None:
    server.script(answer)
    error = raises(UnexpectedResponseError, kind, server.url, version, "start_import", URI)
    assert "list_imports()" in str(error)
    assert server.count("POST") == 1


# -- forward compatibility on the wire ------------------------------------------------------------


def test_new_statuses_nulls_and_extra_fields_survive_a_listing(
    server: MisbehavingServer, kind: str, version: str
) -> None:
    odd_page = {
        "data": [
            import_wire("1"),
            import_wire("2", status="Queued", importSuccesses=12, createdAt=None),
            {"id": "3", "status": None, "percentComplete": None, "recordsImported": None, "error": None},
            None,
            import_wire("5", createdAt="not a date", percentComplete="half"),
        ],
        "pagination": {"next": "t2", "comment": "extra"},
    }
    server.script(Reply.json(200, odd_page), Reply.json(200, {"data": None, "pagination": None}))
    listed = call(kind, server.url, version, "list_all")
    assert [i.id for i in listed] == ["1", "2", "3", None, "5"]
    assert listed[1].status == "Queued" and not listed[1].is_finished
    assert listed[1].import_successes == 12 and listed[1].extra_fields == {"importSuccesses": 12}
    assert listed[1].created_at is None
    assert listed[2].status is None and listed[2].percent_complete is None
    assert listed[4].created_at is None and listed[4].percent_complete is None
    assert listed[4].to_dict()["createdAt"] == "not a date", "the value as sent is kept"
    assert listed[0].created_at == datetime(2024, 8, 27, 17, 10, 32, 206413, tzinfo=UTC)
    assert server.requests[1].target.endswith("paginationToken=t2")
