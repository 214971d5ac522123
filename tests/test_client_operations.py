"""Every wrapper operation, for every pinned version, sync and async, against a loopback server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from pinecone_imports import (
    SUPPORTED_API_VERSIONS,
    AsyncImportsClient,
    BulkImport,
    ImportsClient,
    ImportWaitTimeoutError,
    NotFoundError,
    __version__,
)
from tests._fake_service import FakeService

pytestmark = pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)


def make_client(service: FakeService, version: str) -> ImportsClient:
    return ImportsClient(service.url, FakeService.API_KEY, version, max_retries=0)


def make_async_client(service: FakeService, version: str) -> AsyncImportsClient:
    return AsyncImportsClient(service.url, FakeService.API_KEY, version, max_retries=0)


def assert_common_headers(headers: dict[str, str], version: str) -> None:
    assert headers["api-key"] == FakeService.API_KEY
    assert headers["x-pinecone-api-version"] == version
    assert headers["user-agent"] == f"pinecone-imports/{__version__}"


def test_start_import_sends_only_what_was_given(service: FakeService, version: str) -> None:
    with make_client(service, version) as client:
        started = client.start_import("s3://bucket/path/")
        with_options = client.start_import(
            "s3://bucket/other/", integration_id="integ-1", error_mode="Continue"
        )
    assert started.id == "1" and with_options.id == "2"
    first, second = service.requests
    assert (first.method, first.path, first.query) == ("POST", "/bulk/imports", {})
    assert first.body == {"uri": "s3://bucket/path/"}
    assert second.body == {
        "uri": "s3://bucket/other/",
        "integrationId": "integ-1",
        "errorMode": {"onError": "continue"},
    }
    assert first.headers["content-type"] == "application/json"
    assert_common_headers(first.headers, version)


def test_describe_import_parses_every_field(service: FakeService, version: str) -> None:
    item = service.add_import(uri="s3://b/d", script=["Failed"])
    with make_client(service, version) as client:
        found = client.describe_import(item.id)
    request = service.requests[-1]
    assert (request.method, request.path) == ("GET", f"/bulk/imports/{item.id}")
    assert_common_headers(request.headers, version)
    assert isinstance(found, BulkImport)
    assert found.id == item.id and found.uri == "s3://b/d" and found.status == "Failed"
    assert found.created_at == datetime(2024, 8, 27, 17, 10, 32, 206413, tzinfo=UTC)
    assert found.finished_at == datetime(2024, 8, 27, 17, 20, tzinfo=UTC)
    assert found.percent_complete == 0.0 and found.records_imported == 0
    assert found.error is not None and "row 7" in found.error
    assert found.is_finished


def test_describe_import_escapes_the_id_in_the_path(service: FakeService, version: str) -> None:
    with make_client(service, version) as client, pytest.raises(NotFoundError) as caught:
        client.describe_import("a/b c")
    assert service.requests[-1].path == "/bulk/imports/a%2Fb%20c"
    assert caught.value.status_code == 404
    assert str(caught.value) == "404 Not Found: Import a/b c not found (code 5)"


def test_cancel_import(service: FakeService, version: str) -> None:
    item = service.add_import()
    with make_client(service, version) as client:
        assert client.cancel_import(item.id) is None
        assert client.describe_import(item.id).status == "Cancelled"
    request = service.requests[0]
    assert (request.method, request.path) == ("DELETE", f"/bulk/imports/{item.id}")
    assert_common_headers(request.headers, version)


def test_list_imports_follows_every_page(service: FakeService, version: str) -> None:
    for n in range(7):
        service.add_import(uri=f"s3://b/{n}")
    with make_client(service, version) as client:
        listed = list(client.list_imports(limit=3))
    assert [i.uri for i in listed] == [f"s3://b/{n}" for n in range(7)]
    queries = [r.query for r in service.requests]
    assert len(queries) == 3
    assert queries[0] == {"limit": ["3"]}
    assert all(q["limit"] == ["3"] and "paginationToken" in q for q in queries[1:])


def test_list_imports_sends_no_limit_unless_asked(service: FakeService, version: str) -> None:
    service.add_import()
    with make_client(service, version) as client:
        assert len(list(client.list_imports())) == 1
    assert service.requests[0].query == {}


def test_list_imports_is_lazy(service: FakeService, version: str) -> None:
    for _ in range(5):
        service.add_import()
    with make_client(service, version) as client:
        listing = client.list_imports(limit=2)
        assert service.requests == []
        assert next(listing).id == "1"
        assert len(service.requests) == 1


def test_paginated_listing_resumes_from_a_token(service: FakeService, version: str) -> None:
    for _ in range(5):
        service.add_import()
    with make_client(service, version) as client:
        first = client.list_imports_paginated(limit=2)
        assert [i.id for i in first] == ["1", "2"] and first.next_token
        # A later process resumes the listing from the saved token.
        rest = list(client.list_imports(limit=2, pagination_token=first.next_token))
        last = client.list_imports_paginated(limit=2, pagination_token="")
    assert [i.id for i in rest] == ["3", "4", "5"]
    assert [i.id for i in last] == ["1", "2"], "an empty token starts from the beginning"


def test_wait_for_import_until_completed(service: FakeService, version: str) -> None:
    item = service.add_import()
    seen: list[str | None] = []
    with make_client(service, version) as client:
        final = client.wait_for_import(
            item.id, poll_interval=0.01, on_progress=lambda i: seen.append(i.status)
        )
    assert final.status == "Completed" and final.records_imported == 1000
    assert seen == ["Pending", "InProgress", "Completed"]


def test_wait_for_import_returns_a_failed_import(service: FakeService, version: str) -> None:
    item = service.add_import(script=["Pending", "InProgress", "Failed"])
    with make_client(service, version) as client:
        final = client.wait_for_import(item.id, poll_interval=0.01)
    assert final.status == "Failed" and final.error


def test_wait_for_import_times_out(service: FakeService, version: str) -> None:
    item = service.add_import(script=["Pending", "InProgress"])
    with make_client(service, version) as client, pytest.raises(ImportWaitTimeoutError) as caught:
        client.wait_for_import(item.id, timeout=0.2, poll_interval=0.05)
    assert caught.value.import_id == item.id
    assert caught.value.last_seen is not None and caught.value.last_seen.status == "InProgress"
    assert caught.value.waited >= 0.2
    assert isinstance(caught.value, TimeoutError)


async def test_async_client_does_the_same(service: FakeService, version: str) -> None:
    for n in range(3):
        service.add_import(uri=f"s3://b/{n}")
    progress: list[Any] = []
    async with make_async_client(service, version) as client:
        started = await client.start_import("s3://bucket/x", error_mode="abort")
        page = await client.list_imports_paginated(limit=2)
        listed = [i.id async for i in client.list_imports(limit=2)]
        described = await client.describe_import("1")
        final = await client.wait_for_import(started.id, poll_interval=0.01, on_progress=progress.append)
        await client.cancel_import("2")
        with pytest.raises(ImportWaitTimeoutError):
            service.add_import(script=["Pending"])
            await client.wait_for_import("5", timeout=0.05, poll_interval=0.01)
    assert started.id == "4"
    assert [i.id for i in page] == ["1", "2"] and page.next_token
    assert listed == ["1", "2", "3", "4"]
    assert described.uri == "s3://b/0"
    assert final.status == "Completed" and len(progress) == 3
    assert service.requests[0].body == {"uri": "s3://bucket/x", "errorMode": {"onError": "abort"}}
    assert all(r.headers["x-pinecone-api-version"] == version for r in service.requests)
    assert service.imports["2"].status == "Cancelled"
