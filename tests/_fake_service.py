"""A small in-memory bulk-import service on a real loopback socket, for client tests.

It records every request it receives and can be told to answer the next requests with canned
responses (status, headers, raw body), which is how tests script failures. Imports advance one
lifecycle step each time they are described, so waiting can be tested without real time passing.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Canned:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeImport:
    id: str
    uri: str
    error_mode: str | None
    # Statuses this import goes through, one per describe; the last one sticks.
    script: list[str]
    step: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.script[min(self.step, len(self.script) - 1)]

    def wire(self) -> dict[str, Any]:
        status = self.status
        done = status in ("Completed", "Failed", "Cancelled")
        body: dict[str, Any] = {
            "id": self.id,
            "uri": self.uri,
            "status": status,
            "createdAt": "2024-08-27T17:10:32.206413+00:00",
            "percentComplete": 100.0 if status == "Completed" else 50.0 if status == "InProgress" else 0.0,
            "recordsImported": 1000 if status == "Completed" else 500 if status == "InProgress" else 0,
        }
        if done:
            body["finishedAt"] = "2024-08-27T17:20:00Z"
        if status == "Failed":
            body["error"] = "file ns1/part-0.parquet row 7: values has 3 dimensions, index has 4"
        body.update(self.extra)
        return body


class FakeService:
    API_KEY = "test-key-0123456789"

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.canned: deque[Canned] = deque()
        self.imports: dict[str, FakeImport] = {}
        self.default_script = ["Pending", "InProgress", "Completed"]
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_import(
        self, uri: str = "s3://bucket/dir", script: list[str] | None = None, **extra: Any
    ) -> FakeImport:
        with self._lock:
            item = FakeImport(
                str(next(self._ids)), uri, None, script or list(self.default_script), extra=extra
            )
            self.imports[item.id] = item
            return item

    def enqueue(self, *answers: Canned) -> None:
        self.canned.extend(answers)

    # -- request handling -----------------------------------------------------------------------

    def _handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> Canned:
        parts = urlsplit(target)
        body: Any = json.loads(raw) if raw else None
        with self._lock:
            self.requests.append(Recorded(method, parts.path, parse_qs(parts.query), headers, body))
            if self.canned:
                return self.canned.popleft()
        if headers.get("api-key") != self.API_KEY:
            return self._json(401, {"code": 16, "message": "Invalid API key", "details": []})
        segments = [unquote(s) for s in parts.path.split("/") if s]
        if segments[:2] != ["bulk", "imports"]:
            return self._json(404, {"code": 5, "message": f"No route {parts.path}", "details": []})
        if len(segments) == 2 and method == "POST":
            with self._lock:
                item = FakeImport(
                    str(next(self._ids)),
                    body["uri"],
                    (body.get("errorMode") or {}).get("onError"),
                    list(self.default_script),
                )
                self.imports[item.id] = item
            return self._json(200, {"id": item.id})
        if len(segments) == 2 and method == "GET":
            return self._list(parse_qs(parts.query))
        if len(segments) == 3:
            item = self.imports.get(segments[2])
            if item is None:
                return self._json(
                    404, {"code": 5, "message": f"Import {segments[2]} not found", "details": []}
                )
            if method == "GET":
                answer = self._json(200, item.wire())
                item.step += 1
                return answer
            if method == "DELETE":
                item.script = ["Cancelled"]
                item.step = 0
                return self._json(200, {})
        return self._json(405, {"code": 12, "message": "method not allowed", "details": []})

    def _list(self, query: dict[str, list[str]]) -> Canned:
        limit = int(query.get("limit", ["100"])[0])
        start = 0
        if "paginationToken" in query:
            try:
                start = int(base64.b64decode(query["paginationToken"][0], validate=True).decode())
            except ValueError:
                return self._json(400, {"code": 3, "message": "Invalid pagination token", "details": []})
        items = list(self.imports.values())
        page = items[start : start + limit]
        body: dict[str, Any] = {"data": [i.wire() for i in page]}
        if start + limit < len(items):
            body["pagination"] = {"next": base64.b64encode(str(start + limit).encode()).decode()}
        return self._json(200, body)

    @staticmethod
    def _json(status: int, body: Any) -> Canned:
        return Canned(status, json.dumps(body).encode(), {"Content-Type": "application/json"})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                answer = service._handle(self.command, self.path, headers, raw)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
