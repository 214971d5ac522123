"""Generated models built on demand: a page of 100 imports costs 100 dict lookups, not 100 parses.

The generated `from_dict` converts every field of every item (dates, sentinels, unknown keys)
whether or not anyone reads it; on a listing page that was most of the client's time. A
`LazyModel` keeps the decoded JSON object and stands in for the generated model:

- fields the generated parser passes through untouched (plain strings and numbers) are read
  straight from the JSON object: the value is the very object the parser would have stored;
- anything else (dates, additional properties, to_dict) builds the generated model once, with
  the same tolerant parser as before, and reads it from there.

Which fields pass through is not guessed from names or types: `ModelReader.probe` asks the
generated parser of each version, once, when the version is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

# A value a converting parser would change: a valid timestamp that is no enum member or number.
_TEXT_PROBE: Final = "2001-02-03T04:05:06+00:00"


class _Passthrough:
    """Reads one passthrough field straight from the JSON object (absent: the UNSET sentinel).

    A data descriptor on a per-version subclass of LazyModel: attribute lookup finds it directly,
    several times faster than falling through to __getattr__.
    """

    __slots__ = ("unset", "wire")

    def __init__(self, wire: str, unset: Any) -> None:
        self.wire = wire
        self.unset = unset

    def __get__(self, instance: LazyModel | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return instance._raw.get(self.wire, self.unset)

    def __set__(self, instance: LazyModel, value: Any) -> None:
        raise AttributeError(f"{self.wire} is read-only")


class ModelReader:
    """How to read one generated model class lazily: which fields pass through, how to build it."""

    __slots__ = ("build", "lazy_class", "passthrough")

    def __init__(
        self, model: Any, build: Callable[[Any], Any], passthrough: Mapping[str, str], unset: Any
    ) -> None:
        self.build = build  # raw JSON value -> generated model
        self.passthrough = dict(passthrough)  # attribute name -> wire (JSON) name
        fields = {name: _Passthrough(wire, unset) for name, wire in self.passthrough.items()}
        self.lazy_class: type[LazyModel] = type(
            f"Lazy{model.__name__}", (LazyModel,), {"__slots__": (), **fields}
        )

    def lazy(self, raw: dict[str, Any]) -> LazyModel:
        return self.lazy_class(raw, self)

    @classmethod
    def probe(cls, model: Any, build: Callable[[Any], Any], unset: Any) -> ModelReader:
        """Find the attributes that `model.from_dict` stores exactly as they came in the JSON."""
        passthrough = {}
        # attrs lists a class's fields in __attrs_attrs__ (what attrs.fields() returns).
        for field in model.__attrs_attrs__:
            if not field.init:
                continue  # additional_properties: always read from the built model
            try:
                # to_dict() names the wire key of a field set on its own.
                wire_names = list(model(**{field.name: "x"}).to_dict())
                wire = wire_names[0] if len(wire_names) == 1 else None
                probes = (_TEXT_PROBE, object())
                kept = wire is not None and all(
                    getattr(model.from_dict({wire: p}), field.name) is p for p in probes
                )
            except (TypeError, ValueError, AttributeError, KeyError):
                kept = False
            if kept and wire is not None:
                passthrough[field.name] = wire
        return cls(model, build, passthrough, unset)


class LazyModel:
    """Stands in for a generated model until a value needs the generated parser.

    Use `ModelReader.lazy`: its per-version subclass carries the passthrough fields.
    """

    __slots__ = ("_built", "_raw", "_reader")

    def __init__(self, raw: dict[str, Any], reader: ModelReader) -> None:
        self._raw = raw
        self._reader = reader
        self._built: Any = None

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes the subclass does not carry: the built model's.
        if name.startswith("_"):
            raise AttributeError(name)  # copy and pickle probes, or slots not yet filled
        return getattr(self.materialize(), name)

    def materialize(self) -> Any:
        """The generated model this stands for (built now if no value needed it yet)."""
        if self._built is None:
            self._built = self._reader.build(self._raw)
        return self._built
