"""Every validation rule, each against a real Parquet dataset written for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pinecone_imports.preflight import (
    DEFAULT_NAMESPACE_MESSAGE,
    ImportLimits,
    Problem,
    Rule,
    Severity,
    ValidationProgress,
    validate_source,
)
from tests.preflight_builders import (
    SPARSE_TYPE,
    dense_table,
    replace_value,
    sparse_table,
    valid_dataset,
    with_column,
    write,
)


def only(problems: tuple[Problem, ...], rule: Rule) -> list[Problem]:
    return [p for p in problems if p.rule is rule]


def test_valid_dataset_passes_with_a_full_summary(tmp_path: Path) -> None:
    valid_dataset(tmp_path, dimension=4, per_file=5)
    report = validate_source(tmp_path)
    assert report.ok, [p.describe() for p in report.problems]
    assert report.problems == ()
    summary = report.summary
    assert (summary.namespaces, summary.files, summary.records, summary.dimension) == (2, 4, 20, 4)
    assert summary.bytes == sum(p.stat().st_size for p in tmp_path.rglob("*.parquet"))
    rendered = json.loads(json.dumps(report.to_dict()))
    assert rendered["ok"] is True and rendered["summary"]["records"] == 20


def test_file_uri_and_given_dimension(tmp_path: Path) -> None:
    valid_dataset(tmp_path, dimension=4)
    assert validate_source(tmp_path.as_uri(), dimension=4).ok
    report = validate_source(tmp_path.as_uri(), dimension=5)
    wrong = only(report.problems, Rule.VALUES_DIMENSION)
    assert len(wrong) == 20 and "the index dimension 5" in wrong[0].message


Builder = Callable[[Path], None]


def _top_level(root: Path) -> None:
    valid_dataset(root)
    write(root, "", dense_table(2, 4), "stray.parquet")


def _garbage(root: Path) -> None:
    valid_dataset(root)
    (root / "alpha" / "broken.parquet").write_bytes(b"this is not parquet at all")


def _missing_values(root: Path) -> None:
    write(root, "ns", dense_table(3, 4).drop_columns(["values"]))


def _extra_column(root: Path) -> None:
    write(root, "ns", with_column(dense_table(3, 4), "score", [1, 2, 3], pa.int64()))


def _double_values(root: Path) -> None:
    table = dense_table(3, 4)
    write(
        root, "ns", with_column(table, "values", table.column("values").to_pylist(), pa.list_(pa.float64()))
    )


def _binary_metadata(root: Path) -> None:
    write(root, "ns", with_column(dense_table(3, 4), "metadata", [b"{}", b"{}", b"{}"], pa.binary()))


def _null_id(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "id", 1, None))


def _empty_id(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "id", 1, ""))


def _long_id(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "id", 1, "x" * 513))


def _duplicate_id(root: Path) -> None:
    write(root, "ns", dense_table(3, 4), "a.parquet")
    write(root, "ns", dense_table(3, 4, start=2), "b.parquet")


def _null_values(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "values", 1, None))


def _short_values(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "values", 1, [1.0, 2.0]))


def _nan_values(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "values", 1, [1.0, float("nan"), 0.0, 0.0]))


def _infinite_values(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "values", 1, [1.0, float("inf"), 0.0, 0.0]))


def _sparse_mismatch(root: Path) -> None:
    sparse = [None, {"indices": [1, 2], "values": [0.5]}, {"indices": [3], "values": [1.0]}]
    write(root, "ns", with_column(dense_table(3, 4), "sparse_values", sparse, SPARSE_TYPE))


def _bad_json(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "metadata", 1, '{"a": '))


def _not_object(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "metadata", 1, "[1, 2]"))


def _huge_metadata(root: Path) -> None:
    write(root, "ns", replace_value(dense_table(3, 4), "metadata", 1, json.dumps({"t": "x" * 41_000})))


PART = "ns/part-0.parquet"
# (builder, rule, namespace, file, row, column)
CASES: dict[str, tuple[Builder, Rule, str | None, str | None, int | None, str | None]] = {
    "top-level file": (_top_level, Rule.LAYOUT_TOP_LEVEL_FILE, None, "stray.parquet", None, None),
    "unreadable file": (_garbage, Rule.FILE_UNREADABLE, "alpha", "alpha/broken.parquet", None, None),
    "missing values": (
        _missing_values,
        Rule.SCHEMA_MISSING_COLUMN,
        "ns",
        PART,
        None,
        "values",
    ),
    "extra column": (_extra_column, Rule.SCHEMA_EXTRA_COLUMN, "ns", PART, None, "score"),
    "float64 values": (_double_values, Rule.SCHEMA_WRONG_TYPE, "ns", PART, None, "values"),
    "binary metadata": (
        _binary_metadata,
        Rule.SCHEMA_WRONG_TYPE,
        "ns",
        PART,
        None,
        "metadata",
    ),
    "null id": (_null_id, Rule.ID_MISSING, "ns", PART, 1, "id"),
    "empty id": (_empty_id, Rule.ID_EMPTY, "ns", PART, 1, "id"),
    "long id": (_long_id, Rule.ID_TOO_LONG, "ns", PART, 1, "id"),
    "duplicate id": (_duplicate_id, Rule.ID_DUPLICATE, "ns", "ns/b.parquet", 0, "id"),
    "null values": (_null_values, Rule.VALUES_MISSING, "ns", PART, 1, "values"),
    "short values": (_short_values, Rule.VALUES_DIMENSION, "ns", PART, 1, "values"),
    "nan": (_nan_values, Rule.VALUES_NOT_FINITE, "ns", PART, 1, "values"),
    "infinity": (_infinite_values, Rule.VALUES_NOT_FINITE, "ns", PART, 1, "values"),
    "sparse lengths": (
        _sparse_mismatch,
        Rule.SPARSE_LENGTH_MISMATCH,
        "ns",
        PART,
        1,
        "sparse_values",
    ),
    "bad json": (_bad_json, Rule.METADATA_NOT_JSON, "ns", PART, 1, "metadata"),
    "json array": (_not_object, Rule.METADATA_NOT_OBJECT, "ns", PART, 1, "metadata"),
    "huge metadata": (_huge_metadata, Rule.METADATA_TOO_LARGE, "ns", PART, 1, "metadata"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_is_reported_where_it_breaks(tmp_path: Path, case: str) -> None:
    builder, rule, namespace, file, row, column = CASES[case]
    builder(tmp_path)
    report = validate_source(tmp_path)
    assert not report.ok
    found = only(report.problems, rule)
    assert len(found) == 1, [p.describe() for p in report.problems]
    problem = found[0]
    assert (problem.namespace, problem.file, problem.row, problem.column) == (namespace, file, row, column)
    assert problem.severity is Severity.ERROR
    # The problem is the only error: each builder breaks exactly one rule.
    assert report.summary.errors == 1, [p.describe() for p in report.errors]


def test_dimension_mismatch_between_files_without_a_given_dimension(tmp_path: Path) -> None:
    write(tmp_path, "ns", dense_table(3, 4), "a.parquet")
    write(tmp_path, "ns", dense_table(2, 6, start=10), "b.parquet")
    report = validate_source(tmp_path)
    wrong = only(report.problems, Rule.VALUES_DIMENSION)
    assert [(p.file, p.row) for p in wrong] == [("ns/b.parquet", 0), ("ns/b.parquet", 1)]
    assert "inferred from ns/a.parquet" in wrong[0].message
    assert report.summary.dimension == 4


def test_default_namespace_depends_on_the_api_version(tmp_path: Path) -> None:
    write(tmp_path, "__default__", dense_table(2, 4))
    old = validate_source(tmp_path, api_version="2025-01")
    assert [p.message for p in old.errors] == [DEFAULT_NAMESPACE_MESSAGE]
    assert DEFAULT_NAMESPACE_MESSAGE == (
        "Use of namespace='__default__' is not allowed in API versions prior to 2025-04"
    )
    assert validate_source(tmp_path, api_version="2025-04").ok
    assert validate_source(tmp_path).ok


def test_other_files_are_ignored_and_noted(tmp_path: Path) -> None:
    valid_dataset(tmp_path)
    (tmp_path / "alpha" / "README.txt").write_text("notes")
    (tmp_path / "manifest.json").write_text("{}")
    write(tmp_path / "beta", "nested", dense_table(2, 4))
    report = validate_source(tmp_path)
    assert report.ok
    assert (report.summary.notes, report.summary.problems, report.summary.records) == (3, 3, 20)
    notes = only(report.problems, Rule.LAYOUT_IGNORED_FILE)
    assert {p.file for p in notes} == {"alpha/README.txt", "manifest.json", "beta/nested/"}
    assert "nested folders" in next(p.message for p in notes if p.file == "beta/nested/")
    assert all(p.severity is Severity.INFO for p in notes)


def test_no_namespaces_and_empty_namespace(tmp_path: Path) -> None:
    assert only(validate_source(tmp_path).problems, Rule.LAYOUT_NO_NAMESPACES)
    (tmp_path / "empty").mkdir()
    write(tmp_path, "ns", dense_table(1, 4))
    report = validate_source(tmp_path)
    assert report.ok
    assert [p.namespace for p in only(report.problems, Rule.LAYOUT_EMPTY_NAMESPACE)] == ["empty"]


def test_missing_location_is_reported_not_raised(tmp_path: Path) -> None:
    report = validate_source(tmp_path / "nope")
    assert [p.rule for p in report.problems] == [Rule.SOURCE_UNREADABLE]


def test_import_limits(tmp_path: Path) -> None:
    valid_dataset(tmp_path)
    tight = ImportLimits(max_namespaces=1, max_files=3, max_file_bytes=100, max_total_bytes=1000)
    report = validate_source(tmp_path, limits=tight)
    rules = {p.rule for p in report.errors}
    assert {Rule.LIMIT_NAMESPACES, Rule.LIMIT_FILES, Rule.LIMIT_FILE_SIZE, Rule.LIMIT_TOTAL_SIZE} <= rules
    assert len(only(report.problems, Rule.LIMIT_FILE_SIZE)) == 4


def test_sparse_index_rules(tmp_path: Path) -> None:
    write(tmp_path, "ok", sparse_table(3))
    assert validate_source(tmp_path, vector_type="sparse").ok
    write(tmp_path, "dense", dense_table(2, 4))
    report = validate_source(tmp_path, vector_type="sparse")
    assert {(p.rule, p.column) for p in report.errors} == {
        (Rule.SCHEMA_EXTRA_COLUMN, "values"),
        (Rule.SCHEMA_MISSING_COLUMN, "sparse_values"),
    }


def test_sparse_values_required_for_sparse_index(tmp_path: Path) -> None:
    table = sparse_table(3)
    write(tmp_path, "ns", replace_value(table, "sparse_values", 2, None))
    report = validate_source(tmp_path, vector_type="sparse")
    assert [(p.rule, p.row) for p in report.errors] == [(Rule.SPARSE_MISSING, 2)]


def test_wider_arrow_types_that_parquet_maps_to_the_same_columns_are_accepted(tmp_path: Path) -> None:
    table = dense_table(3, 4)
    values = pa.array(table.column("values").to_pylist(), pa.list_(pa.float32(), 4))
    wide = pa.table(
        {
            "id": table.column("id").cast(pa.large_string()),
            "values": values,
            "metadata": table.column("metadata").cast(pa.large_string()),
        }
    )
    write(tmp_path, "ns", wide)
    assert pq.read_schema(tmp_path / "ns" / "part-0.parquet").field("id").type == pa.large_string()
    assert validate_source(tmp_path).ok


def test_metadata_rows_cannot_borrow_brackets_from_neighbours(tmp_path: Path) -> None:
    # Each row is broken alone, but joined with newlines they would parse as three objects.
    tricky = ['{"a":', "1}", "{} {}"]
    table = dense_table(3, 4)
    write(tmp_path, "ns", with_column(table, "metadata", tricky, pa.string()))
    report = validate_source(tmp_path)
    assert [(p.rule, p.row) for p in report.errors] == [
        (Rule.METADATA_NOT_JSON, 0),
        (Rule.METADATA_NOT_JSON, 1),
        (Rule.METADATA_NOT_JSON, 2),
    ]


def test_invalid_utf8_metadata(tmp_path: Path) -> None:
    raw = pa.array([b'{"a": 1}', b'{"b": "\xff"}'], pa.binary())
    broken = pa.Array.from_buffers(pa.string(), len(raw), raw.buffers())
    table = dense_table(2, 4).set_column(2, "metadata", broken)
    write(tmp_path, "ns", table)
    report = validate_source(tmp_path)
    rules = [(p.rule, p.row) for p in report.errors]
    # Parquet readers may refuse broken UTF-8 outright; either way the row cannot pass.
    assert rules in ([(Rule.METADATA_NOT_UTF8, 1)],) or report.errors[0].rule is Rule.FILE_UNREADABLE


def test_problem_cap_keeps_counting(tmp_path: Path) -> None:
    table = dense_table(50, 4)
    write(tmp_path, "ns", with_column(table, "metadata", ["nope"] * 50, pa.string()))
    report = validate_source(tmp_path, max_problems=10)
    assert len(report.problems) == 10 and report.truncated
    assert report.summary.errors == 50


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    valid_dataset(tmp_path)
    seen: list[ValidationProgress] = []
    validate_source(tmp_path, on_progress=seen.append, batch_rows=2)
    assert len(seen) > 4
    last = seen[-1]
    assert (last.files_done, last.files_total, last.records) == (4, 4, 20)
    assert last.bytes_done == last.bytes_total
    assert [p.bytes_done for p in seen] == sorted(p.bytes_done for p in seen)


def test_bad_rows_in_later_batches_keep_their_file_row_numbers(tmp_path: Path) -> None:
    write(tmp_path, "ns", replace_value(dense_table(10, 4), "id", 7, ""))
    report = validate_source(tmp_path, batch_rows=3)
    assert [(p.rule, p.row) for p in report.errors] == [(Rule.ID_EMPTY, 7)]
