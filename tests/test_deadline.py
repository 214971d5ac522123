"""The attempt deadline as the sync client's connections see it (the network cases are in
test_hostile_server.py): which timeouts it cuts, when, and which httpx transports carry it."""

from __future__ import annotations

import time

import httpcore
import httpx
import pytest

from pinecone_imports._client._deadline import Deadline, cut_to_deadline
from pinecone_imports._client._deadline_backend import DeadlineBackend, bound_by_deadlines

REQUEST = httpx.Request("GET", "http://127.0.0.1:9/bulk/imports")


def test_outside_an_attempt_timeouts_pass_unchanged() -> None:
    assert cut_to_deadline(7.0, httpcore.ReadTimeout) == 7.0
    assert cut_to_deadline(None, httpcore.ReadTimeout) is None


def test_inside_an_attempt_each_timeout_is_cut_to_the_time_left() -> None:
    deadline = Deadline(httpx.Timeout(2.0))
    with deadline.sync_scope(REQUEST):
        cut = cut_to_deadline(60.0, httpcore.ReadTimeout)
        unlimited = cut_to_deadline(None, httpcore.ReadTimeout)
        assert cut is not None and 0 < cut <= 2.0
        assert unlimited is not None and 0 < unlimited <= 2.0
    assert cut_to_deadline(60.0, httpcore.ReadTimeout) == 60.0, "the scope leaked past its attempt"


def test_an_expired_deadline_raises_the_operations_timeout() -> None:
    deadline = Deadline(httpx.Timeout(0.05))
    time.sleep(0.06)
    with deadline.sync_scope(REQUEST), pytest.raises(httpcore.WriteTimeout, match=r"0\.05 s timeout"):
        cut_to_deadline(5.0, httpcore.WriteTimeout)


def test_no_timeout_means_no_deadline() -> None:
    with Deadline(httpx.Timeout(None)).sync_scope(REQUEST):
        assert cut_to_deadline(None, httpcore.ReadTimeout) is None


def test_every_httpx_transport_of_a_client_is_bound_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    with httpx.Client() as client:
        # The direct transport and one per proxy scheme (NO_PROXY's entry has no transport).
        assert bound_by_deadlines(client) == 3
        assert bound_by_deadlines(client) == 0, "bound twice"
        pool = client._transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, DeadlineBackend)


def test_a_client_without_httpx_network_transports_is_left_alone() -> None:
    with httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(204))) as client:
        assert bound_by_deadlines(client) == 0
        assert client.get("http://127.0.0.1:9/").status_code == 204
