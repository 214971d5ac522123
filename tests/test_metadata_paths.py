"""The metadata checker's two paths (Arrow's JSON reader for large batches, row by row for small ones)
find the same problems."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pinecone_imports.preflight import MetadataChecker, Rule
from pinecone_imports.preflight._metadata import ROW_BY_ROW_BELOW

# Each of these is broken alone, but joined with newlines they would parse as three objects.
TRICKY = ['{"a":', "1}", "{} {}"]
BROKEN = [*TRICKY, "[1]", '"text"', "{}" + " " * 10, None, '{"big": "' + "x" * 41_000 + '"}']


@pytest.mark.parametrize("padding", [0, ROW_BY_ROW_BELOW], ids=["row by row", "arrow json reader"])
def test_both_paths_report_the_same_rows(padding: int) -> None:
    column = pa.array(['{"ok": 1}'] * padding + BROKEN, pa.string())
    issues = MetadataChecker().check(column)
    assert [(issue.row - padding, issue.rule) for issue in issues] == [
        (0, Rule.METADATA_NOT_JSON),
        (1, Rule.METADATA_NOT_JSON),
        (2, Rule.METADATA_NOT_JSON),
        (3, Rule.METADATA_NOT_OBJECT),
        (4, Rule.METADATA_NOT_OBJECT),
        (7, Rule.METADATA_TOO_LARGE),
    ]


def test_a_large_clean_batch_has_no_issues() -> None:
    column = pa.array([f'{{"n": {n}}}' for n in range(ROW_BY_ROW_BELOW * 2)], pa.string())
    assert MetadataChecker().check(column) == []
