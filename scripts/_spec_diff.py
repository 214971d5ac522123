"""What changed in the bulk section between two specs, for `scripts/regenerate --diff OLD NEW`.

Both documents are reduced to their Bulk Operations section (the same `keep_bulk_operations` the
generator input goes through) and flattened into facts: one entry per (where, what) pair, such as
("field ImportModel.status", "x-enum") or ("parameter query limit on listBulkImports", "default").
The report is the difference between the two sets of facts, in words. It compares the published
files as pinned, before the other transforms, so that it shows what Pinecone changed (an `enum`
that became `x-enum`, a string default that became an integer, a field that became required), not
what this project does about it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from _spec_transforms import Spec, each_operation, keep_bulk_operations

# The parts of a schema that change what goes over the wire. Descriptions are compared too, but
# reported apart: the wording of these specs is not Pinecone's own.
SCHEMA_FACETS = (
    "type",
    "format",
    "enum",
    "x-enum",
    "default",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "nullable",
    "$ref",
)
PRESENT = "present"
REQUIRED = "required"
DESCRIPTION = "description"

Facts = dict[tuple[str, str], Any]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _schema_facts(facts: Facts, subject: str, schema: Any) -> None:
    """Facts of one (possibly nested) schema under `subject`; properties become `subject.name`."""
    if not isinstance(schema, dict):
        return
    facts[(subject, PRESENT)] = True
    for facet in SCHEMA_FACETS:
        if facet in schema:
            value = schema[facet]
            facts[(subject, facet)] = _ref_name(value) if facet == "$ref" else value
    if isinstance(schema.get(DESCRIPTION), str):
        facts[(subject, DESCRIPTION)] = " ".join(schema[DESCRIPTION].split())
    required = schema.get("required") if isinstance(schema.get("required"), list) else []
    for name, prop in (schema.get("properties") or {}).items():
        child = f"{subject}.{name}"
        _schema_facts(facts, child, prop)
        facts[(child, REQUIRED)] = name in required
    if isinstance(schema.get("items"), dict):
        _schema_facts(facts, f"{subject}[]", schema["items"])
    for combinator in ("allOf", "oneOf", "anyOf"):
        for index, part in enumerate(schema.get(combinator) or []):
            _schema_facts(facts, f"{subject} {combinator}[{index}]", part)


def _operations(spec: Spec) -> dict[str, tuple[str, dict[str, Any]]]:
    """operationId (or METHOD path) -> (METHOD path, operation)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path, method, operation in each_operation(spec):
        where = f"{method.upper()} {path}"
        found[str(operation.get("operationId") or where)] = (where, operation)
    return found


def _content_summary(content: Any) -> str:
    if not isinstance(content, dict) or not content:
        return "no body"
    parts = []
    for media_type, body in sorted(content.items()):
        schema = body.get("schema", {}) if isinstance(body, dict) else {}
        shape = _ref_name(schema["$ref"]) if "$ref" in schema else str(schema.get("type", "any"))
        parts.append(f"{media_type} {shape}")
    return ", ".join(parts)


def bulk_facts(spec: Spec) -> tuple[Facts, list[str]]:
    """Every fact of the bulk section, and the names of its operations."""
    bulk = keep_bulk_operations(spec)
    facts: Facts = {}
    operations = _operations(bulk)
    for name, (where, operation) in operations.items():
        facts[(f"operation {name}", PRESENT)] = where
        wording = " ".join(str(operation.get(k, "")) for k in ("summary", DESCRIPTION)).split()
        facts[(f"operation {name}", DESCRIPTION)] = " ".join(wording)
        for parameter in operation.get("parameters", []):
            subject = f"parameter {parameter.get('in')} {parameter.get('name')} @{name}"
            _schema_facts(facts, subject, parameter.get("schema", {}))
            facts[(subject, REQUIRED)] = bool(parameter.get("required", False))
        body = operation.get("requestBody")
        if isinstance(body, dict):
            facts[(f"request body @{name}", PRESENT)] = _content_summary(body.get("content"))
            facts[(f"request body @{name}", REQUIRED)] = bool(body.get("required", False))
        for status, response in (operation.get("responses") or {}).items():
            content = response.get("content") if isinstance(response, dict) else None
            facts[(f"response {status} @{name}", PRESENT)] = _content_summary(content)
    for name, schema in bulk.get("components", {}).get("schemas", {}).items():
        _schema_facts(facts, f"schema {name}", schema)
    return facts, sorted(operations)


@dataclass(frozen=True)
class Change:
    subject: str  # without the operation, e.g. "parameter query limit"
    text: str  # what changed, e.g. "default '100' -> 100"
    operation: str | None  # the operation it applies to, if any


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(value)


def _summary(facts: Facts, subject: str) -> str:
    """A short description of a newly added or removed subject."""
    parts = []
    for facet in (PRESENT, *SCHEMA_FACETS, REQUIRED):
        value = facts.get((subject, facet))
        if value is None or (facet == PRESENT and value is True):
            continue
        if facet == REQUIRED:
            parts.append("required" if value else "optional")
        elif facet in (PRESENT, "$ref", "type", "format"):
            parts.append(str(value))
        else:
            parts.append(f"{facet} {_shown(value)}")
    return ", ".join(parts)


def _parent(subject: str) -> str | None:
    """The enclosing subject: `schema A.b` -> `schema A`, `schema A.b[]` -> `schema A.b`."""
    if subject.endswith("[]"):
        return subject[:-2]
    base, _, operation = subject.partition(" @")
    if "." not in base:
        return None
    return base.rsplit(".", 1)[0] + (f" @{operation}" if operation else "")


def _fields(facts: Facts, subject: str) -> str:
    """`name (summary)` of each direct property of `subject`, for the summary of a new schema."""
    prefix = subject + "."
    names = sorted(
        s[len(prefix) :]
        for s, f in facts
        if f == PRESENT and s.startswith(prefix) and "." not in s[len(prefix) :]
    )
    return "; ".join(f"{name} ({_summary(facts, prefix + name)})" for name in names)


def _split(subject: str) -> tuple[str, str | None]:
    base, _, operation = subject.partition(" @")
    return base, (operation or None)


def _describe_subject(base: str) -> str:
    kind, _, rest = base.partition(" ")
    if kind == "schema":
        return f"field {rest}" if "." in rest or "[]" in rest else f"schema {rest}"
    return base


def diff_facts(old: Facts, new: Facts) -> tuple[list[Change], list[str]]:
    """The changes from `old` to `new`, and the subjects whose description alone was reworded."""
    changes: list[Change] = []
    reworded: list[str] = []
    subjects = sorted({s for s, _ in old} | {s for s, _ in new})
    added = {s for s in subjects if (s, PRESENT) in new and (s, PRESENT) not in old}
    removed = {s for s in subjects if (s, PRESENT) in old and (s, PRESENT) not in new}
    # A removed operation is one line; what it took and answered went with it. (An added one keeps
    # its parameter and response lines: they say how to call it.)
    gone = {s.split(" ", 1)[1] for s in removed if s.startswith("operation ")}
    for subject in subjects:
        base, operation = _split(subject)
        if operation in gone:
            continue
        shown = _describe_subject(base)
        parent = _parent(subject)
        if subject in added:
            if parent is None or parent not in added:  # a new schema's fields are in its summary
                fields = _fields(new, subject)
                summary = _summary(new, subject) + (f"; fields: {fields}" if fields else "")
                changes.append(Change(shown, f"added ({summary})", operation))
            continue
        if subject in removed:
            if parent is None or parent not in removed:
                changes.append(Change(shown, f"removed (was {_summary(old, subject)})", operation))
            continue
        before = {f: v for (s, f), v in old.items() if s == subject}
        after = {f: v for (s, f), v in new.items() if s == subject}
        if "enum" in before and "x-enum" in after and "enum" not in after and "x-enum" not in before:
            same = before["enum"] == after["x-enum"]
            values = "same values" if same else f"{_shown(before['enum'])} -> {_shown(after['x-enum'])}"
            changes.append(
                Change(
                    shown, f"closed `enum` became open `x-enum` ({values}): any string is valid", operation
                )
            )
            before.pop("enum")
            after.pop("x-enum")
        if "x-enum" in before and "enum" in after and "enum" not in before and "x-enum" not in after:
            changes.append(Change(shown, "open `x-enum` became closed `enum`", operation))
            before.pop("x-enum")
            after.pop("enum")
        for facet in sorted(set(before) | set(after)):
            was, now = before.get(facet), after.get(facet)
            if was == now:
                continue
            if facet == DESCRIPTION:
                reworded.append(shown + (f" ({operation})" if operation else ""))
            elif facet == REQUIRED:
                changes.append(Change(shown, "now required" if now else "no longer required", operation))
            elif facet == PRESENT:
                changes.append(Change(shown, f"{was} -> {now}", operation))
            elif was is None:
                changes.append(Change(shown, f"{facet} {_shown(now)} added", operation))
            elif now is None:
                changes.append(Change(shown, f"{facet} {_shown(was)} dropped", operation))
            else:
                kinds = (
                    f" ({type(was).__name__} -> {type(now).__name__})" if type(was) is not type(now) else ""
                )
                changes.append(Change(shown, f"{facet} {_shown(was)} -> {_shown(now)}{kinds}", operation))
    return changes, reworded


def report(old_name: str, old_spec: Spec, new_name: str, new_spec: Spec) -> str:
    """The readable report printed by `scripts/regenerate --diff`."""
    old_facts, _ = bulk_facts(old_spec)
    new_facts, new_operations = bulk_facts(new_spec)
    changes, reworded = diff_facts(old_facts, new_facts)
    every = set(new_operations)

    # The same change on several operations (a new header, a new error response) is one line.
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for change in changes:
        grouped[(change.subject, change.text)].append(change.operation or "")
    lines = [f"Bulk Operations section, {old_name} -> {new_name}:"]
    sections = (
        ("Operations", ("operation",)),
        ("Parameters", ("parameter", "request")),
        ("Responses", ("response",)),
        ("Schemas and fields", ("schema", "field")),
    )
    for title, kinds in sections:
        entries = []
        for (subject, text), operations in grouped.items():
            if subject.split(" ", 1)[0] not in kinds:
                continue
            named = sorted(o for o in operations if o)
            where = ""
            if named:
                where = " on every operation" if set(named) == every else f" on {', '.join(named)}"
            entries.append(f"  {subject}{where}: {text}")
        if entries:
            lines.append(f"{title}:")
            lines.extend(sorted(entries))
    if reworded:
        lines.append("Descriptions reworded (read them in the spec):")
        lines.extend(f"  {subject}" for subject in sorted(set(reworded)))
    if len(lines) == 1:
        lines.append("  no differences")
        return "\n".join(lines)
    lines.append(f"{len(grouped)} change(s), {len(set(reworded))} description(s) reworded.")
    if any(change.text == "now required" for change in changes):
        lines.append(
            "Note: generated code reads response fields as optional whatever the spec marks required"
            " (optional_response_fields in scripts/_spec_transforms.py), so a missing one never raises."
        )
    return "\n".join(lines)
