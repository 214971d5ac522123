"""API 2026-07 as the clients read it over a loopback socket: answers that leave out fields the spec
marks required, `validationResult`, nulls, the text/plain 401, and waiting that fails on dropped records."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from pinecone_imports import (
    DEFAULT_API_VERSION,
    SUPPORTED_API_VERSIONS,
    AuthenticationError,
    BulkImport,
    ImportDroppedRecordsError,
    ImportsPage,
    InvalidRequestError,
    ValidationResult,
)
from pinecone_imports._api._versions import reports_validation_result
from tests._drive import KINDS, call
from tests._misbehaving_server import MisbehavingServer, Reply, import_wire

NEW = "2026-07"
PENDING_ONLY = {"id": "7", "status": "Pending"}
COMPLETED = import_wire("8", validationResult={"importSuccesses": 990, "importErrors": 10})


def test_2026_07_is_the_default_and_the_only_version_reporting_validation() -> None:
    assert DEFAULT_API_VERSION == NEW and SUPPORTED_API_VERSIONS[-1] == NEW
    assert [v for v in SUPPORTED_API_VERSIONS if reports_validation_result(v)] == [NEW]


@pytest.mark.parametrize("kind", KINDS)
def test_pending_with_only_id_and_status(server: MisbehavingServer, kind: str) -> None:
    server.script(Reply.json(200, PENDING_ONLY))
    found = call(kind, server.url, NEW, "describe_import", "7")
    assert isinstance(found, BulkImport)
    assert (found.id, found.status, found.uri, found.percent_complete) == ("7", "Pending", None, None)
    assert found.records_imported is None and found.created_at is None
    assert found.validation_result is None and not found.is_finished
    assert found.to_dict() == PENDING_ONLY


@pytest.mark.parametrize("kind", KINDS)
def test_completed_with_validation_result(server: MisbehavingServer, kind: str) -> None:
    server.script(Reply.json(200, COMPLETED))
    found = call(kind, server.url, NEW, "describe_import", "8")
    assert found.validation_result == ValidationResult(import_successes=990, import_errors=10)
    assert found.validation_result.dropped_records
    assert found.to_dict()["validationResult"] == {"importSuccesses": 990, "importErrors": 10}
    assert found.extra_fields == {}, "2026-07 knows the field: it is no unknown extra"


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_page_mixing_pending_and_completed(server: MisbehavingServer, kind: str) -> None:
    page = {"data": [PENDING_ONLY, COMPLETED, {"id": "9"}], "pagination": {"next": "t2"}}
    server.script(Reply.json(200, page))
    listed = call(kind, server.url, NEW, "list_imports_paginated")
    assert isinstance(listed, ImportsPage) and listed.next_token == "t2"
    assert [(i.id, i.status) for i in listed] == [("7", "Pending"), ("8", "Completed"), ("9", None)]
    assert [i.validation_result for i in listed] == [None, ValidationResult(990, 10), None]


@pytest.mark.parametrize(
    "wire",
    [
        {"id": "1", "status": "Completed", "validationResult": None},
        {"id": "1", "status": "Completed", "validationResult": {"importSuccesses": None, "importErrors": 3}},
        {"id": "1", "status": "Completed", "validationResult": "n/a"},
        {"id": "1", "status": None, "uri": None, "percentComplete": None, "createdAt": None},
    ],
)
def test_null_or_odd_values_where_objects_are_expected(
    server: MisbehavingServer, wire: dict[str, Any]
) -> None:
    server.script(Reply.json(200, wire))
    found = call("sync", server.url, NEW, "describe_import", "1")
    checked = found.validation_result
    if isinstance(wire.get("validationResult"), dict):
        assert checked == ValidationResult(import_successes=None, import_errors=3)
    else:
        assert checked is None
    assert found.id == "1"


def test_null_data_and_pagination_in_a_page(server: MisbehavingServer) -> None:
    server.script(Reply.json(200, {"data": None, "pagination": None}))
    listed = call("sync", server.url, NEW, "list_imports_paginated")
    assert list(listed) == [] and listed.next_token is None


def test_start_answer_without_its_required_id_is_a_clear_error(server: MisbehavingServer) -> None:
    server.script(Reply.json(200, {}))
    with pytest.raises(Exception, match="holds no import id"):
        call("sync", server.url, NEW, "start_import", "s3://b/d", max_retries=0)


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
def test_validation_result_is_none_without_it_on_every_version(
    server: MisbehavingServer, version: str
) -> None:
    server.script(Reply.json(200, import_wire("1")))
    found = call("sync", server.url, version, "describe_import", "1")
    assert found.validation_result is None
    assert "validationResult" not in found.to_dict()


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_text_plain_401_is_an_authentication_error(
    server: MisbehavingServer, version: str, kind: str
) -> None:
    # 2026-07 declares this answer (`UnauthorizedMessage`); the error mapping reads any body.
    server.script(Reply.text(401, "Unauthorized"))
    with pytest.raises(AuthenticationError) as caught:
        call(kind, server.url, version, "describe_import", "1", max_retries=0)
    assert str(caught.value) == "401 Unauthorized: Unauthorized"
    assert caught.value.body == "Unauthorized" and caught.value.status_code == 401


@pytest.mark.parametrize("kind", KINDS)
def test_wait_can_fail_on_dropped_records(server: MisbehavingServer, kind: str) -> None:
    running = {"id": "8", "status": "InProgress", "percentComplete": 50.0}
    server.script(Reply.json(200, running), Reply.json(200, COMPLETED))
    with pytest.raises(ImportDroppedRecordsError) as caught:
        call(kind, server.url, NEW, "wait_for_import", "8", poll_interval=0.01, fail_on_dropped_records=True)
    error = caught.value
    assert (error.import_id, error.import_errors) == ("8", 10) and error.final.status == "Completed"
    assert str(error) == "import 8 Completed but dropped 10 record(s) that failed validation (990 passed)"
    assert pickle.loads(pickle.dumps(error)).final == error.final


@pytest.mark.parametrize(
    "final",
    [
        COMPLETED,  # dropped records, but the caller did not ask to fail on them
        import_wire("8", validationResult={"importSuccesses": 1000, "importErrors": 0}),
        import_wire("8", status="Failed", validationResult={"importSuccesses": 0, "importErrors": 5}),
        import_wire("8"),
    ],
)
def test_wait_returns_what_is_not_a_dropped_records_failure(
    server: MisbehavingServer, final: dict[str, Any]
) -> None:
    server.script(Reply.json(200, final))
    fail = final is not COMPLETED
    found = call("sync", server.url, NEW, "wait_for_import", "8", fail_on_dropped_records=fail)
    assert found.status == final["status"]
    assert found.to_dict().get("validationResult") == final.get("validationResult")


@pytest.mark.parametrize("kind", KINDS)
def test_failing_on_dropped_records_needs_a_version_that_reports_them(
    server: MisbehavingServer, kind: str
) -> None:
    with pytest.raises(InvalidRequestError, match="needs API version 2026-07 or newer"):
        call(kind, server.url, "2026-04", "wait_for_import", "8", fail_on_dropped_records=True)
    assert server.count() == 0, "refused before any request"
