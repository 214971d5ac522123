"""The record rules that need nothing from earlier batches, as pyarrow kernels over one batch.

Every rule here can run on any thread, in any order: the scan runs them on its reading threads, right
after a batch is decoded, so that on two cores they are split between both instead of queueing on the
thread that must take batches in file order. What depends on order (duplicate ids, the dimension
taken from the first vector) stays with `NamespaceChecker`.

Clean data is the common case, so each rule first asks one cheap question of the whole batch (a null
count, the range of the lengths, a sum) and only computes row lists when the answer leaves room for a
bad row."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pinecone_imports.preflight._limits import MAX_ID_CHARS
from pinecone_imports.preflight._metadata import MetadataChecker
from pinecone_imports.preflight._problems import Rule
from pinecone_imports.preflight._schema import ID, METADATA, SPARSE_VALUES, VALUES, VectorType


@dataclass(frozen=True, slots=True)
class Flagged:
    """Rows of a batch (0-based) that break `rule`, with the message and column to report."""

    rows: list[int]
    rule: Rule
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class RowFindings:
    """What the order-free rules found in one batch, in the order the problems are reported.

    The dimension rule sits between `before_dimension` and `after_dimension`; `lengths` holds each
    row's dense vector length (null where the vector is missing) and `length_range` their smallest
    and largest, None when the batch has no dense vector at all."""

    before_dimension: list[Flagged]
    after_dimension: list[Flagged]
    lengths: pa.Array | None = None
    length_range: tuple[int, int] | None = None


def rows_where(mask: pa.Array) -> list[int]:
    """Positions where a boolean mask is true; nulls count as false."""
    if not pc.any(mask).as_py():
        return []
    return list(pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist())


class RowRules:
    """The order-free rules for one vector type. Holds no state, so one instance serves every thread."""

    def __init__(self, vector_type: VectorType, metadata_checker: MetadataChecker | None = None) -> None:
        self.vector_type = vector_type
        self._metadata = metadata_checker if metadata_checker is not None else MetadataChecker()

    def find(self, batch: pa.RecordBatch) -> RowFindings:
        """Checks one batch whose schema passed `check_schema`."""
        before: list[Flagged] = []
        after: list[Flagged] = []
        names = set(batch.schema.names)
        _check_ids(batch.column(ID), before)
        lengths: pa.Array | None = None
        length_range: tuple[int, int] | None = None
        if VALUES in names:
            values = batch.column(VALUES)
            if values.null_count:
                before.append(
                    Flagged(rows_where(pc.is_null(values)), Rule.VALUES_MISSING, VALUES, "values is missing")
                )
            lengths = pc.list_value_length(values)
            low, high = pc.min_max(lengths).values()
            if low.is_valid:
                length_range = (low.as_py(), high.as_py())
            if not _all_finite(values):
                after.append(
                    Flagged(
                        _non_finite_rows(values),
                        Rule.VALUES_NOT_FINITE,
                        VALUES,
                        "values holds NaN, infinity or null",
                    )
                )
        if SPARSE_VALUES in names:
            self._check_sparse(batch.column(SPARSE_VALUES), after)
        elif self.vector_type is VectorType.SPARSE:
            after.append(
                Flagged(
                    list(range(batch.num_rows)),
                    Rule.SPARSE_MISSING,
                    SPARSE_VALUES,
                    "sparse_values is missing",
                )
            )
        if METADATA in names:
            after.extend(
                Flagged([issue.row], issue.rule, METADATA, issue.message)
                for issue in self._metadata.check(batch.column(METADATA))
            )
        return RowFindings(before, after, lengths, length_range)

    def _check_sparse(self, sparse: pa.Array, found: list[Flagged]) -> None:
        if self.vector_type is VectorType.SPARSE and sparse.null_count:
            found.append(
                Flagged(
                    rows_where(pc.is_null(sparse)),
                    Rule.SPARSE_MISSING,
                    SPARSE_VALUES,
                    "sparse_values is missing",
                )
            )
        present = pc.is_valid(sparse)
        indices = pc.struct_field(sparse, "indices")
        weights = pc.struct_field(sparse, "values")
        half_missing = pc.and_(present, pc.or_(pc.is_null(indices), pc.is_null(weights)))
        found.append(
            Flagged(
                rows_where(half_missing),
                Rule.SPARSE_MISSING,
                SPARSE_VALUES,
                "sparse_values needs both indices and values",
            )
        )
        mismatch = pc.not_equal(pc.list_value_length(indices), pc.list_value_length(weights))
        found.append(
            Flagged(
                rows_where(mismatch),
                Rule.SPARSE_LENGTH_MISMATCH,
                SPARSE_VALUES,
                "sparse_values has a different number of indices and values",
            )
        )
        not_finite = [] if _all_finite(weights) else _non_finite_rows(weights)
        found.append(
            Flagged(
                not_finite + _null_element_rows(indices),
                Rule.SPARSE_NOT_FINITE,
                SPARSE_VALUES,
                "sparse_values holds NaN, infinity or null",
            )
        )


def _check_ids(ids: pa.Array, found: list[Flagged]) -> None:
    if ids.null_count:
        found.append(Flagged(rows_where(pc.is_null(ids)), Rule.ID_MISSING, ID, "id is missing"))
    # Bytes bound characters from above, so the byte lengths' range settles both length rules for a
    # clean batch; characters are only counted when some id has more bytes than the limit allows.
    byte_lengths = pc.binary_length(ids)
    shortest, longest = pc.min_max(byte_lengths).values()
    if not shortest.is_valid:
        return
    if shortest.as_py() == 0:
        found.append(Flagged(rows_where(pc.equal(byte_lengths, 0)), Rule.ID_EMPTY, ID, "id is empty"))
    if longest.as_py() > MAX_ID_CHARS:
        found.append(
            Flagged(
                rows_where(pc.greater(pc.utf8_length(ids), MAX_ID_CHARS)),
                Rule.ID_TOO_LONG,
                ID,
                f"id is longer than {MAX_ID_CHARS} characters",
            )
        )


def _all_finite(lists: pa.Array) -> bool:
    """True only when every element of every list is a finite number (no NaN, infinity or null).

    One sum answers it for clean data: NaN and infinity survive any sum, while a finite sum of
    finite elements stays finite unless it overflows, and an overflow merely sends the batch to the
    exact row-by-row search. False therefore means "maybe", never a wrong verdict."""
    flat = pc.list_flatten(lists)
    if flat.null_count:
        return False
    total = pc.sum(flat).as_py()
    return total is None or math.isfinite(total)


def _non_finite_rows(lists: pa.Array) -> list[int]:
    flat = pc.list_flatten(lists)
    finite = pc.fill_null(pc.is_finite(flat), False)
    if pc.all(finite).as_py() is not False:
        return []
    parents = pc.list_parent_indices(lists)
    return list(pc.unique(parents.filter(pc.invert(finite))).to_pylist())


def _null_element_rows(lists: pa.Array) -> list[int]:
    flat = pc.list_flatten(lists)
    if flat.null_count == 0:
        return []
    parents = pc.list_parent_indices(lists)
    return list(pc.unique(parents.filter(pc.is_null(flat))).to_pylist())
