"""What every benchmark suite hands back: a printable table, its data, and checked targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Target:
    """One stated goal, e.g. 'describe: sync client / official SDK <= 1.00'.

    Most goals are ceilings on a ratio of times; `at_least` turns the limit into a floor, for goals
    stated as a throughput (records per second, a share of pyarrow's read rate)."""

    name: str
    measured: float
    limit: float
    at_least: bool = False
    unit: str = "x"

    @property
    def met(self) -> bool:
        return self.measured >= self.limit if self.at_least else self.measured <= self.limit

    def line(self) -> str:
        shortfall = 1 - self.measured / self.limit if self.at_least else self.measured / self.limit - 1
        verdict = "met" if self.met else f"MISSED by {shortfall:.0%}"
        bound = ">=" if self.at_least else "<="
        return f"{self.name}: {self._show(self.measured)} (target {bound} {self._show(self.limit)}) {verdict}"

    def _show(self, value: float) -> str:
        return f"{value:.2f}x" if self.unit == "x" else f"{value:,.0f} {self.unit}"


@dataclass
class Section:
    title: str
    table: list[str]
    data: dict[str, Any]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def format_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; the first column left-aligned, the rest right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join(
            [first, *(cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))]
        )

    return [line(header), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]
