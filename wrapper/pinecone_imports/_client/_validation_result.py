"""`validationResult`: how many of an import's records passed and failed validation (API 2026-07 on).

This is the answer to the question users of `errorMode=continue` ask most: how many records were
dropped? The service reports it once validation has run, so it is absent from a Pending import and
from every answer of an API version before 2026-07 (see `reports_validation_result`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

WIRE_NAME: Final = "validationResult"


def _non_negative_count(value: Any) -> int | None:
    # The spec declares both counts int64 with minimum 0; anything else is shown as None here
    # (the value as sent stays in BulkImport.to_dict()).
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Records of an import that passed (`import_successes`) and failed (`import_errors`) validation.

    A count the service left out, or sent in a form that is not a count, is None.
    """

    import_successes: int | None
    import_errors: int | None

    @property
    def dropped_records(self) -> bool:
        """True when records failed validation: with errorMode `continue` they were skipped."""
        return bool(self.import_errors)

    def to_dict(self) -> dict[str, int]:
        """The wire (camelCase) form; counts that are None are left out."""
        wire = {"importSuccesses": self.import_successes, "importErrors": self.import_errors}
        return {key: value for key, value in wire.items() if value is not None}


def read_validation_result(wire: Mapping[str, Any]) -> ValidationResult | None:
    """The validation result of an import in wire form; None when absent or not an object."""
    value = wire.get(WIRE_NAME)
    if not isinstance(value, Mapping):
        return None
    return ValidationResult(
        import_successes=_non_negative_count(value.get("importSuccesses")),
        import_errors=_non_negative_count(value.get("importErrors")),
    )
