"""Checks the `metadata` column: UTF-8 text, at most the size limit, holding one JSON object.

Parsing JSON row by row in Python costs about 3 µs a record, more than reading the record. The fast
path hands the whole batch to Arrow's C++ JSON reader as newline-delimited text, with an empty schema
so no column types are inferred. That reader parses a stream, so a broken row could in principle
merge with its neighbour; it cannot once every row (after JSON whitespace) starts with `{` and ends
with `}`: a `}` followed by `{` is only valid between top-level values, and raw newlines cannot sit
inside JSON strings. Each row then yields at least one value, so "as many values as rows" means
exactly one object per row. Any doubt sends the batch to the slow path, which checks row by row."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from pinecone_imports.preflight._limits import MAX_METADATA_BYTES
from pinecone_imports.preflight._problems import Rule

_JSON_WHITESPACE = " \t\n\r"
_PARSE_OPTIONS = pa_json.ParseOptions(explicit_schema=pa.schema([]), unexpected_field_behavior="ignore")
_READ_OPTIONS = pa_json.ReadOptions(use_threads=False, block_size=1 << 26)
# One call to Arrow's JSON reader costs about 0.7 ms whatever the size, the price of ~200 rows parsed
# one by one; small batches (a writer fed a few records per call) are cheaper row by row.
ROW_BY_ROW_BELOW = 128


@dataclass(frozen=True, slots=True)
class MetadataIssue:
    """A bad metadata value at `row` (0-based, within the checked array)."""

    row: int
    rule: Rule
    message: str


class MetadataChecker:
    """Finds bad metadata values in Arrow string arrays."""

    def __init__(self, max_bytes: int = MAX_METADATA_BYTES) -> None:
        self._max_bytes = max_bytes

    def check(self, column: pa.Array) -> list[MetadataIssue]:
        """Issues in `column`, in row order. Null values are allowed and never reported."""
        if column.null_count == len(column):
            return []
        if len(column) < ROW_BY_ROW_BELOW:
            return self._check_rows(column, range(len(column)))
        try:
            column.validate(full=True)
        except pa.ArrowInvalid:
            return self._check_rows(column, range(len(column)))
        filled = pc.fill_null(column, "{}")
        trimmed = pc.utf8_trim(filled, _JSON_WHITESPACE)
        framed = pc.and_(pc.starts_with(trimmed, "{"), pc.ends_with(trimmed, "}"))
        sized = pc.less_equal(pc.binary_length(filled), self._max_bytes)
        suspect_mask = pc.invert(pc.and_(framed, sized))
        suspects = pc.indices_nonzero(suspect_mask).to_pylist() if pc.any(suspect_mask).as_py() else []
        # Rows already known to be suspect are swapped for "{}" so the fast pass can judge the rest.
        candidates = pc.if_else(suspect_mask, "{}", filled) if suspects else filled
        if not self._all_objects(candidates):
            return self._check_rows(column, range(len(column)))
        return self._check_rows(column, suspects)

    @staticmethod
    def _all_objects(texts: pa.Array) -> bool:
        # Separators typed like the column, so string and large_string both have a kernel.
        lines = pc.binary_join_element_wise(texts, pa.scalar("", texts.type), pa.scalar("\n", texts.type))
        if lines.offset != 0:
            lines = pa.concat_arrays([lines])
        body = lines.buffers()[2]
        if body is None:
            return False
        try:
            table = pa_json.read_json(
                pa.BufferReader(body), read_options=_READ_OPTIONS, parse_options=_PARSE_OPTIONS
            )
        except pa.ArrowInvalid:
            return False
        return bool(table.num_rows == len(texts))

    def _check_rows(self, column: pa.Array, rows: list[int] | range) -> list[MetadataIssue]:
        # The slow path: only for rows that look wrong, or batches where the fast pass said no.
        binary = pa.binary() if pa.types.is_string(column.type) else pa.large_binary()
        raw = column.view(binary)
        issues: list[MetadataIssue] = []
        for row in rows:
            value = raw[row].as_py()
            if value is None:
                continue
            issue = self._check_value(row, value)
            if issue is not None:
                issues.append(issue)
        return issues

    def _check_value(self, row: int, value: bytes) -> MetadataIssue | None:
        if len(value) > self._max_bytes:
            return MetadataIssue(
                row,
                Rule.METADATA_TOO_LARGE,
                f"metadata is {len(value)} bytes; the limit is {self._max_bytes} bytes",
            )
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            return MetadataIssue(row, Rule.METADATA_NOT_UTF8, "metadata is not valid UTF-8")
        try:
            parsed = json.loads(text)
        except ValueError:
            return MetadataIssue(row, Rule.METADATA_NOT_JSON, "metadata is not valid JSON")
        if not isinstance(parsed, dict):
            return MetadataIssue(row, Rule.METADATA_NOT_OBJECT, "metadata is JSON but not a JSON object")
        return None
