"""Keeping the API key out of everything the command line prints.

The client already keeps the key out of its messages; this is the last line of defence for text
the command line prints itself (a server that echoes headers back, a traceback under --debug, a
key pasted where an import id was expected). What counts as an occurrence of a key is decided in
one place, `pinecone_imports._secret.scrubber`: long keys anywhere, short ones only where they
stand alone, so that a tutorial key such as `x` cannot mangle `example.com`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from pinecone_imports._secret import scrub_document, scrubber

_KEY_OPTION: Final = "--api-key"


class Redactor:
    def __init__(self, secrets: Sequence[str] = ()) -> None:
        self._secrets: list[str] = []
        self._scrubbers: list[Callable[[str], str]] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret:
            return
        # A key read from a file often ends with a newline; the client strips it the same way.
        secret = secret.strip()
        if secret and secret not in self._secrets:
            self._secrets.append(secret)
            # Longest first, so that a key containing another key is replaced whole.
            self._secrets.sort(key=len, reverse=True)
            self._scrubbers = [scrubber(key) for key in self._secrets]

    def text(self, text: str) -> str:
        for scrub in self._scrubbers:
            text = scrub(text)
        return text

    def document(self, document: Any) -> Any:
        """`document` (JSON-serializable) with the key removed from every string in it."""
        return scrub_document(document, self.text)


class RedactingLogFilter(logging.Filter):
    """A handler filter that passes every record's final text through a Redactor."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._redact.text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def keys_in(args: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Every API key this invocation could use, read before the command line is parsed.

    Parsing may fail half-way; the key must be known anyway to keep it out of the error message.
    """
    found = [environ.get("PINECONE_API_KEY", ""), environ.get("PINECONE_LOCAL_API_KEY", "")]
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == _KEY_OPTION and index + 1 < len(args):
            found.append(args[index + 1])
        elif arg.startswith(_KEY_OPTION + "="):
            found.append(arg.partition("=")[2])
    return [key for key in found if key]
