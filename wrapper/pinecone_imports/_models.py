"""What the clients return: thin, version-independent views over the generated models.

The generated attrs classes differ per API version and use an `UNSET` sentinel for absent fields.
These views give every version the same typed, snake_case attributes with `None` for absent
values, and pass any other attribute through to the generated model, so a field that a newer
spec adds is reachable (`imp.import_successes`) without a wrapper change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

TERMINAL_STATUSES: Final = frozenset({"Completed", "Failed", "Cancelled"})

# Each generated version has its own `Unset` sentinel class; bindings register theirs on load.
_UNSET_TYPES: set[type] = set()


def register_unset_type(unset_type: type) -> None:
    _UNSET_TYPES.add(unset_type)


def _plain(value: Any) -> Any:
    return None if type(value) in _UNSET_TYPES else value


class _ModelView:
    __slots__ = ("_model",)

    def __init__(self, model: Any) -> None:
        self._model = model

    def __getattr__(self, name: str) -> Any:
        # Only reached for names the view does not define: fields of the generated model.
        if name.startswith("_"):
            raise AttributeError(name)
        return _plain(getattr(self._model, name))

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


class BulkImport(_ModelView):
    """One import as the service describes it."""

    __slots__ = ()

    @property
    def id(self) -> str | None:
        return _plain(self._model.id)  # type: ignore[no-any-return]

    @property
    def uri(self) -> str | None:
        return _plain(self._model.uri)  # type: ignore[no-any-return]

    @property
    def status(self) -> str | None:
        """`Pending`, `InProgress`, `Completed`, `Failed`, `Cancelled`, or a newer value as sent."""
        return _plain(self._model.status)  # type: ignore[no-any-return]

    @property
    def created_at(self) -> datetime | None:
        return _plain(self._model.created_at)  # type: ignore[no-any-return]

    @property
    def finished_at(self) -> datetime | None:
        return _plain(self._model.finished_at)  # type: ignore[no-any-return]

    @property
    def percent_complete(self) -> float | None:
        return _plain(self._model.percent_complete)  # type: ignore[no-any-return]

    @property
    def records_imported(self) -> int | None:
        return _plain(self._model.records_imported)  # type: ignore[no-any-return]

    @property
    def error(self) -> str | None:
        return _plain(self._model.error)  # type: ignore[no-any-return]

    @property
    def is_finished(self) -> bool:
        """True once the import is Completed, Failed or Cancelled."""
        return self.status in TERMINAL_STATUSES

    def __repr__(self) -> str:
        percent = self.percent_complete
        shown = f"{percent:.1f}%" if isinstance(percent, int | float) else "None"
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
