"""A deliberately misbehaving HTTP server on a loopback socket, for fault-injection tests.

It speaks just enough HTTP/1.1 by hand (no http.server) to be able to break the rules on purpose:
each request it reads is answered by the next scripted action, which can be a proper reply, a
reply whose Content-Length lies, a stall past the client's timeout, a reset in the middle of the
answer, a hang-up without any answer, or raw bytes. Unscripted requests get a healthy answer.
Every request is recorded, so a test can prove how often the client sent each method.

A server created with `listening=False` holds its port without accepting: connecting to it is
refused, until `start_listening()` is called.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote, urlsplit

_POLL = 0.01  # seconds between checks of the stop flag while blocked on a socket


@dataclass(frozen=True)
class Received:
    """One request as it arrived."""

    method: str
    target: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    connection: int  # which TCP connection carried it (1 for the first accepted)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Reply:
    """A response. `content_length` overrides the true length (to lie); the connection is then
    closed after the body, as it is with `close=True`."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_length: int | None = None
    close: bool = False

    @classmethod
    def json(cls, status: int, value: Any, headers: dict[str, str] | None = None) -> Reply:
        headers = {"Content-Type": "application/json", **(headers or {})}
        return cls(status, json.dumps(value).encode(), headers)

    @classmethod
    def text(cls, status: int, text: str, content_type: str = "text/plain") -> Reply:
        return cls(status, text.encode(), {"Content-Type": content_type})


@dataclass(frozen=True)
class Stall:
    """Send `prefix` (maybe nothing, maybe the headers and part of a body), then go silent for
    `seconds` (or until the server stops) and close."""

    seconds: float = 10.0
    prefix: bytes = b""


@dataclass(frozen=True)
class Reset:
    """Send `prefix`, then abort the connection with a TCP reset (SO_LINGER 0)."""

    prefix: bytes = b""


@dataclass(frozen=True)
class Hangup:
    """Close the connection cleanly without answering."""


@dataclass(frozen=True)
class Raw:
    """Send these bytes as they are, then close."""

    data: bytes


@dataclass(frozen=True)
class Feed:
    """Send the pieces `pieces()` yields, `pause` seconds apart, until they end, the client goes
    away or the server stops; then keep the connection open for the next request if `keep_open`
    (to see whether bytes hidden after an answer leak into the next one), else close it."""

    pieces: Callable[[], Iterable[bytes]]
    pause: float = 0.0
    keep_open: bool = False


Action = Reply | Stall | Reset | Hangup | Raw | Feed
Script = Action | Callable[[Received], Action]


def head(status: int, headers: dict[str, str], content_length: int) -> bytes:
    """Status line and headers of a response (for building Stall and Reset prefixes)."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Whatever"
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {content_length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def import_wire(import_id: str, **fields: Any) -> dict[str, Any]:
    """A well-formed import, as the service sends it."""
    wire: dict[str, Any] = {
        "id": import_id,
        "uri": "s3://bucket/dir/",
        "status": "Completed",
        "createdAt": "2024-08-27T17:10:32.206413+00:00",
        "finishedAt": "2024-08-27T17:20:00Z",
        "percentComplete": 100.0,
        "recordsImported": 1000,
    }
    wire.update(fields)
    return wire


def healthy(request: Received) -> Action:
    """What a working service would answer."""
    segments = [unquote(s) for s in request.path.split("/") if s]
    if request.method == "POST" and segments == ["bulk", "imports"]:
        return Reply.json(200, {"id": "101"})
    if request.method == "GET" and segments == ["bulk", "imports"]:
        return Reply.json(200, {"data": [import_wire("101")]})
    if request.method == "GET" and len(segments) == 3:
        return Reply.json(200, import_wire(segments[2]))
    if request.method == "DELETE" and len(segments) == 3:
        return Reply.json(200, {})
    return Reply.json(404, {"code": 5, "message": f"no route {request.path}", "details": []})


class MisbehavingServer:
    def __init__(self, *, listening: bool = True, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[Received] = []
        self.fallback: Callable[[Received], Action] = healthy
        self._script: deque[Script] = deque()
        self._tls = tls
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self.peak_connections = 0  # the most TCP connections open at the same time
        self._connections = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))  # a free port, so parallel test workers never collide
        self._sock.settimeout(_POLL)
        if listening:
            self.start_listening()

    @property
    def port(self) -> int:
        port: int = self._sock.getsockname()[1]
        return port

    @property
    def url(self) -> str:
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    def script(self, *actions: Script) -> MisbehavingServer:
        """Answer the next requests with these actions, in order."""
        with self._lock:
            self._script.extend(actions)
        return self

    def count(self, method: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if method is None or r.method == method)

    def start_listening(self) -> None:
        self._sock.listen(16)
        self._spawn(self._accept_loop)

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
        with self._lock:
            for conn in list(self._open):
                _quietly(conn.close)
        for thread in self._threads:
            thread.join(timeout=2)

    def __enter__(self) -> MisbehavingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- serving --------------------------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listening socket was closed
            with self._lock:
                self._connections += 1
                number = self._connections
                self._open.add(conn)
                self.peak_connections = max(self.peak_connections, len(self._open))
            self._spawn(self._serve, conn, number)

    def _serve(self, conn: socket.socket, number: int) -> None:
        try:
            if self._tls is not None:
                conn.settimeout(2)
                conn = self._tls.wrap_socket(conn, server_side=True)
                with self._lock:
                    self._open.add(conn)
            conn.settimeout(_POLL)
            buffer = bytearray()
            while not self._stop.is_set():
                request = self._read_request(conn, buffer, number)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                    step = self._script.popleft() if self._script else self.fallback
                action = step(request) if callable(step) else step
                if not self._perform(conn, action):
                    return
        except (OSError, ssl.SSLError):
            return  # the client went away, or refused our certificate: both are expected here
        finally:
            _quietly(conn.close)
            with self._lock:
                self._open.discard(conn)

    def _recv(self, conn: socket.socket) -> bytes | None:
        while not self._stop.is_set():
            try:
                return conn.recv(65536)
            except TimeoutError:
                continue
        return None

    def _read_request(self, conn: socket.socket, buffer: bytearray, number: int) -> Received | None:
        while b"\r\n\r\n" not in buffer:
            chunk = self._recv(conn)
            if not chunk:
                return None
            buffer += chunk
        end = buffer.index(b"\r\n\r\n")
        lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        del buffer[: end + 4]
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(buffer) < length:
            chunk = self._recv(conn)
            if not chunk:
                return None
            buffer += chunk
        body = bytes(buffer[:length])
        del buffer[:length]
        return Received(method, target, headers, body, number)

    def _perform(self, conn: socket.socket, action: Action) -> bool:
        """Carry out one action; True when the connection stays open for the next request."""
        if isinstance(action, Reply):
            length = len(action.body) if action.content_length is None else action.content_length
            headers = dict(action.headers)
            closing = action.close or action.content_length is not None
            if closing:
                headers["Connection"] = "close"
            conn.sendall(head(action.status, headers, length) + action.body)
            return not closing
        if isinstance(action, Stall):
            conn.sendall(action.prefix)
            self._stop.wait(action.seconds)
            return False
        if isinstance(action, Reset):
            conn.sendall(action.prefix)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if isinstance(action, Raw):
            conn.sendall(action.data)
            return False
        if isinstance(action, Feed):
            for piece in action.pieces():
                if self._stop.is_set():
                    return False
                conn.sendall(piece)
                if action.pause:
                    self._stop.wait(action.pause)
            return action.keep_open
        return False  # Hangup


def _quietly(call: Callable[[], None]) -> None:
    with contextlib.suppress(OSError):
        call()
