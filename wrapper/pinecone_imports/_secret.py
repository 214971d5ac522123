"""Keeping the API key out of reprs, messages and log records."""

from __future__ import annotations

import logging
import weakref
from typing import Final

_REDACTED: Final = "<redacted>"
# Loggers whose records could, in principle, carry request details. Filters on a logger only see
# records created by that very logger, so the children are listed too.
_GUARDED_LOGGERS: Final = (
    "pinecone_imports",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


class Secret:
    """A string that refuses to show itself; call `reveal()` at the one place it is sent."""

    __slots__ = ("__value", "__weakref__")

    def __init__(self, value: str) -> None:
        self.__value = value

    def reveal(self) -> str:
        return self.__value

    def scrub(self, text: str) -> str:
        """`text` with every occurrence of the secret replaced."""
        return text.replace(self.__value, _REDACTED) if self.__value else text

    def __repr__(self) -> str:
        return f"Secret({_REDACTED})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


class _RedactingFilter(logging.Filter):
    """Replaces any live client's API key in log records before a handler formats them."""

    def __init__(self) -> None:
        super().__init__("pinecone_imports.redact")
        self._secrets: weakref.WeakSet[Secret] = weakref.WeakSet()

    def watch(self, secret: Secret) -> None:
        self._secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = list(self._secrets)
        if not secrets:
            return True
        message = record.getMessage()
        scrubbed = message
        for secret in secrets:
            scrubbed = secret.scrub(scrubbed)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


_FILTER: Final = _RedactingFilter()
for _name in _GUARDED_LOGGERS:
    logging.getLogger(_name).addFilter(_FILTER)


def guard(secret: Secret) -> Secret:
    """Register a key with the logging filter; returns it for convenience."""
    _FILTER.watch(secret)
    return secret
