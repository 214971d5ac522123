"""The spec transforms and `--diff` as functions, on small in-memory documents (no generator run)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))
from _spec_diff import report  # noqa: E402
from _spec_transforms import (  # noqa: E402
    nullable_response_fields,
    optional_response_fields,
    prepare_for_generation,
    text_response_timestamps,
)

SPEC_2026_07 = SCRIPTS.parent / "spec" / "2026-07" / "db_data_2026-07.oas.yaml"


@pytest.fixture
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_2026_07.read_text())
    return loaded


def test_required_is_dropped_from_responses_only(spec: dict[str, Any]) -> None:
    schemas = optional_response_fields(spec)["components"]["schemas"]
    for name in ("ImportModel", "StartImportResponse", "Pagination", "ImportValidationResult"):
        assert "required" not in schemas[name], name
    assert schemas["StartImportRequest"]["required"] == ["uri"], "what users send stays checked"
    assert spec["components"]["schemas"]["ImportModel"]["required"], "the input is not modified"
    prepared = prepare_for_generation(spec)["components"]["schemas"]
    assert "required" not in prepared["ImportModel"] and prepared["StartImportRequest"]["required"] == ["uri"]


def test_nullable_only_where_the_generated_parser_would_raise_on_null(spec: dict[str, Any]) -> None:
    schemas = prepare_for_generation(spec)["components"]["schemas"]

    def nullable(schema: str) -> set[str]:
        props = schemas[schema]["properties"]
        return {name for name, prop in props.items() if prop.get("nullable")}

    # Converted by the generated parser (a $ref, an array): null must be allowed. The timestamps
    # are plain text once text_response_timestamps has run, so their null passes through.
    assert nullable("ImportModel") == {"validationResult"}
    assert schemas["ImportModel"]["properties"]["validationResult"]["allOf"] == [
        {"$ref": "#/components/schemas/ImportValidationResult"}
    ]
    assert nullable("ListImportsResponse") == {"data", "pagination"}
    # Plain strings, numbers and integers are passed through as they come, null included.
    assert nullable("Pagination") == set() and nullable("StartImportResponse") == set()
    assert nullable("ImportValidationResult") == set()
    assert nullable("StartImportRequest") == set(), "what users send keeps its types"


def test_response_timestamps_become_plain_text(spec: dict[str, Any]) -> None:
    props = prepare_for_generation(spec)["components"]["schemas"]["ImportModel"]["properties"]
    for name in ("createdAt", "finishedAt"):
        assert props[name] == {"type": "string", "description": props[name]["description"]}, name
    published = spec["components"]["schemas"]["ImportModel"]["properties"]["createdAt"]
    assert published["format"] == "date-time", "the input is not modified"


def test_a_timestamp_in_a_request_schema_keeps_its_format(spec: dict[str, Any]) -> None:
    request = spec["components"]["schemas"]["StartImportRequest"]["properties"]
    request["notBefore"] = {"type": "string", "format": "date-time"}  # only sent
    request["like"] = {"$ref": "#/components/schemas/ImportModel"}  # now both sent and answered
    schemas = text_response_timestamps(spec)["components"]["schemas"]
    assert schemas["StartImportRequest"]["properties"]["notBefore"]["format"] == "date-time"
    assert schemas["ImportModel"]["properties"]["createdAt"]["format"] == "date-time"
    del request["like"]
    answered = text_response_timestamps(spec)["components"]["schemas"]["ImportModel"]["properties"]
    assert "format" not in answered["createdAt"], "answered only: the format goes"


def test_a_closed_enum_or_a_string_format_stays_nullable(spec: dict[str, Any]) -> None:
    # nullable_response_fields runs after open_enums; on its own it must still guard a closed enum.
    props = spec["components"]["schemas"]["ImportModel"]["properties"]
    props["status"]["enum"] = props["status"].pop("x-enum")
    props["uri"]["format"] = "uuid"
    marked = nullable_response_fields(spec)["components"]["schemas"]["ImportModel"]["properties"]
    assert marked["status"].get("nullable") and marked["uri"].get("nullable")
    assert not marked["error"].get("nullable")


def test_no_differences(spec: dict[str, Any]) -> None:
    assert report("a", spec, "b", copy.deepcopy(spec)).splitlines() == [
        "Bulk Operations section, a -> b:",
        "  no differences",
    ]


def test_removals_enum_values_and_limits(spec: dict[str, Any]) -> None:
    new = copy.deepcopy(spec)
    del new["paths"]["/bulk/imports/{id}"]["delete"]
    listing = new["paths"]["/bulk/imports"]["get"]
    listing["parameters"] = [p for p in listing["parameters"] if p["name"] != "paginationToken"]
    model = new["components"]["schemas"]["ImportModel"]
    del model["properties"]["error"]
    model["properties"]["status"]["x-enum"].append("Queued")
    model["properties"]["percentComplete"]["maximum"] = 1
    model["required"].remove("uri")
    out = report("a", spec, "b", new)
    assert "operation cancelBulkImport: removed (was DELETE /bulk/imports/{id})" in out
    assert "parameter query paginationToken on listBulkImports: removed (was string, optional)" in out
    assert "field ImportModel.error: removed (was string, optional)" in out
    assert (
        "field ImportModel.status: x-enum [Pending, InProgress, Failed, Completed, Cancelled] -> "
        "[Pending, InProgress, Failed, Completed, Cancelled, Queued]" in out
    )
    assert "field ImportModel.percentComplete: maximum 100 -> 1" in out
    assert "field ImportModel.uri: no longer required" in out
    # The cancel operation's parameters and responses went with it: one line, not one per part.
    assert " on cancelBulkImport:" not in out and "every operation" not in out


def test_a_closed_enum_with_other_values(spec: dict[str, Any]) -> None:
    old = copy.deepcopy(spec)
    status = old["components"]["schemas"]["ImportModel"]["properties"]["status"]
    status["enum"] = status.pop("x-enum")[:3]
    out = report("a", old, "b", spec)
    assert (
        "field ImportModel.status: closed `enum` became open `x-enum` "
        "([Pending, InProgress, Failed] -> [Pending, InProgress, Failed, Completed, Cancelled])" in out
    )


def test_a_spec_without_bulk_operations_is_refused(spec: dict[str, Any]) -> None:
    other = {**spec, "paths": {"/vectors/upsert": spec["paths"]["/bulk/imports"]}}
    with pytest.raises(ValueError, match="no paths under /bulk/"):
        report("a", spec, "b", other)
