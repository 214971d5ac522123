"""Record rules, applied one Arrow record batch at a time.

`NamespaceChecker` is the single implementation of the per-record rules: the validator reports what it
finds, and the local import server imports the rows it lets through. The rules that need nothing from
earlier batches live in `_row_rules` (pyarrow kernels, runnable on any thread); this module adds the
two that depend on the order of the batches: the dimension taken from the first vector, and the id
set that catches duplicates across batches and files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from pinecone_imports.preflight._metadata import MetadataChecker
from pinecone_imports.preflight._problems import Problem, Rule
from pinecone_imports.preflight._row_rules import RowFindings, RowRules, rows_where
from pinecone_imports.preflight._schema import ID, VALUES, VectorType, check_schema
from pinecone_imports.preflight._source import DataFile

# Row numbers take the low bits of a remembered id's position, the file's number the rest.
_ROW_BITS = 40
_ROW_MASK = (1 << _ROW_BITS) - 1
# How each check records bad rows: (rows, rule, column, message).
_Flag = Callable[[list[int], Rule, str, str], None]


@dataclass
class Dimension:
    """The dense dimension every file must agree on: given by the caller, or taken from the first file."""

    value: int | None = None
    inferred_from: str | None = None

    def describe(self) -> str:
        if self.inferred_from is None:
            return f"the index dimension {self.value}"
        return f"dimension {self.value} (inferred from {self.inferred_from})"


@dataclass
class CheckedBatch:
    """Outcome of one batch: its problems in row order, and the rows that broke no rule."""

    problems: list[Problem]
    good: pa.RecordBatch
    rows: int
    bad_rows: int = field(default=0)


class NamespaceChecker:
    """Checks every batch of every file of one namespace; remembers ids to find duplicates."""

    def __init__(
        self,
        namespace: str,
        *,
        vector_type: VectorType = VectorType.DENSE,
        dimension: Dimension | None = None,
        metadata_checker: MetadataChecker | None = None,
    ) -> None:
        self.namespace = namespace
        self.vector_type = vector_type
        # Shared between the namespaces of one import, because an index has one dimension.
        self.dimension = dimension if dimension is not None else Dimension()
        self.row_rules = RowRules(vector_type, metadata_checker)
        # Each id with where it was first seen, packed into one int (file number, row) so that a
        # namespace of millions of ids costs little more than a set of them would.
        self._seen_ids: dict[str, int] = {}
        self._files: list[str] = []

    def check_schema(self, schema: pa.Schema, *, file: str) -> list[Problem]:
        """Column problems; when there are any, the file's records must not be checked or imported."""
        return check_schema(schema, vector_type=self.vector_type, namespace=self.namespace, file=file)

    def check_batch(
        self, batch: pa.RecordBatch, *, file: str, first_row: int, findings: RowFindings | None = None
    ) -> CheckedBatch:
        """Checks one batch whose schema passed `check_schema`. `first_row` is its offset in the file.

        `findings` are `self.row_rules.find(batch)` when the caller already ran them (on another
        thread, as the scan does); otherwise they are run here."""
        if findings is None:
            findings = self.row_rules.find(batch)
        found: dict[int, list[Problem]] = {}

        def flag(rows: list[int], rule: Rule, column: str, message: str) -> None:
            for row in rows:
                found.setdefault(row, []).append(
                    Problem(
                        rule,
                        message,
                        namespace=self.namespace,
                        file=file,
                        row=first_row + row,
                        column=column,
                    )
                )

        for flagged in findings.before_dimension:
            flag(flagged.rows, flagged.rule, flagged.column, flagged.message)
        self._check_dimension(findings, file, flag)
        for flagged in findings.after_dimension:
            flag(flagged.rows, flagged.rule, flagged.column, flagged.message)
        # Duplicates come last so that an id on a row that is bad for another reason is not
        # remembered: in continue mode that row is skipped and a later row may carry the id.
        self._check_duplicates(batch.column(ID), set(found), flag, file=file, first_row=first_row)

        problems = [problem for row in sorted(found) for problem in found[row]]
        if not found:
            return CheckedBatch(problems, batch, batch.num_rows)
        keep = [True] * batch.num_rows
        for row in found:
            keep[row] = False
        return CheckedBatch(problems, batch.filter(pa.array(keep)), batch.num_rows, len(found))

    def forget_ids(self, ids: list[str]) -> None:
        """Forgets ids remembered by `check_batch`, for a caller that refused the batch after all
        (the writer, when another row of the batch was bad) and may be sent the same ids again."""
        for forgotten in ids:
            self._seen_ids.pop(forgotten, None)

    def _position(self, file: str, row: int) -> int:
        if not self._files or self._files[-1] != file:
            self._files.append(file)
        return ((len(self._files) - 1) << _ROW_BITS) | row

    def _first_seen(self, position: int) -> str:
        return f"first seen in {self._files[position >> _ROW_BITS]}, row {position & _ROW_MASK}"

    def _check_duplicates(
        self, ids: pa.Array, bad: set[int], flag: _Flag, *, file: str, first_row: int
    ) -> None:
        values = ids.to_pylist()
        base = self._position(file, first_row)
        if not bad:
            # No bad rows means no null ids, so the whole batch is handled by C in a few calls.
            fresh = dict(zip(values, range(base, base + len(values)), strict=True))
            if len(fresh) == len(values) and self._seen_ids.keys().isdisjoint(fresh):
                self._seen_ids.update(fresh)
                return
        value: str | None
        for row, value in enumerate(values):
            if row in bad or value is None:
                continue
            seen = self._seen_ids.get(value)
            if seen is None:
                self._seen_ids[value] = base + row
            else:
                first = self._first_seen(seen)
                flag(
                    [row],
                    Rule.ID_DUPLICATE,
                    ID,
                    f"id {value!r} appears more than once in this namespace; {first}",
                )

    def _check_dimension(self, findings: RowFindings, file: str, flag: _Flag) -> None:
        lengths, length_range = findings.lengths, findings.length_range
        if lengths is None or length_range is None:
            return  # no vector in this batch: nothing to compare, nothing to infer from
        if self.dimension.value is None:
            self.dimension.value = int(lengths.drop_null()[0].as_py())
            self.dimension.inferred_from = file
        if length_range == (self.dimension.value, self.dimension.value):
            return
        for row in rows_where(pc.not_equal(lengths, self.dimension.value)):
            flag(
                [row],
                Rule.VALUES_DIMENSION,
                VALUES,
                f"values has {lengths[row].as_py()} entries; expected {self.dimension.describe()}",
            )


class CheckerPerNamespace:
    """Hands out the checker of each file's namespace, for `scan_files`.

    Files arrive grouped by namespace (listings are sorted), so only the current namespace's checker,
    and with it its id set, is kept alive."""

    def __init__(self, *, vector_type: VectorType, dimension: Dimension) -> None:
        self._vector_type = vector_type
        self._dimension = dimension
        self._current: NamespaceChecker | None = None

    def __call__(self, data_file: DataFile) -> NamespaceChecker:
        if self._current is None or self._current.namespace != data_file.namespace:
            self._current = NamespaceChecker(
                data_file.namespace, vector_type=self._vector_type, dimension=self._dimension
            )
        return self._current
