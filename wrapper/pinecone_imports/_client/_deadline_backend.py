"""Connections that end every network operation by the deadline of the sync attempt using them.

See `_deadline` for why. httpcore opens connections through a network backend; `DeadlineBackend`
wraps the one httpx's pools use, and its streams pass each timeout through `cut_to_deadline`. Outside
one of our attempts they change nothing, so a caller's own requests on the same client are untouched.
Imported only once an httpx client is built, which has loaded httpcore already.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from pinecone_imports._client._deadline import cut_to_deadline


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the deadline of the attempt using it."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, cut_to_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, cut_to_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        secured = self._inner.start_tls(
            ssl_context, server_hostname, cut_to_deadline(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(secured)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Opens connections through another backend and hands them out as `_DeadlineStream`s."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        cut = cut_to_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, cut, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        cut = cut_to_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, cut, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bound_by_deadlines(client: httpx.Client) -> int:
    """Gives every httpx transport of `client` (the direct one and one per proxy) the deadline
    backend; returns how many it changed (0 for a client whose transports are not httpx's own,
    such as a respx or MockTransport one: there is no network for a deadline to bound).

    httpx builds its httpcore pools without a way to pass a network backend, so this reaches the
    pool each `httpx.HTTPTransport` keeps (`_pool`) and the backend the pool opens connections with
    (`_network_backend`). Both names are private to httpx and httpcore; the versions are pinned
    (pyproject.toml), and tests/test_hostile_server.py fails if a new release moves either, because
    a header block sent one byte at a time would then outlast the deadline again.
    """
    changed = 0
    for transport in (client._transport, *client._mounts.values()):
        pool = getattr(transport, "_pool", None) if isinstance(transport, httpx.HTTPTransport) else None
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
            changed += 1
    return changed
