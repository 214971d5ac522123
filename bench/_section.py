"""What every benchmark suite hands back: a printable table, its data, and checked targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Target:
    """One stated goal, e.g. 'describe: sync client / official SDK <= 1.00'."""

    name: str
    measured: float
    limit: float

    @property
    def met(self) -> bool:
        return self.measured <= self.limit

    def line(self) -> str:
        verdict = "met" if self.met else f"MISSED by {self.measured / self.limit - 1:.0%}"
        return f"{self.name}: {self.measured:.2f}x (target <= {self.limit:.2f}x) {verdict}"


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
