"""The commands of `pinecone-imports`, one module each.

A command module has a `register(app)` function that adds its command(s) to the typer app, and
is listed in COMMAND_MODULES (in the order `--help` shows them). To add a command such as
`validate`, `serve` or `demo`: write `_validate.py` beside these, list it below, and follow the
same rules as the existing ones:

- keep the module's top level light (typer and pinecone_imports._cli helpers only): every command
  module is imported for `--help`; import the client, rich or anything heavy inside the function;
- get the global options with `session_for(ctx, json_flag)` and a client with
  `session.open_client()` (it checks host and key with the command line's own wording);
- print through `session.report` (add a method to Reporter for a new kind of result); with
  --json a command prints exactly one `output.document(...)` on stdout;
- end unsuccessfully by raising `CliFailure(line, ExitCode...)`; any other exception is turned
  into one line and exit code 1 (2 for usage mistakes) by the runner, never a traceback.
"""

from __future__ import annotations

from typing import Final, Protocol

import typer

from pinecone_imports._cli._commands import (
    _cancel,
    _demo,
    _describe,
    _list,
    _load,
    _prepare,
    _serve,
    _start,
    _validate,
    _wait,
)


class CommandModule(Protocol):
    def register(self, app: typer.Typer) -> None: ...


COMMAND_MODULES: Final[tuple[CommandModule, ...]] = (
    _start,
    _wait,
    _list,
    _describe,
    _cancel,
    _validate,
    _prepare,
    _load,
    _serve,
    _demo,
)
