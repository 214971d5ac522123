"""What the clients return: thin, version-independent views over the generated models.

The generated attrs classes differ per API version and use an `UNSET` sentinel for absent fields.
These views give every version the same typed, snake_case attributes with `None` for absent
values, and pass any other attribute through to the generated model, so a field that a newer
spec adds is reachable (`imp.import_successes`) without a wrapper change.
"""

from __future__ import annotations

import copyreg
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from pinecone_imports._client._validation_result import ValidationResult, read_validation_result

TERMINAL_STATUSES: Final = frozenset({"Completed", "Failed", "Cancelled"})
_WORD_START: Final = re.compile(r"_([a-z0-9])")

# Each generated version has its own `Unset` sentinel class; bindings register theirs on load.
_UNSET_TYPES: set[type] = set()


def register_unset_type(unset_type: type) -> None:
    _UNSET_TYPES.add(unset_type)
    # A generated to_dict() tests plain fields with `is not UNSET`: a pickled or deep-copied model
    # must come back holding its version's one UNSET, not a new Unset (which to_dict would send).
    copyreg.pickle(unset_type, _reduce_unset)


def _reduce_unset(unset: object) -> tuple[Callable[[str], object], tuple[str]]:
    return _unset_of, (type(unset).__module__,)


def _unset_of(module: str) -> object:
    return importlib.import_module(module).UNSET


def _plain(value: Any) -> Any:
    return None if type(value) in _UNSET_TYPES else value


# The typed properties below return None for a value of the wrong type (a number where text is
# expected, say) rather than pass it on under a false type; the value as sent stays in to_dict().


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _timestamp(value: Any) -> datetime | None:
    """A datetime from a timestamp as the service sent it, or None when it is not one.

    The generated models keep response timestamps as text (`text_response_timestamps` in
    scripts/_spec_transforms.py): parsing here, on access, is cheaper than parsing every item of a
    list page, and lets `to_dict()` give the value exactly as sent. Accepted: what
    `datetime.fromisoformat` reads (Z, offsets, 0 to 9 fractional digits), in either case (`t` and
    `z` are valid RFC 3339); a datetime is taken as it is. A timestamp without an offset is taken as
    UTC, so that all returned values are comparable.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().upper())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def wire_name(name: str) -> str:
    """The camelCase name a snake_case attribute has on the wire."""
    return _WORD_START.sub(lambda m: m.group(1).upper(), name)


class _ModelView:
    __slots__ = ("_model",)

    def __init__(self, model: Any) -> None:
        self._model = model

    def __getattr__(self, name: str) -> Any:
        """Fields the view does not define: the generated model's, then unknown fields as sent.

        An unknown field is found by its wire name or by its snake_case form, so a field a newer
        API version adds (`importSuccesses`) reads as `imp.import_successes` before any upgrade.
        """
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return _plain(getattr(self._model, name))
        except AttributeError:
            pass
        extra = self._model.additional_properties
        for key in (name, wire_name(name)):
            if key in extra:
                return extra[key]
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the server sent that the pinned spec does not describe (wire names)."""
        return dict(self._model.additional_properties)

    def to_dict(self) -> dict[str, Any]:
        """The wire (camelCase) form, unknown fields included."""
        result: dict[str, Any] = self._model.to_dict()
        return result

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _ModelView) and type(other) is type(self) and self.to_dict() == other.to_dict()
        )

    __hash__ = None  # type: ignore[assignment]  # views compare by content and are not hashable

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors carrying imports cross process boundaries; slots need an explicit reduce.
        return (type(self), (self._model,))


class BulkImport(_ModelView):
    """One import as the service describes it.

    Every field may be None: the spec requires none of them, and a value of an unexpected type is
    shown as None here while `to_dict()` keeps it as sent.
    """

    __slots__ = ()

    @property
    def id(self) -> str | None:
        return _text(_plain(self._model.id))

    @property
    def uri(self) -> str | None:
        return _text(_plain(self._model.uri))

    @property
    def status(self) -> str | None:
        """`Pending`, `InProgress`, `Completed`, `Failed`, `Cancelled`, or a newer value as sent."""
        return _text(_plain(self._model.status))

    @property
    def created_at(self) -> datetime | None:
        return _timestamp(_plain(self._model.created_at))

    @property
    def finished_at(self) -> datetime | None:
        return _timestamp(_plain(self._model.finished_at))

    @property
    def percent_complete(self) -> float | None:
        return _number(_plain(self._model.percent_complete))

    @property
    def records_imported(self) -> int | None:
        return _count(_plain(self._model.records_imported))

    @property
    def error(self) -> str | None:
        return _text(_plain(self._model.error))

    @property
    def validation_result(self) -> ValidationResult | None:
        """Records that passed and failed validation (API 2026-07 on); None until validation has run.

        Read from the wire form, so a server that reports it is understood on every version.
        """
        return read_validation_result(self.to_dict())

    @property
    def is_finished(self) -> bool:
        """True once the import is Completed, Failed or Cancelled."""
        return self.status in TERMINAL_STATUSES

    def __repr__(self) -> str:
        percent = self.percent_complete
        shown = f"{percent:.1f}%" if percent is not None else "None"
        return (
            f"BulkImport(id={self.id!r}, status={self.status!r}, uri={self.uri!r}, "
            f"percent_complete={shown}, records_imported={self.records_imported!r}, error={self.error!r})"
        )


class StartedImport(_ModelView):
    """The answer to start_import: the new import's id."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return str(self._model.id)

    def __repr__(self) -> str:
        return f"StartedImport(id={self.id!r})"


@dataclass(frozen=True)
class ImportsPage:
    """One page of a listing, and the token that continues it (None on the last page)."""

    imports: list[BulkImport]
    next_token: str | None

    def __iter__(self) -> Iterator[BulkImport]:
        return iter(self.imports)

    def __len__(self) -> int:
        return len(self.imports)
