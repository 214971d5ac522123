"""Keeping the API key out of reprs, messages and log records."""

from __future__ import annotations

import logging
import re
import traceback
import weakref
from collections.abc import Callable
from typing import Any, Final

_REDACTED: Final = "<redacted>"
# A key this long cannot turn up inside other text by chance, so every occurrence is replaced.
# A shorter one (`x`, `test`: tutorial keys, local servers) would also match inside words, numbers
# and URLs (`http://e<redacted>ample.com`), so it is replaced only where it stands alone.
MIN_ANYWHERE_LENGTH: Final = 8
# What may sit right before or after a short key for it to count as standing alone.
_STANDALONE_EDGE: Final = r"""\s"'`=,;()\[\]{}<>"""


def scrubber(value: str) -> Callable[[str], str]:
    """A function that replaces exact occurrences of the key `value` in a text, and nothing else."""
    if not value:
        return lambda text: text
    if len(value) >= MIN_ANYWHERE_LENGTH:
        return lambda text: text.replace(value, _REDACTED)
    alone = re.compile(rf"(?<![^{_STANDALONE_EDGE}]){re.escape(value)}(?![^{_STANDALONE_EDGE}])")
    return lambda text: alone.sub(_REDACTED, text)


def scrub_document(document: Any, scrub: Callable[[str], str]) -> Any:
    """A copy of a JSON-ready value with `scrub` applied to every string value in it.

    Walking the structure (rather than editing its serialised text) keeps the result valid JSON
    whatever the key looks like. Object keys are field names, not data, and are left alone, so a
    short API key such as `message` cannot rename a field."""
    if isinstance(document, str):
        return scrub(document)
    if isinstance(document, dict):
        return {key: scrub_document(item, scrub) for key, item in document.items()}
    if isinstance(document, list | tuple):
        return [scrub_document(item, scrub) for item in document]
    return document


# Loggers whose records could carry request or response details: ours, httpx, httpcore (which
# logs response headers at DEBUG) and hpack (which logs header blocks over HTTP/2). A filter on a
# logger only sees records created by that very logger, not its children's, so every existing
# logger under these names is guarded, again each time a key is registered.
_GUARDED_PREFIXES: Final = ("pinecone_imports", "httpx", "httpcore", "hpack", "h2", "h11")


class Secret:
    """A string that refuses to show itself; call `reveal()` at the one place it is sent."""

    __slots__ = ("__scrub", "__value", "__weakref__")

    def __init__(self, value: str) -> None:
        self.__value = value
        self.__scrub = scrubber(value)

    def reveal(self) -> str:
        return self.__value

    def scrub(self, text: str) -> str:
        """`text` with every exact occurrence of the secret replaced (see MIN_ANYWHERE_LENGTH)."""
        return self.__scrub(text)

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

    def _scrub(self, text: str) -> str:
        for secret in list(self._secrets):
            text = secret.scrub(text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's to report, not ours
            return True
        scrubbed = self._scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            # Formatters reuse `exc_text` when it is set, so a scrubbed copy replaces the traceback.
            record.exc_text = self._scrub("".join(traceback.format_exception(*record.exc_info)).rstrip())
        elif record.exc_text:
            record.exc_text = self._scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self._scrub(record.stack_info)
        return True


_FILTER: Final = _RedactingFilter()


def _guard_loggers() -> None:
    # list() copies the names in one step, so loggers created meanwhile cannot break the loop.
    for name in [*list(logging.root.manager.loggerDict), *_GUARDED_PREFIXES]:
        if name.split(".", 1)[0] in _GUARDED_PREFIXES:
            logging.getLogger(name).addFilter(_FILTER)  # adding the same filter twice is a no-op


_guard_loggers()


def key_filter() -> logging.Filter:
    """The filter that hides every live client's key; for handlers that show our log records."""
    return _FILTER


def guard(secret: Secret) -> Secret:
    """Register a key with the logging filter; returns it for convenience."""
    _FILTER.watch(secret)
    _guard_loggers()
    return secret


def guard_httpx_loggers() -> None:
    """Guard the loggers of httpx's transport stack; called whenever requests will go through httpx.

    httpcore (with h2 and hpack under it) creates its loggers when it is imported, which httpx does
    only when it builds its first transport. Importing it costs ~25 ms, which a command that only
    prints its help should not pay, so it is imported here, when a client makes or is given its
    httpx client, before the first request can log anything."""
    import httpcore  # noqa: F401, PLC0415

    _guard_loggers()
