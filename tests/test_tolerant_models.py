"""Reading a 2xx body the generated model cannot build: what can be read, plus extra_fields.

A newer spec may mark response fields required that the service leaves out; the generated
`from_dict` then raises KeyError for any object missing them (and TypeError on a null where it
expects an object). The stand-in below is shaped like openapi-python-client's output for such a
spec: the client must still return every value it was sent, never a raw KeyError/TypeError.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

from pinecone_imports import BulkImport
from pinecone_imports._client._operations import PlainModel, read_model


class _Unset:
    pass


UNSET = _Unset()


@attrs.define
class RequiredIdModel:
    """What the generator writes when `id` and `createdAt` are required."""

    id: str
    created_at: str
    status: str | _Unset = UNSET
    additional_properties: dict[str, Any] = attrs.field(init=False, factory=dict)

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> RequiredIdModel:
        d = dict(src_dict)
        model = cls(id=d.pop("id"), created_at=d.pop("createdAt"), status=d.pop("status", UNSET))
        model.additional_properties = d
        return model

    def to_dict(self) -> dict[str, Any]:
        result = {**self.additional_properties, "id": self.id, "createdAt": self.created_at}
        if not isinstance(self.status, _Unset):
            result["status"] = self.status
        return result


def test_a_complete_body_is_parsed_by_the_generated_model() -> None:
    parsed = read_model(RequiredIdModel, UNSET, {"id": "1", "createdAt": "2026-01-01T00:00:00Z"})
    assert type(parsed) is RequiredIdModel


def test_missing_required_fields_give_what_can_be_read_plus_extra_fields() -> None:
    raw = {"status": "InProgress", "recordsImported": 5, "importSuccesses": 4}
    imp = BulkImport(read_model(RequiredIdModel, UNSET, raw))
    assert imp.status == "InProgress"
    assert imp.id is None
    assert imp.created_at is None
    assert imp.records_imported == 5
    assert imp.extra_fields == {"recordsImported": 5, "importSuccesses": 4}
    assert imp.import_successes == 4
    assert imp.to_dict() == raw
    assert pickle.loads(pickle.dumps(imp)) == imp


def test_a_null_required_field_is_read_as_none() -> None:
    raw = {"id": None, "createdAt": None, "status": "Completed"}
    imp = BulkImport(read_model(RequiredIdModel, UNSET, raw))
    assert (imp.id, imp.status, imp.is_finished) == (None, "Completed", True)


@pytest.mark.parametrize("raw", [None, [], "text", 7])
def test_a_body_that_is_no_object_is_kept_whole(raw: Any) -> None:
    parsed = read_model(RequiredIdModel, UNSET, raw)
    assert isinstance(parsed, PlainModel)
    assert BulkImport(parsed).extra_fields == {"value": raw}
