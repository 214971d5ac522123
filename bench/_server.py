"""The loopback server every benchmarked client talks to, run in its own process.

It answers the four bulk-import operations the way spec/2026-04 describes them (camelCase JSON,
`rpcStatus` errors, `limit` 1..100, `paginationToken`), accepts any API key, and is built to cost
as little as possible so that the clients, not the server, decide the timings: a bare
asyncio.Protocol speaking HTTP/1.1 with keep-alive (no ASGI or framework layer), every import's
JSON encoded once up front, each listing page encoded once on first request, and the garbage
collector frozen after preloading.

Started imports can be described and cancelled but are not added to the listing, so every
listing during a run sees the same 10,000 preloaded imports.

    python -m bench._server --imports 10000     # prints "PORT <n>" once it is listening
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

_STATUSES: Final = ("Completed", "Completed", "Failed", "Cancelled", "InProgress", "Pending")
_REASONS: Final = {200: b"OK", 400: b"Bad Request", 401: b"Unauthorized", 404: b"Not Found"}
_MAX_URI: Final = 1500


def _error(status: int, code: int, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"code": code, "message": message, "details": []}).encode()


def _preloaded_import(n: int) -> dict[str, Any]:
    status = _STATUSES[n % len(_STATUSES)]
    item: dict[str, Any] = {
        "id": str(n),
        "uri": f"s3://bench-bucket/imports/run-{n:05d}/",
        "status": status,
        "createdAt": f"2026-04-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:07.206413+00:00",
        "percentComplete": 100.0 if status == "Completed" else float(n % 100),
        "recordsImported": n * 1000 if status == "Completed" else n * 10,
    }
    if status in ("Completed", "Failed", "Cancelled"):
        item["finishedAt"] = f"2026-04-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:59.5+00:00"
    if status == "Failed":
        item["error"] = f"file ns-{n % 7}/part-{n % 3}.parquet row {n % 500}: values has 3 dimensions"
    return item


class ImportStore:
    """The imports the server knows, with their JSON already encoded."""

    def __init__(self, count: int) -> None:
        self._order: list[str] = []
        self._items: dict[str, dict[str, Any]] = {}
        self._encoded: dict[str, bytes] = {}
        self._pages: dict[tuple[int, int], bytes] = {}
        self._next_id = count + 1
        for n in range(1, count + 1):
            item = _preloaded_import(n)
            self._order.append(item["id"])
            self._store(item)

    def _store(self, item: dict[str, Any]) -> None:
        self._items[item["id"]] = item
        self._encoded[item["id"]] = json.dumps(item, separators=(",", ":")).encode()

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        if not headers.get("api-key"):
            return _error(401, 16, "Missing Api-Key header")
        parts = urlsplit(target)
        segments = parts.path.strip("/").split("/")
        if segments[:2] != ["bulk", "imports"] or len(segments) > 3:
            return _error(404, 5, f"No route for {parts.path}")
        if len(segments) == 2:
            if method == "GET":
                return self._list(parse_qs(parts.query))
            if method == "POST":
                return self._start(body)
        else:
            import_id = unquote(segments[2])
            if import_id not in self._items:
                return _error(404, 5, f"Import {import_id} not found")
            if method == "GET":
                return 200, self._encoded[import_id]
            if method == "DELETE":
                return self._cancel(import_id)
        return _error(400, 3, f"{method} is not allowed on {parts.path}")

    def _list(self, query: dict[str, list[str]]) -> tuple[int, bytes]:
        try:
            limit = int(query.get("limit", ["100"])[0])
            start = int(query.get("paginationToken", ["0"])[0], 16)
        except ValueError:
            return _error(400, 3, "limit must be an integer and paginationToken one this server issued")
        if not 1 <= limit <= 100 or start < 0:
            return _error(400, 3, "limit must be between 1 and 100")
        page = self._pages.get((start, limit))
        if page is None:
            chosen = self._order[start : start + limit]
            page = b'{"data":[' + b",".join(self._encoded[i] for i in chosen) + b"]"
            if start + limit < len(self._order):
                page += b',"pagination":{"next":"%08x"}' % (start + limit)
            page += b"}"
            self._pages[(start, limit)] = page
        return 200, page

    def _start(self, body: bytes) -> tuple[int, bytes]:
        try:
            request = json.loads(body)
        except ValueError:
            return _error(400, 3, "request body is not JSON")
        uri = request.get("uri") if isinstance(request, dict) else None
        if not isinstance(uri, str) or not 1 <= len(uri) <= _MAX_URI:
            return _error(400, 3, "uri is required (1 to 1500 characters)")
        import_id = str(self._next_id)
        self._next_id += 1
        self._store(
            {"id": import_id, "uri": uri, "status": "Pending", "createdAt": "2026-04-30T12:00:00+00:00"}
        )
        return 200, b'{"id":"%s"}' % import_id.encode()

    def _cancel(self, import_id: str) -> tuple[int, bytes]:
        item = self._items[import_id]
        if item["status"] in ("Pending", "InProgress"):
            self._store({**item, "status": "Cancelled", "finishedAt": "2026-04-30T12:00:01+00:00"})
            self._pages.clear()
        return 200, b"{}"


class _Connection(asyncio.Protocol):
    """HTTP/1.1 with keep-alive and Content-Length bodies: all the benchmarked clients send."""

    def __init__(self, store: ImportStore) -> None:
        self._store = store
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while self._transport is not None:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self._buffer[:end].decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            if len(self._buffer) < end + 4 + length:
                return
            body = self._buffer[end + 4 : end + 4 + length]
            self._buffer = self._buffer[end + 4 + length :]
            status, payload = self._store.handle(method, target, headers, body)
            self._transport.write(
                b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                % (status, _REASONS.get(status, b"Error"), len(payload), payload)
            )
            if headers.get("connection", "").lower() == "close":
                self._transport.close()
                self._transport = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None


async def _serve(count: int, port: int) -> None:
    store = ImportStore(count)
    # Everything preloaded is long-lived: keep the collector from walking it during the run.
    gc.collect()
    gc.freeze()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(store), "127.0.0.1", port, backlog=256)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--imports", type=int, default=10_000, help="imports to preload")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.imports, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
