"""Where the command line's output goes: JSON and human text on stdout, notes on stderr.

Human output goes through rich, which colours it only on a terminal and honours NO_COLOR;
JSON is written as plain text, never styled or wrapped.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Final, TextIO

from rich.console import Console, RenderableType
from rich.text import Text

from pinecone_imports._cli._documents import json_text
from pinecone_imports._cli._redaction import Redactor

# rich folds lines at 80 columns when it cannot ask a terminal; in pipes and logs one table row
# per line is more useful (COLUMNS still wins when set).
_PIPE_WIDTH: Final = 200


def _console(stream: TextIO) -> Console:
    console = Console(file=stream, markup=False, highlight=False, emoji=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = _PIPE_WIDTH
    return console


class Output:
    def __init__(self, redact: Redactor) -> None:
        self.redact = redact
        self.stdout = _console(sys.stdout)
        self.stderr = _console(sys.stderr)

    def document(self, document: Any) -> None:
        """Print the command's one JSON document."""
        self.stdout.file.write(json_text(self.redact.document(document)) + "\n")
        self.stdout.file.flush()

    def show(self, renderable: RenderableType) -> None:
        """Print a table or other rich renderable for a human (its text is already redacted)."""
        self.stdout.print(renderable)

    def line(self, text: str, style: str | None = None) -> None:
        """One line of human output on stdout."""
        self.stdout.print(Text(self.redact.text(text), style=style or ""), soft_wrap=True)

    def note(self, text: str) -> None:
        """One line for a human on stderr (progress, hints)."""
        self.stderr.print(Text(self.redact.text(text)), soft_wrap=True)
