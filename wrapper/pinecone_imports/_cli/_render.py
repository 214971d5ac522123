"""Human-readable views of imports: the detail view, the listing table and one-line summaries.

Every string that came from the service passes through `clean` (the redactor) before it is shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from rich import box
from rich.table import Table
from rich.text import Text

from pinecone_imports._client._validation_result import WIRE_NAME as VALIDATION_WIRE_NAME

if TYPE_CHECKING:
    from pinecone_imports._client._models import BulkImport
    from pinecone_imports._client._validation_result import ValidationResult

Clean = Callable[[str], str]

MISSING: Final = "-"
STATUS_STYLES: Final = {
    "Completed": "green",
    "Failed": "red",
    "Cancelled": "yellow",
    "InProgress": "cyan",
    "Pending": "dim",
}


def status_text(status: str | None) -> Text:
    shown = status or "Unknown"
    return Text(shown, style=STATUS_STYLES.get(shown, ""))


def percent_text(percent: float | None) -> str:
    return f"{percent:.1f}%" if percent is not None else MISSING


def records_text(records: int | None) -> str:
    return f"{records:,}" if records is not None else MISSING


def validation_text(checked: ValidationResult) -> Text:
    """`990 passed, 10 failed (dropped)`: failed records are highlighted, since they were skipped."""
    passed = records_text(checked.import_successes)
    failed = records_text(checked.import_errors)
    if checked.dropped_records:
        return Text.assemble(f"{passed} passed, ", (f"{failed} failed (dropped)", "yellow"))
    return Text(f"{passed} passed, {failed} failed")


def records_cell(found: BulkImport) -> Text:
    """Records imported, marked with how many were dropped when validation rejected some."""
    cell = Text(records_text(found.records_imported))
    checked = found.validation_result
    if checked is not None and checked.dropped_records:
        cell.append(f" ({records_text(checked.import_errors)} dropped)", style="yellow")
    return cell


def dropped_text(found: BulkImport) -> str:
    """`; 10 records failed validation and were dropped`, or nothing."""
    checked = found.validation_result
    if checked is None or not checked.dropped_records:
        return ""
    return f"; {records_text(checked.import_errors)} records failed validation and were dropped"


def time_text(moment: datetime | None) -> str:
    if moment is None:
        return MISSING
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def duration_text(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def _value_text(value: Any) -> str:
    if value is None:
        return MISSING
    if isinstance(value, dict | list):
        # Fields newer API versions add may be structured; show them as the API sends them.
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def import_details(found: BulkImport, clean: Clean) -> Table:
    """Every field of one import, one per row; fields unknown to this version come last."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("ID", clean(_value_text(found.id)))
    grid.add_row("URI", clean(_value_text(found.uri)))
    grid.add_row("Status", status_text(found.status))
    grid.add_row("Progress", percent_text(found.percent_complete))
    grid.add_row("Records imported", records_text(found.records_imported))
    grid.add_row("Created (UTC)", time_text(found.created_at))
    grid.add_row("Finished (UTC)", time_text(found.finished_at))
    if found.error:
        grid.add_row("Error", Text(clean(found.error), style="red"))
    checked = found.validation_result
    if checked is not None:
        grid.add_row("Validation", validation_text(checked))
    for name, value in found.extra_fields.items():
        if name == VALIDATION_WIRE_NAME and checked is not None:
            continue  # shown above, whichever version's model it came through
        grid.add_row(clean(name), clean(_value_text(value)))
    return grid


# Below this many columns the listing folds progress into the status, drops Finished and shows
# Created to the minute, so that the ID, URI and error still fit an 80-column terminal.
WIDE_TABLE: Final = 130


def _one_line_cell(text: str, style: str = "") -> Text:
    # Cut with an ellipsis rather than wrapped: one row per import, however narrow the terminal.
    return Text(" ".join(text.split()), style=style, no_wrap=True, overflow="ellipsis")


def _status_with_progress(found: BulkImport) -> Text:
    text = status_text(found.status)
    if found.status == "InProgress" and found.percent_complete is not None:
        text.append(f" {percent_text(found.percent_complete)}")
    return text


def imports_table(imports: Iterable[BulkImport], clean: Clean, *, width: int) -> Table:
    """The listing: the ID is never cut; URI and error give way (with an ellipsis) to fit `width`."""
    rows = list(imports)
    wide = width >= WIDE_TABLE
    with_errors = any(found.error for found in rows)
    # One space between columns (the header rule still separates the header).
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    id_width = max((len(clean(_value_text(found.id))) for found in rows), default=2)
    table.add_column("ID", no_wrap=True, min_width=max(id_width, 2))
    table.add_column("Status", no_wrap=True)
    if wide:
        table.add_column("Progress", justify="right", no_wrap=True)
    table.add_column("Records", justify="right", no_wrap=True)
    table.add_column("Created (UTC)", no_wrap=True)
    if wide:
        table.add_column("Finished (UTC)", no_wrap=True)
    table.add_column("URI", min_width=12)
    if with_errors:
        table.add_column("Error", min_width=10)
    for found in rows:
        created = time_text(found.created_at)
        cells: list[str | Text] = [clean(_value_text(found.id))]
        if wide:
            cells += [status_text(found.status), percent_text(found.percent_complete)]
        else:
            cells.append(_status_with_progress(found))
        cells += [records_cell(found), created if wide else created[:16]]
        if wide:
            cells.append(time_text(found.finished_at))
        cells.append(_one_line_cell(clean(_value_text(found.uri))))
        if with_errors:
            cells.append(_one_line_cell(clean(found.error or ""), style="red"))
        table.add_row(*cells)
    return table


def final_summary(found: BulkImport) -> str:
    """One line saying how a finished import ended."""
    took = ""
    if found.created_at is not None and found.finished_at is not None:
        took = f" in {duration_text((found.finished_at - found.created_at).total_seconds())}"
    records = records_text(found.records_imported)
    if found.status == "Completed":
        return f"Import {found.id} Completed: {records} records imported{took}{dropped_text(found)}."
    if found.status == "Failed":
        reason = " ".join((found.error or "the service gave no reason").split())
        return f"Import {found.id} Failed{took} after {records} records: {reason}"
    return f"Import {found.id} was {found.status}{took} after {records} records."
