"""Input checked before sending: each bad argument raises InvalidRequestError naming the argument and
the rule, and nothing reaches the server; good arguments are sent in their normalised form."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pinecone_imports import (
    ImportsClient,
    InvalidRequestError,
    PineconeImportsError,
    UnsupportedApiVersionError,
)
from tests._drive import KINDS, TEST_KEY, call
from tests._misbehaving_server import MisbehavingServer

AZURE = "https://myaccount.blob.core.windows.net/container/dir/"
OLD, CLOUD = "2025-01", "2025-04"  # the last version that imports only from S3, and the first that does more

BAD_CALLS: list[tuple[str, str, tuple[Any, ...], dict[str, Any], str]] = [
    # (version, operation, args, kwargs, what the message must say)
    (CLOUD, "start_import", ("",), {}, "uri must be 1 to 1500 characters long (got 0)"),
    (
        CLOUD,
        "start_import",
        ("s3://b/" + "x" * 1494,),
        {},
        "uri must be 1 to 1500 characters long (got 1501)",
    ),
    (CLOUD, "start_import", (42,), {}, "uri must be a string, not int"),
    (CLOUD, "start_import", (None,), {}, "uri must be a string, not NoneType"),
    ("2024-10", "start_import", ("gs://bucket/dir/",), {}, "imports only from Amazon S3"),
    (OLD, "start_import", ("gs://bucket/dir/",), {}, "need API version 2025-04 or newer"),
    (OLD, "start_import", (AZURE,), {}, "imports only from Amazon S3"),
    (OLD, "start_import", ("https://example.com/dir/",), {}, "use s3://BUCKET/DIR"),
    (CLOUD, "start_import", ("https://example.com/dir/",), {}, "gs://BUCKET/DIR or https://ACCOUNT"),
    ("2026-04", "start_import", ("bucket/dir",), {}, "is not a storage location this API version accepts"),
    ("2026-04", "start_import", ("s3:///no-bucket",), {}, "is not a storage location"),
    ("2026-04", "start_import", ("ftp://bucket/dir",), {}, "is not a storage location"),
    ("2026-04", "start_import", ("s3://b/d",), {"integration_id": ""}, "integration_id is empty"),
    (
        "2026-04",
        "start_import",
        ("s3://b/d",),
        {"integration_id": "i" * 1001},
        "integration_id must be at most 1000 characters (got 1001)",
    ),
    ("2026-04", "start_import", ("s3://b/d",), {"integration_id": 7}, "integration_id must be a string"),
    (
        "2026-04",
        "start_import",
        ("s3://b/d",),
        {"error_mode": "skip"},
        "error_mode must be 'abort' or 'continue'",
    ),
    (
        "2026-04",
        "start_import",
        ("s3://b/d",),
        {"error_mode": ""},
        "error_mode must be 'abort' or 'continue'",
    ),
    (
        "2026-04",
        "start_import",
        ("s3://b/d",),
        {"error_mode": True},
        "error_mode must be 'abort' or 'continue'",
    ),
    ("2026-04", "describe_import", ("",), {}, "import_id must be 1 to 1000 characters long (got 0)"),
    (
        "2026-04",
        "describe_import",
        ("x" * 1001,),
        {},
        "import_id must be 1 to 1000 characters long (got 1001)",
    ),
    ("2026-04", "describe_import", (None,), {}, "import_id must be a string"),
    ("2026-04", "describe_import", (12,), {}, "import_id must be a string"),
    ("2026-04", "describe_import", ("..",), {}, "import_id '..' is not an import id"),
    ("2026-04", "cancel_import", (".",), {}, "import_id '.' is not an import id"),
    ("2026-04", "cancel_import", ("",), {}, "import_id must be 1 to 1000 characters"),
    (
        "2026-04",
        "list_imports_paginated",
        (),
        {"limit": 0},
        "limit must be a whole number from 1 to 100, not 0",
    ),
    ("2026-04", "list_imports_paginated", (), {"limit": 101}, "limit must be a whole number from 1 to 100"),
    ("2026-04", "list_imports_paginated", (), {"limit": -5}, "limit must be a whole number from 1 to 100"),
    ("2026-04", "list_imports_paginated", (), {"limit": True}, "limit must be a whole number from 1 to 100"),
    ("2026-04", "list_imports_paginated", (), {"limit": 5.0}, "limit must be a whole number from 1 to 100"),
    ("2026-04", "list_imports_paginated", (), {"limit": "10"}, "limit must be a whole number from 1 to 100"),
    ("2026-04", "list_all", (), {"limit": 1000}, "limit must be a whole number from 1 to 100"),
    ("2026-04", "list_imports_paginated", (), {"pagination_token": 5}, "pagination_token must be a string"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("version", "operation", "args", "kwargs", "says"),
    BAD_CALLS,
    ids=[f"{op}-{says[:40]}" for _, op, _, _, says in BAD_CALLS],
)
def test_bad_input_is_refused_before_sending(
    server: MisbehavingServer,
    kind: str,
    version: str,
    operation: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    says: str,
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        call(kind, server.url, version, operation, *args, **kwargs)
    assert says in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, PineconeImportsError)
    assert server.count() == 0


def test_file_uris_are_only_for_the_local_server() -> None:
    with (
        ImportsClient("https://my-index.svc.pinecone.io", TEST_KEY) as client,
        pytest.raises(InvalidRequestError) as caught,
    ):
        client.start_import("file:///data/vectors")
    assert "file:// URIs are read only by the local import server" in str(caught.value)


def test_listing_checks_its_arguments_before_the_first_page(server: MisbehavingServer) -> None:
    with ImportsClient(server.url, TEST_KEY) as client, pytest.raises(InvalidRequestError):
        client.list_imports(limit=0)  # raises on the call, not on the first next()
    assert server.count() == 0


GOOD_STARTS: list[tuple[str, tuple[Any, ...], dict[str, Any], dict[str, Any]]] = [
    # (version, args, kwargs, JSON body the server must receive)
    ("2024-10", ("s3://b/d/",), {}, {"uri": "s3://b/d/"}),
    ("2024-10", ("s3://b/" + "x" * 1493,), {}, {"uri": "s3://b/" + "x" * 1493}),  # exactly 1500
    ("2025-04", ("gs://bucket/dir/",), {}, {"uri": "gs://bucket/dir/"}),
    ("2026-04", (AZURE,), {}, {"uri": AZURE}),
    (
        "2026-04",
        ("S3://b/d",),
        {"error_mode": " Continue "},
        {"uri": "S3://b/d", "errorMode": {"onError": "continue"}},
    ),
    (
        "2026-04",
        ("s3://b/d",),
        {"error_mode": "ABORT"},
        {"uri": "s3://b/d", "errorMode": {"onError": "abort"}},
    ),
    (
        "2026-04",
        ("s3://b/d",),
        {"integration_id": "i" * 1000},
        {"uri": "s3://b/d", "integrationId": "i" * 1000},
    ),
    ("2026-04", ("file:///tmp/vectors",), {}, {"uri": "file:///tmp/vectors"}),  # a loopback server
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("version", "args", "kwargs", "sent"), GOOD_STARTS)
def test_good_start_input_is_sent_normalised(
    server: MisbehavingServer,
    kind: str,
    version: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    sent: dict[str, Any],
) -> None:
    call(kind, server.url, version, "start_import", *args, **kwargs)
    assert server.requests[0].json() == sent


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("import_id", "path"),
    [
        ("a/b c?d#e%f", "/bulk/imports/a%2Fb%20c%3Fd%23e%25f"),
        ("x" * 1000, "/bulk/imports/" + "x" * 1000),
        ("...", "/bulk/imports/..."),
        ("ünï", "/bulk/imports/%C3%BCn%C3%AF"),
    ],
)
def test_import_ids_are_path_escaped(server: MisbehavingServer, kind: str, import_id: str, path: str) -> None:
    call(kind, server.url, "2026-04", "describe_import", import_id)
    call(kind, server.url, "2026-04", "cancel_import", import_id)
    assert [r.target for r in server.requests] == [path, path]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({}, ""),
        ({"limit": 1}, "limit=1"),
        ({"limit": 100}, "limit=100"),
        ({"pagination_token": ""}, ""),  # an empty token is no token
        ({"pagination_token": None}, ""),
        ({"limit": 5, "pagination_token": "a+b/c="}, "limit=5&paginationToken=a%2Bb%2Fc%3D"),
    ],
)
def test_good_list_input_is_sent(
    server: MisbehavingServer, kind: str, kwargs: dict[str, Any], query: str
) -> None:
    call(kind, server.url, "2026-04", "list_imports_paginated", **kwargs)
    target = server.requests[0].target
    assert target == "/bulk/imports" + (f"?{query}" if query else "")


BAD_OPTIONS: list[tuple[dict[str, Any], type[InvalidRequestError], str]] = [
    ({"timeout": 0}, InvalidRequestError, "timeout must be a positive number of seconds or an httpx.Timeout"),
    ({"timeout": -1.5}, InvalidRequestError, "timeout must be a positive number"),
    ({"timeout": "5"}, InvalidRequestError, "timeout must be a positive number"),
    ({"timeout": True}, InvalidRequestError, "timeout must be a positive number"),
    ({"max_retries": -1}, InvalidRequestError, "max_retries must be a whole number >= 0"),
    ({"max_retries": 1.5}, InvalidRequestError, "max_retries must be a whole number >= 0"),
    ({"max_retries": True}, InvalidRequestError, "max_retries must be a whole number >= 0"),
    ({"api_version": "2023-01"}, UnsupportedApiVersionError, "API version '2023-01' is not supported"),
    ({"api_key": ""}, InvalidRequestError, "no API key"),
    ({"api_key": "  \n"}, InvalidRequestError, "no API key"),
    ({"host": ""}, InvalidRequestError, "no index host"),
    ({"host": "   "}, InvalidRequestError, "host is empty"),
    ({"host": "ftp://index.example"}, InvalidRequestError, "is not an http(s) address"),
    ({"host": "https://index.example?x=1"}, InvalidRequestError, "must not carry a query or fragment"),
    ({"host": "https://index.example:99999"}, InvalidRequestError, "is not a valid address"),
    ({"host": "https://in dex.example"}, InvalidRequestError, "is not a valid address"),
    ({"host": "https://index\x00.example"}, InvalidRequestError, "is not a valid address"),
    ({"host": "http://index.example"}, InvalidRequestError, "pass allow_insecure_http=True"),
]


@pytest.mark.parametrize(("options", "error", "says"), BAD_OPTIONS)
def test_bad_client_options(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, Any], error: type[InvalidRequestError], says: str
) -> None:
    monkeypatch.delenv("PINECONE_HOST", raising=False)
    monkeypatch.delenv("PINECONE_API_KEY", raising=False)
    arguments: dict[str, Any] = {"host": "https://index.example", "api_key": TEST_KEY, **options}
    with pytest.raises(error) as caught:
        ImportsClient(**arguments)
    assert says in str(caught.value)


def test_options_are_per_client_and_copies_can_change_them(server: MisbehavingServer) -> None:
    timeout = httpx.Timeout(3.0, connect=1.0)
    with ImportsClient(server.url, TEST_KEY, "2024-10", timeout=timeout, max_retries=5) as client:
        assert client.timeout == timeout and client.max_retries == 5
        copy = client.with_options(max_retries=0, timeout=1.5)
        assert copy.max_retries == 0 and copy.timeout == httpx.Timeout(1.5)
        assert copy.api_version == "2024-10" and copy.host == client.host
        assert client.max_retries == 5, "the original keeps its options"
        newer = client.with_options(api_version="2026-04")
        assert newer.api_version == "2026-04" and newer.max_retries == 5
        with pytest.raises(InvalidRequestError):
            client.with_options(timeout=0)
        assert copy.describe_import("1").id == "1"
    assert ImportsClient(server.url, TEST_KEY).max_retries == 2, "the documented default"
