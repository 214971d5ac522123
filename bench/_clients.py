"""The benchmarked clients, each reduced to the same four calls.

Every client does the same work per call, the work a caller would do with the answer:
- describe: fetch one import and read its `status` and `percent_complete`;
- start: start an import with error mode `continue` and read the new id;
- cancel: cancel one import this client started;
- list: walk all 10,000 imports in pages of 100 and read each one's id.
The plain httpx and http.client loops decode the JSON and index the dict: the floor any client
has to pay, with no models, checks or retries.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlsplit

import httpx
from pinecone import Index

from pinecone_imports import AsyncImportsClient, ImportsClient

API_KEY: Final = "bench-key"
API_VERSION: Final = "2026-04"
START_URI: Final = "s3://bench-bucket/imports/new/"
PAGE_SIZE: Final = 100
_HEADERS: Final = {
    "Api-Key": API_KEY,
    "X-Pinecone-Api-Version": API_VERSION,
    "Accept": "application/json",
}


@dataclass
class SyncCalls:
    """One client's four calls; `close` releases its connections."""

    describe: Callable[[str], object]
    start: Callable[[], str]
    cancel: Callable[[str], object]
    list_all: Callable[[], int]
    close: Callable[[], object]


@dataclass
class AsyncCalls:
    describe: Callable[[str], Awaitable[object]]
    start: Callable[[], Awaitable[str]]
    cancel: Callable[[str], Awaitable[object]]
    list_all: Callable[[], Awaitable[int]]
    close: Callable[[], Awaitable[object]]


def ours_sync(base_url: str) -> SyncCalls:
    client = ImportsClient(base_url, API_KEY, API_VERSION)

    def describe(import_id: str) -> object:
        found = client.describe_import(import_id)
        return found.status, found.percent_complete

    def list_all() -> int:
        return sum(1 for item in client.list_imports(limit=PAGE_SIZE) if item.id)

    return SyncCalls(
        describe=describe,
        start=lambda: client.start_import(START_URI, error_mode="continue").id,
        cancel=client.cancel_import,
        list_all=list_all,
        close=client.close,
    )


def ours_async(base_url: str) -> AsyncCalls:
    client = AsyncImportsClient(base_url, API_KEY, API_VERSION)

    async def describe(import_id: str) -> object:
        found = await client.describe_import(import_id)
        return found.status, found.percent_complete

    async def start() -> str:
        return (await client.start_import(START_URI, error_mode="continue")).id

    async def list_all() -> int:
        return sum([1 async for item in client.list_imports(limit=PAGE_SIZE) if item.id])

    return AsyncCalls(
        describe=describe, start=start, cancel=client.cancel_import, list_all=list_all, close=client.aclose
    )


def official_sdk(base_url: str) -> SyncCalls:
    index = Index(host=base_url, api_key=API_KEY)

    def describe(import_id: str) -> object:
        found = index.describe_import(import_id)
        return found.status, found.percent_complete

    def list_all() -> int:
        return sum(1 for item in index.list_imports(limit=PAGE_SIZE) if item.id)

    return SyncCalls(
        describe=describe,
        start=lambda: str(index.start_import(uri=START_URI, error_mode="continue").id),
        cancel=index.cancel_import,
        list_all=list_all,
        close=index.close,
    )


def plain_httpx(base_url: str) -> SyncCalls:
    client = httpx.Client(base_url=base_url, headers=_HEADERS)

    def answer(response: httpx.Response) -> Any:
        response.raise_for_status()
        return response.json()

    def describe(import_id: str) -> object:
        found = answer(client.get(f"/bulk/imports/{quote(import_id, safe='')}"))
        return found["status"], found["percentComplete"]

    def cancel(import_id: str) -> object:
        return answer(client.delete(f"/bulk/imports/{quote(import_id, safe='')}"))

    def start() -> str:
        body = {"uri": START_URI, "errorMode": {"onError": "continue"}}
        return str(answer(client.post("/bulk/imports", json=body))["id"])

    def list_all() -> int:
        params: dict[str, Any] = {"limit": PAGE_SIZE}
        count = 0
        while True:
            page = answer(client.get("/bulk/imports", params=params))
            count += sum(1 for item in page["data"] if item["id"])
            token = (page.get("pagination") or {}).get("next")
            if not token:
                return count
            params["paginationToken"] = token

    return SyncCalls(describe=describe, start=start, cancel=cancel, list_all=list_all, close=client.close)


def plain_http_client(base_url: str) -> SyncCalls:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    post_headers = {**_HEADERS, "Content-Type": "application/json"}

    def call(method: str, target: str, body: bytes | None = None) -> Any:
        connection.request(method, target, body, post_headers if body is not None else _HEADERS)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {target}: {response.status}")
        return json.loads(data)

    def describe(import_id: str) -> object:
        found = call("GET", f"/bulk/imports/{quote(import_id, safe='')}")
        return found["status"], found["percentComplete"]

    def start() -> str:
        body = json.dumps({"uri": START_URI, "errorMode": {"onError": "continue"}}).encode()
        return str(call("POST", "/bulk/imports", body)["id"])

    def list_all() -> int:
        target = f"/bulk/imports?limit={PAGE_SIZE}"
        count = 0
        while True:
            page = call("GET", target)
            count += sum(1 for item in page["data"] if item["id"])
            token = (page.get("pagination") or {}).get("next")
            if not token:
                return count
            target = f"/bulk/imports?limit={PAGE_SIZE}&paginationToken={quote(token, safe='')}"

    return SyncCalls(
        describe=describe,
        start=start,
        cancel=lambda import_id: call("DELETE", f"/bulk/imports/{quote(import_id, safe='')}"),
        list_all=list_all,
        close=connection.close,
    )
