"""Views over lazily built models read exactly what views over eagerly built ones read."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pinecone_imports import SUPPORTED_API_VERSIONS, BulkImport, StartedImport
from pinecone_imports._answer import Answer
from pinecone_imports._operations import _tolerant_from_dict, binding_for

ITEMS: list[Any] = [
    {
        "id": "101",
        "uri": "s3://bucket/dir/",
        "status": "Completed",
        "createdAt": "2024-08-27T17:10:32.206413+00:00",
        "finishedAt": "2024-08-27T17:20:00Z",
        "percentComplete": 100.0,
        "recordsImported": 1000,
    },
    {"id": "102", "status": "Failed", "error": "row 7: bad vector", "percentComplete": 12},
    {"id": 5, "status": None, "percentComplete": "50", "recordsImported": 1.5, "importSuccesses": 3},
    {"id": "103", "createdAt": "yesterday", "finishedAt": None, "status": "Queued"},
    {},
    "not an object",
    None,
]
FIELDS = (
    "id",
    "uri",
    "status",
    "created_at",
    "finished_at",
    "percent_complete",
    "records_imported",
    "error",
    "is_finished",
    "extra_fields",
)


def eager(version: str, raw: Any) -> BulkImport:
    binding = binding_for(version)
    return BulkImport(_tolerant_from_dict(binding._import_model, copy.deepcopy(raw)))


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
@pytest.mark.parametrize("raw", ITEMS, ids=range(len(ITEMS)))
def test_lazy_views_read_what_eager_views_read(version: str, raw: Any) -> None:
    lazy = binding_for(version).parse_import(copy.deepcopy(raw))
    expected = eager(version, raw)
    for name in FIELDS:
        assert getattr(lazy, name) == getattr(expected, name), name
        assert type(getattr(lazy, name)) is type(getattr(expected, name)), name
    assert lazy.to_dict() == expected.to_dict()
    assert repr(lazy) == repr(expected)
    assert lazy == expected


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
def test_a_page_of_lazy_views(version: str) -> None:
    body = b'{"data": [{"id": "1", "status": "Pending"}, 7, {"id": "2"}], "pagination": {"next": "t"}}'
    page = binding_for(version).parse_page(Answer(200, {}, body, "GET", "http://h/bulk/imports"))
    assert [item.id for item in page] == ["1", None, "2"]
    assert page.next_token == "t"
    assert page.imports[1].extra_fields == {"value": 7}


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
def test_started_import_is_lazy_too(version: str) -> None:
    started = binding_for(version).parse_start(Answer(200, {}, b'{"id": "9", "x": 1}', "POST", "http://h/"))
    assert isinstance(started, StartedImport)
    assert started.id == "9"
    assert started.extra_fields == {"x": 1}
    assert started.to_dict() == {"id": "9", "x": 1}


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
def test_only_untouched_fields_pass_through(version: str) -> None:
    passthrough = binding_for(version)._import_reader.passthrough
    # Timestamps are converted by the generated parser, so they are never read raw.
    assert "created_at" not in passthrough and "finished_at" not in passthrough
    assert passthrough["id"] == "id" and passthrough["percent_complete"] == "percentComplete"
