"""Forward compatibility, for every pinned version (real enums up to 2025-04, x-enum strings after):
unknown statuses and onError values, unknown fields, nulls, missing fields and timestamp forms all
parse, and one odd item never fails a page."""

from __future__ import annotations

import copy
import importlib
import json
import pickle
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from pinecone_imports import SUPPORTED_API_VERSIONS, BulkImport
from pinecone_imports._api._versions import reports_validation_result
from tests._drive import KINDS, call
from tests._misbehaving_server import MisbehavingServer, Reply, import_wire

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from _spec_transforms import prepare_for_generation, response_schemas  # noqa: E402

pytestmark = pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)


def pinned_spec(version: str) -> dict[str, Any]:
    lock = json.loads((REPO / "spec" / "spec.lock.json").read_text())
    loaded: dict[str, Any] = yaml.safe_load((REPO / "spec" / lock["versions"][version]["file"]).read_text())
    return loaded


def describe_as(server: MisbehavingServer, version: str, wire: Any, kind: str = "sync") -> BulkImport:
    server.script(Reply.json(200, wire))
    found = call(kind, server.url, version, "describe_import", "1")
    assert isinstance(found, BulkImport)
    return found


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", ["Queued", "Validating", "", "pending"])
def test_unknown_statuses_parse(server: MisbehavingServer, version: str, kind: str, status: str) -> None:
    found = describe_as(server, version, import_wire("1", status=status), kind)
    assert found.status == status and not found.is_finished


def test_unknown_on_error_values_parse_in_every_generated_model(version: str) -> None:
    # The local server and the CLI read requests with the generated models: a newer mode must parse.
    models = importlib.import_module(f"pinecone_imports_generated.v{version.replace('-', '_')}.models")
    mode = models.ImportErrorMode.from_dict({"onError": "skip", "maxErrors": 3})
    assert mode.on_error == "skip" and mode.additional_properties == {"maxErrors": 3}
    request = models.StartImportRequest.from_dict({"uri": "s3://b/d", "errorMode": {"onError": "retry"}})
    assert request.error_mode.on_error == "retry"


def test_unknown_fields_are_kept_and_reachable(server: MisbehavingServer, version: str) -> None:
    wire = import_wire(
        "1",
        importSuccesses=[{"file": "ns1/a.parquet", "records": 10}],
        importErrors=None,
        errorMode={"onError": "skip"},
        id_v2="x",
    )
    found = describe_as(server, version, wire)
    assert found.import_successes == [{"file": "ns1/a.parquet", "records": 10}]
    assert found.importSuccesses == found.import_successes
    assert found.import_errors is None and found.error_mode == {"onError": "skip"} and found.id_v2 == "x"
    assert set(found.extra_fields) == {"importSuccesses", "importErrors", "errorMode", "id_v2"}
    assert found.to_dict().items() >= found.extra_fields.items(), "to_dict() sends them back"
    with pytest.raises(AttributeError):
        _ = found.no_such_field


NULLS_IN_EVERY_KIND_OF_FIELD = {
    # plain strings, a number and an integer: the generated parser passes them through as they come
    **dict.fromkeys(["id", "uri", "status", "error", "percentComplete", "recordsImported"]),
    # date-times and an object: the generated parser converts them, so the spec transform lets null in
    **dict.fromkeys(["createdAt", "finishedAt", "validationResult"]),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("where", ["describe", "list page"])
def test_nulls_everywhere_are_tolerated(
    server: MisbehavingServer, version: str, kind: str, where: str
) -> None:
    wire = dict(NULLS_IN_EVERY_KIND_OF_FIELD)
    if where == "describe":
        found = describe_as(server, version, wire, kind)
    else:
        page = {"data": [wire, import_wire("2")], "pagination": {"next": None}}
        server.script(Reply.json(200, page))
        listed = call(kind, server.url, version, "list_imports_paginated")
        assert [i.id for i in listed] == [None, "2"] and listed.next_token is None
        found = listed.imports[0]
    assert found.id is None and found.uri is None and found.status is None and found.error is None
    assert found.percent_complete is None and found.records_imported is None
    assert found.created_at is None and found.finished_at is None and found.validation_result is None
    assert not found.is_finished
    assert found.to_dict() == wire, "nulls are kept as sent"
    # Read by the generated parser itself: only a field the version does not know is an extra.
    known_by_version = reports_validation_result(version)
    assert found.extra_fields == ({} if known_by_version else {"validationResult": None})


def test_null_pagination_with_items(server: MisbehavingServer, version: str) -> None:
    server.script(Reply.json(200, {"data": [import_wire("1")], "pagination": None}))
    assert [i.id for i in call("sync", server.url, version, "list_all")] == ["1"]
    assert server.count() == 1


def test_every_generated_response_model_reads_nulls_in_every_field(version: str) -> None:
    """Straight at the generated code: each response schema's model, every property null at once."""
    prepared = prepare_for_generation(pinned_spec(version))
    models = importlib.import_module(f"pinecone_imports_generated.v{version.replace('-', '_')}.models")
    checked = []
    for name in sorted(response_schemas(prepared)):
        schema = prepared["components"]["schemas"][name]
        if schema.get("type") != "object":
            continue  # a plain-text answer (2026-07's UnauthorizedMessage) has no model
        properties = schema.get("properties", {})
        model = getattr(models, name[0].upper() + name[1:])  # the generator's class name
        nulls = dict.fromkeys(properties)
        parsed = model.from_dict(nulls)
        assert parsed.additional_properties == {}, name
        assert parsed.to_dict() == nulls, name
        checked.append(name)
    assert {"ImportModel", "ListImportsResponse", "Pagination", "StartImportResponse"} <= set(checked)


@pytest.mark.parametrize("copier", [copy.deepcopy, lambda found: pickle.loads(pickle.dumps(found))])
def test_a_partial_import_survives_pickle_and_deepcopy(
    server: MisbehavingServer, version: str, copier: Callable[[BulkImport], BulkImport]
) -> None:
    # Absent fields hold the generated UNSET, which to_dict() compares by identity.
    wire = {"id": "7", "status": "Pending", "percentComplete": None, "queuePosition": 3}
    found = describe_as(server, version, wire)
    copied = copier(found)
    assert copied.to_dict() == wire and copied == found
    assert (copied.uri, copied.created_at, copied.queue_position) == (None, None, 3)


def test_missing_fields_are_fine(server: MisbehavingServer, version: str) -> None:
    found = describe_as(server, version, {})
    assert (found.id, found.uri, found.status, found.finished_at) == (None, None, None, None)
    assert repr(found) == (
        "BulkImport(id=None, status=None, uri=None, percent_complete=None, records_imported=None, error=None)"
    )


def test_values_of_the_wrong_type_read_as_none_and_are_kept(server: MisbehavingServer, version: str) -> None:
    wire = {"id": 12, "status": ["Completed"], "percentComplete": "50", "recordsImported": True, "error": {}}
    found = describe_as(server, version, wire)
    assert (found.id, found.status, found.percent_complete, found.records_imported, found.error) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert found.to_dict() == wire


def test_numbers_are_read_leniently(server: MisbehavingServer, version: str) -> None:
    found = describe_as(server, version, {"percentComplete": 42, "recordsImported": 1000.0})
    assert found.percent_complete == 42.0 and isinstance(found.percent_complete, float)
    assert found.records_imported == 1000 and isinstance(found.records_imported, int)


BASE = datetime(2024, 8, 27, 17, 10, 32, tzinfo=UTC)
TIMESTAMPS = [
    ("2024-08-27T17:10:32Z", BASE),
    ("2024-08-27T17:10:32+00:00", BASE),
    ("2024-08-27T17:10:32z", BASE),
    ("2024-08-27t17:10:32Z", BASE),
    ("2024-08-27 17:10:32Z", BASE),
    ("2024-08-27T17:10:32", BASE),  # no offset: taken as UTC
    ("2024-08-27T19:10:32+02:00", BASE),
    ("2024-08-27T12:40:32-04:30", BASE),
    ("2024-08-27T17:10:32.5Z", BASE + timedelta(microseconds=500000)),
    ("2024-08-27T17:10:32.12Z", BASE + timedelta(microseconds=120000)),
    ("2024-08-27T17:10:32.123Z", BASE + timedelta(microseconds=123000)),
    ("2024-08-27T17:10:32.206413+00:00", BASE + timedelta(microseconds=206413)),
    ("2024-08-27T17:10:32.2064139Z", BASE + timedelta(microseconds=206413)),
    ("2024-08-27T17:10:32.20641398Z", BASE + timedelta(microseconds=206413)),
    ("2024-08-27T17:10:32.206413987+00:00", BASE + timedelta(microseconds=206413)),
]


@pytest.mark.parametrize(("text", "instant"), TIMESTAMPS)
def test_timestamp_forms_parse(server: MisbehavingServer, version: str, text: str, instant: datetime) -> None:
    found = describe_as(server, version, {"createdAt": text, "finishedAt": text})
    assert found.created_at == instant and found.finished_at == instant
    assert found.created_at is not None and found.created_at.tzinfo is not None
    assert found.to_dict() == {"createdAt": text, "finishedAt": text}, "the wire form is kept as sent"


def test_offsets_are_kept(server: MisbehavingServer, version: str) -> None:
    found = describe_as(server, version, {"createdAt": "2024-08-27T19:10:32+02:00"})
    assert found.created_at is not None and found.created_at.utcoffset() == timezone(
        timedelta(hours=2)
    ).utcoffset(None)


@pytest.mark.parametrize("text", ["yesterday", "2024-13-45T00:00:00Z", "", "1724778632"])
def test_unreadable_timestamps_read_as_none(server: MisbehavingServer, version: str, text: str) -> None:
    found = describe_as(server, version, {"createdAt": text})
    assert found.created_at is None and found.to_dict()["createdAt"] == text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("operation", ["describe_import", "list_all"])
def test_timestamps_are_parsed_yet_sent_back_exactly_as_received(
    server: MisbehavingServer, version: str, kind: str, operation: str
) -> None:
    # Forms a re-formatting round trip would change: `Z`, nine fractional digits, lower case, offsets.
    created, finished = "2024-08-27T17:10:32Z", "2024-08-27t19:20:00.206413987+02:00"
    wire = import_wire("1", createdAt=created, finishedAt=finished)
    if operation == "describe_import":
        server.script(Reply.json(200, wire))
        found = call(kind, server.url, version, operation, "1")
    else:
        server.script(Reply.json(200, {"data": [wire]}))
        [found] = call(kind, server.url, version, operation)
    assert isinstance(found, BulkImport)
    assert found.to_dict() == wire
    assert (found.to_dict()["createdAt"], found.to_dict()["finishedAt"]) == (created, finished)
    assert found.created_at == BASE and found.created_at is not None and found.created_at.tzinfo is UTC
    assert found.finished_at == datetime(2024, 8, 27, 17, 20, 0, 206413, tzinfo=UTC)
    assert found.finished_at is not None and found.finished_at.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("kind", KINDS)
def test_one_odd_item_never_fails_a_page(server: MisbehavingServer, version: str, kind: str) -> None:
    page = {
        "data": [
            import_wire("1"),
            import_wire("2", status="Queued", createdAt="not a time"),
            None,
            "junk",
            {"id": "5", "percentComplete": None, "surprise": {"nested": [1, 2]}},
            import_wire("6", status="Completed"),
        ],
        "pagination": None,
    }
    server.script(Reply.json(200, page))
    result = call(kind, server.url, version, "list_imports_paginated")
    assert [i.id for i in result] == ["1", "2", None, None, "5", "6"]
    assert result.imports[1].status == "Queued" and result.imports[1].created_at is None
    assert result.imports[3].extra_fields == {"value": "junk"}
    assert result.imports[4].surprise == {"nested": [1, 2]}
    assert result.next_token is None


@pytest.mark.parametrize(
    "page",
    [
        {},
        {"data": None},
        {"data": [], "pagination": None},
        {"data": [], "pagination": {}},
        {"data": [], "pagination": {"next": None}},
        {"data": [], "pagination": {"next": ""}},
        {"data": {"not": "a list"}, "pagination": "nope"},
    ],
)
def test_odd_pages_end_the_listing(server: MisbehavingServer, version: str, page: dict[str, Any]) -> None:
    server.script(Reply.json(200, page))
    assert call("sync", server.url, version, "list_all") == []
    assert server.count() == 1


def test_waiting_sees_new_statuses_through(server: MisbehavingServer, version: str) -> None:
    server.script(
        Reply.json(200, import_wire("1", status="Queued")),
        Reply.json(200, import_wire("1", status="Validating", percentComplete=None)),
        Reply.json(200, import_wire("1", status="Completed", importSuccesses=3)),
    )
    seen: list[str | None] = []
    final = call(
        "sync",
        server.url,
        version,
        "wait_for_import",
        "1",
        poll_interval=0.01,
        on_progress=lambda i: seen.append(i.status),
    )
    assert seen == ["Queued", "Validating", "Completed"]
    assert final.is_finished and final.import_successes == 3


def test_start_answers_with_extra_fields(server: MisbehavingServer, version: str) -> None:
    server.script(Reply.json(200, {"id": "77", "createdAt": "2026-01-01T00:00:00Z", "queuePosition": 4}))
    started = call("sync", server.url, version, "start_import", "s3://b/d")
    assert started.id == "77" and started.queue_position == 4
    assert started.extra_fields == {"createdAt": "2026-01-01T00:00:00Z", "queuePosition": 4}
