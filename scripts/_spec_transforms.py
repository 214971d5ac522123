"""Transforms applied to a pinned spec before it reaches the code generator.

Generated files are never edited. Every behaviour we need from the generated code that the
published spec does not give us is obtained here, by a documented change to the spec, and each
transform says why it exists. The pinned file on disk is never modified: transforms run on the
parsed document, in memory, every time `scripts/regenerate` runs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Spec = dict[str, Any]

BULK_PATH_PREFIX = "/bulk/"
BULK_TAG = "Bulk Operations"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _refs(node: Any) -> Iterator[str]:
    for item in _walk(node):
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            yield item["$ref"]


def _component(ref: str) -> tuple[str, str]:
    # Only local component references exist in Pinecone's specs: '#/components/<kind>/<name>'.
    parts = ref.split("/")
    if len(parts) != 4 or parts[0] != "#" or parts[1] != "components":
        raise ValueError(f"unsupported $ref {ref!r}: only '#/components/<kind>/<name>' is handled")
    return parts[2], parts[3]


def _components_reached(spec: Spec, refs: Iterable[str]) -> set[tuple[str, str]]:
    """(kind, name) of every component `refs` lead to, directly or through other components.

    A response, request body or parameter component leads on to the schemas it names, and a schema
    to the schemas of its properties."""
    components = spec.get("components", {})
    reached: set[tuple[str, str]] = set()
    pending = list(refs)
    while pending:
        kind, name = _component(pending.pop())
        if (kind, name) in reached:
            continue
        reached.add((kind, name))
        pending.extend(_refs(components.get(kind, {}).get(name, {})))
    return reached


def keep_bulk_operations(spec: Spec) -> Spec:
    """Keep only the Bulk Operations paths and the components they reference.

    Why: Pinecone publishes one `db_data` file for the whole data plane. Its records-upsert
    endpoint takes `application/x-ndjson`, which openapi-python-client cannot generate (it skips it
    with a warning), and the rest (upsert, query, namespaces) is not this project's business. Keeping
    the `/bulk/` paths and what they reference makes the upstream file and our own file produce the
    same lean, warning-free package.
    """
    result = copy.deepcopy(spec)
    paths = {p: item for p, item in result.get("paths", {}).items() if p.startswith(BULK_PATH_PREFIX)}
    if not paths:
        raise ValueError("the spec has no paths under /bulk/: is this a db_data spec?")
    result["paths"] = paths

    wanted = _components_reached(result, _refs(paths))
    kept: dict[str, Any] = {}
    for kind, entries in result.get("components", {}).items():
        if kind == "securitySchemes":
            kept[kind] = entries
            continue
        chosen = {name: body for name, body in entries.items() if (kind, name) in wanted}
        if chosen:
            kept[kind] = chosen
    result["components"] = kept
    result["tags"] = [tag for tag in result.get("tags", []) if tag.get("name") == BULK_TAG]
    return result


def open_enums(spec: Spec) -> Spec:
    """Turn closed string enums into open strings, keeping the values under `x-enum`.

    Why: up to 2025-04 `status` and `onError` are real enums, which the generator turns into Enum
    classes whose constructor raises ValueError on a value it does not know. A service that adds a
    status (say `Queued`) would then break every describe and fail whole list pages. From 2025-10
    Pinecone itself publishes these as plain strings with `x-enum`; this makes every version behave
    like that. The wrapper still validates the values it sends.
    """
    result = copy.deepcopy(spec)
    for node in _walk(result.get("components", {})):
        if isinstance(node, dict) and node.get("type") == "string" and "enum" in node:
            node["x-enum"] = node.pop("enum")
    return result


def integer_defaults(spec: Spec) -> Spec:
    """Make the default of an integer parameter an integer.

    Why: before 2025-10 the `limit` query parameter is declared int32 with the string default
    '100', which is a bug in the published spec; code generated from a string default on an
    integer is wrong in kind even where it happens to work.
    """
    result = copy.deepcopy(spec)
    for node in _walk(result):
        if (
            isinstance(node, dict)
            and node.get("type") == "integer"
            and isinstance(node.get("default"), str)
            and node["default"].strip().lstrip("-").isdigit()
        ):
            node["default"] = int(node["default"])
    return result


def each_operation(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the spec."""
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation


def response_schemas(spec: Spec) -> set[str]:
    """Names of the schemas that appear in some response, directly or through a `$ref`."""
    return _schemas_reached(spec, _refs([op.get("responses", {}) for _, _, op in each_operation(spec)]))


def request_schemas(spec: Spec) -> set[str]:
    """Names of the schemas that appear in some request body or parameter, directly or through a `$ref`."""
    sent = [[op.get("requestBody"), op.get("parameters")] for _, _, op in each_operation(spec)]
    path_parameters = [item.get("parameters", []) for item in spec.get("paths", {}).values()]
    return _schemas_reached(spec, _refs([sent, path_parameters]))


def _schemas_reached(spec: Spec, refs: Iterable[str]) -> set[str]:
    return {name for kind, name in _components_reached(spec, refs) if kind == "schemas"}


def text_response_timestamps(spec: Spec) -> Spec:
    """Drop `format: date-time` from the properties of response schemas, keeping timestamps as text.

    Why: the generated parser turns every `date-time` into a `datetime` as it reads an answer, which
    is about half the cost of reading an import (a nested parse function per field, per item of
    every list page), and its `to_dict()` then writes the value back re-formatted (`Z` becomes
    `+00:00`). The wrapper reads timestamps itself, lazily and more tolerantly (`Z`, offsets, 0 to 9
    fractional digits, lower-case `t`/`z`: `_client/_models._timestamp`), so `BulkImport.created_at`
    stays a timezone-aware datetime while `to_dict()` and `--json` give the timestamp exactly as the
    service sent it. Runs before nullable_response_fields, which then sees a plain string that needs
    no `nullable`. Schemas that also appear in a request keep their format: what users send keeps
    its types. `scripts/regenerate --diff` compares the specs as pinned, so it still shows the format.
    """
    result = copy.deepcopy(spec)
    schemas = result.get("components", {}).get("schemas", {})
    for name in response_schemas(result) - request_schemas(result):
        for prop in schemas.get(name, {}).get("properties", {}).values():
            if prop.get("type") == "string" and prop.get("format") == "date-time":
                del prop["format"]
    return result


# JSON types the generated parser passes through as they come (`d.pop(name, UNSET)`): a null in
# one of these reaches the wrapper untouched, so it needs no `nullable`.
_PASSED_THROUGH_TYPES = frozenset({"string", "number", "integer", "boolean"})


def _parser_passes_null_through(prop: dict[str, Any]) -> bool:
    """True for a plain scalar: a string without a format, a number, an integer or a boolean, no enum.

    Everything else is converted by the generated parser and raises on a null: a `date-time`
    (`fromisoformat(None)`), an object or `$ref` (`from_dict(None)`), an array (`for x in None`),
    a closed enum, and any string format (kept nullable rather than guessed about).
    """
    kind = prop.get("type")
    if kind not in _PASSED_THROUGH_TYPES or "enum" in prop or "$ref" in prop:
        return False
    return not (kind == "string" and "format" in prop)


def nullable_response_fields(spec: Spec) -> Spec:
    """Allow `null` for the properties of response schemas whose generated parser raises on it.

    Why: no response property is required (see optional_response_fields), and services and
    proxies do send `null` for absent values; the generated parser raises TypeError on `null` where
    it converts a value: date-times, objects and arrays. Plain scalars (strings without a format,
    numbers, integers, booleans) are left alone: their generated parser hands a `null` through
    untouched, while a nullable one costs a nested parse function per field (about half the time
    of reading a list page). Request schemas are left alone so the types of what users send stay
    strict. A null in a place the generated parser still refuses is read field by field by the
    wrapper (`_client/_operations.read_model`).
    """
    result = copy.deepcopy(spec)
    schemas = result.get("components", {}).get("schemas", {})
    for name in response_schemas(result):
        for prop in schemas.get(name, {}).get("properties", {}).values():
            if _parser_passes_null_through(prop):
                continue
            if "$ref" in prop:
                # OpenAPI 3.0 ignores siblings of $ref, so wrap it to make it nullable.
                ref = prop.pop("$ref")
                prop["allOf"] = [{"$ref": ref}]
            prop["nullable"] = True
    return result


def optional_response_fields(spec: Spec) -> Spec:
    """Drop `required` from every schema that appears in a response.

    Why: from 2026-07 the published spec marks most `ImportModel` fields (and
    `StartImportResponse.id`, `Pagination.next`) as required, yet the service leaves some out (a
    Pending import carries little more than `id` and `status`). The generated `from_dict` reads a
    required field with `d.pop(name)`, so one missing field would raise KeyError and lose the whole
    answer or list page. Pinecone's own SDKs treat these fields as optional; so does this client,
    for every version, present and future. Request schemas keep `required`: what users send stays
    checked. Whether a field is required per the spec is still shown by `scripts/regenerate --diff`.
    """
    result = copy.deepcopy(spec)
    schemas = result.get("components", {}).get("schemas", {})
    for name in response_schemas(result):
        for node in _walk(schemas.get(name, {})):
            if isinstance(node, dict) and isinstance(node.get("required"), list):
                del node["required"]
    return result


TRANSFORMS: tuple[Callable[[Spec], Spec], ...] = (
    keep_bulk_operations,
    open_enums,
    integer_defaults,
    optional_response_fields,
    text_response_timestamps,
    nullable_response_fields,
)


def prepare_for_generation(spec: Spec) -> Spec:
    """Apply every documented transform, in order."""
    for transform in TRANSFORMS:
        spec = transform(spec)
    return spec
