"""Keeping the API key out of everything the command line prints.

The client already keeps the key out of its messages; this is the last line of defence for text
the command line prints itself (a server that echoes headers back, a traceback under --debug, a
key pasted where an import id was expected).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

REDACTED: Final = "<redacted>"
_KEY_OPTION: Final = "--api-key"


class Redactor:
    def __init__(self, secrets: Sequence[str] = ()) -> None:
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret and secret not in self._secrets:
            self._secrets.append(secret)
            # Longest first, so that a key containing another key is replaced whole.
            self._secrets.sort(key=len, reverse=True)

    def text(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def document(self, document: Any) -> Any:
        """`document` (JSON-serializable) with the key removed from every string in it."""
        serialized = json.dumps(document)
        cleaned = self.text(serialized)
        return document if cleaned == serialized else json.loads(cleaned)


def keys_in(args: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Every API key this invocation could use, read before the command line is parsed.

    Parsing may fail half-way; the key must be known anyway to keep it out of the error message.
    """
    found = [environ.get("PINECONE_API_KEY", "")]
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == _KEY_OPTION and index + 1 < len(args):
            found.append(args[index + 1])
        elif arg.startswith(_KEY_OPTION + "="):
            found.append(arg.partition("=")[2])
    return [key for key in found if key]
