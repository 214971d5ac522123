"""Starting and stopping the local import server: in a background thread, or in the foreground."""

from __future__ import annotations

import errno
import functools
import os
import secrets
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Self

import uvicorn

from pinecone_imports.local_server._app import ServerContext, create_app
from pinecone_imports.local_server._database import Database
from pinecone_imports.local_server._runner import ImportRunner, IndexConfig
from pinecone_imports.local_server._store import Store
from pinecone_imports.local_server._vectors import VectorStore
from pinecone_imports.preflight import VectorType

_STARTUP_TIMEOUT_SECONDS = 30.0
_SIGNAL_POLL_SECONDS = 0.5
API_KEY_ENV = "PINECONE_LOCAL_API_KEY"


def new_api_key() -> str:
    return f"local-{secrets.token_urlsafe(24)}"


class _Parts:
    """Everything one server run owns, built in an order that can be undone and released in one place."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        api_key: str,
        data_root: str | os.PathLike[str] | None,
        db_path: str | os.PathLike[str] | None,
        dimension: int | None,
        vector_type: VectorType | str,
        log_level: str,
        require_version_header: bool,
    ) -> None:
        config = IndexConfig(
            data_root=Path(data_root).resolve() if data_root is not None else None,
            dimension=dimension,
            vector_type=VectorType(vector_type),
        )
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                self.socket.bind((host, port))
            except socket.gaierror as exc:
                # A name that does not resolve is, to a caller, an address it cannot listen on.
                raise OSError(errno.EADDRNOTAVAIL, f"{host} is not an address of this machine") from exc
            # Listen now, not when uvicorn starts: a client told the URL early queues instead of failing.
            self.socket.listen(2048)
            bound_host, bound_port = self.socket.getsockname()[:2]
            shown_host = f"[{bound_host}]" if family == socket.AF_INET6 else bound_host
            self.url = f"http://{shown_host}:{bound_port}"
            self.temp_dir = None if db_path is not None else Path(tempfile.mkdtemp(prefix="pinecone-local-"))
            self.db_path = Path(db_path) if db_path is not None else Path(self.temp_dir or ".") / "index.db"
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            self.database = Database(self.db_path)
        except BaseException:
            self.socket.close()
            raise
        self.runner = ImportRunner(self.database, config)
        context = ServerContext(Store(self.database), VectorStore(self.database), self.runner, config)
        self.server = uvicorn.Server(
            uvicorn.Config(
                create_app(context, api_key=api_key, require_version_header=require_version_header),
                log_level=log_level,
                access_log=False,
                lifespan="off",
                server_header=False,
            )
        )

    def start_runner(self) -> None:
        self.runner.start()

    def close(self) -> None:
        self.runner.stop()
        self.database.close()
        self.socket.close()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)


class LocalImportServer:
    """A local stand-in for an index's bulk import API, served by uvicorn on a background thread.

    >>> with LocalImportServer(data_root="data") as server:
    ...     server.url, server.api_key

    `port=0` picks a free port. Without `db_path` the database lives in a temporary folder removed on
    `stop()`; with it, imports and vectors survive restarts. `dimension=None` takes the index
    dimension from the first import. `require_version_header=True` refuses requests without
    `X-Pinecone-Api-Version` instead of answering them as the oldest pinned version."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        data_root: str | os.PathLike[str] | None = None,
        db_path: str | os.PathLike[str] | None = None,
        dimension: int | None = None,
        vector_type: VectorType | str = VectorType.DENSE,
        log_level: str = "warning",
        require_version_header: bool = False,
    ) -> None:
        self._api_key = api_key if api_key is not None else new_api_key()
        self._make_parts = functools.partial(
            _Parts,
            host=host,
            port=port,
            api_key=self._api_key,
            data_root=data_root,
            db_path=db_path,
            dimension=dimension,
            vector_type=vector_type,
            log_level=log_level,
            require_version_header=require_version_header,
        )
        self._parts: _Parts | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        # The key is deliberately left out: reprs end up in logs and tracebacks.
        state = self.url if self._parts is not None else "stopped"
        return f"LocalImportServer({state})"

    @property
    def api_key(self) -> str:
        return self._api_key

    @property
    def url(self) -> str:
        if self._parts is None:
            raise RuntimeError("the server is not running; call start() or use it in a with block")
        return self._parts.url

    @property
    def db_path(self) -> Path:
        if self._parts is None:
            raise RuntimeError("the server is not running")
        return self._parts.db_path

    def start(self) -> Self:
        if self._parts is not None:
            return self
        parts = self._make_parts()
        parts.start_runner()
        thread = threading.Thread(
            target=parts.server.run,
            kwargs={"sockets": [parts.socket]},
            name="local-import-server",
            daemon=True,
        )
        thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT_SECONDS
        while not parts.server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                parts.server.should_exit = True
                thread.join(timeout=5)
                parts.close()
                raise RuntimeError("the local import server did not start")
            time.sleep(0.01)
        self._parts, self._thread = parts, thread
        return self

    def stop(self) -> None:
        parts, thread = self._parts, self._thread
        if parts is None or thread is None:
            return
        parts.server.should_exit = True
        thread.join()
        parts.close()
        self._parts = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    api_key: str | None = None,
    data_root: str | os.PathLike[str] | None = None,
    db_path: str | os.PathLike[str] | None = None,
    dimension: int | None = None,
    vector_type: VectorType | str = VectorType.DENSE,
    log_level: str = "info",
    require_version_header: bool = False,
    on_ready: Callable[[str, str], None] | None = None,
) -> None:
    """Runs the server in the foreground until SIGINT (Ctrl+C) or SIGTERM, then stops it cleanly.

    `on_ready(url, api_key)` is called once requests can be sent, so a command line can print where
    to connect. uvicorn runs on a helper thread even here: run on the main thread, it re-raises the
    signal after shutting down, which would end the process before a running import is settled."""
    server = LocalImportServer(
        host=host,
        port=port,
        api_key=api_key,
        data_root=data_root,
        db_path=db_path,
        dimension=dimension,
        vector_type=vector_type,
        log_level=log_level,
        require_version_header=require_version_header,
    )
    stop = threading.Event()

    def on_signal(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    # Signal handlers can only be installed from the main thread; elsewhere the caller stops us.
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = [
        (sig, signal.signal(sig, on_signal)) for sig in (signal.SIGINT, signal.SIGTERM) if on_main_thread
    ]
    try:
        server.start()
        if on_ready is not None:
            on_ready(server.url, server.api_key)
        while not stop.wait(_SIGNAL_POLL_SECONDS):
            pass
    finally:
        server.stop()
        for signal_number, handler in previous:
            signal.signal(signal_number, handler)
