"""One invocation's global options, and the client built from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from pinecone_imports._api._versions import DEFAULT_API_VERSION
from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import CliFailure
from pinecone_imports._cli._redaction import Redactor, keys_in

if TYPE_CHECKING:
    from pinecone_imports._cli._report import Reporter
    from pinecone_imports._client import ImportsClient


def _flag_given(args: Sequence[str], flag: str) -> bool:
    options = args[: args.index("--")] if "--" in args else args
    return flag in options


@dataclass
class Session:
    """Filled in by the root command from --host, --api-key, ... and read by every command."""

    host: str | None = None
    api_key: str | None = None
    api_version: str = DEFAULT_API_VERSION
    json_output: bool = False
    debug: bool = False
    redact: Redactor = field(default_factory=Redactor)
    _reporter: Reporter | None = field(default=None, repr=False)

    @classmethod
    def for_arguments(cls, args: Sequence[str], environ: Mapping[str, str]) -> Session:
        # --json and --debug are looked for before parsing too, so that a command line that
        # fails to parse still gets its error reported the way the caller asked for.
        return cls(
            json_output=_flag_given(args, "--json"),
            debug=_flag_given(args, "--debug"),
            redact=Redactor(keys_in(args, environ)),
        )

    def __repr__(self) -> str:
        return f"Session(host={self.host!r}, api_version={self.api_version!r}, json={self.json_output})"

    @property
    def report(self) -> Reporter:
        """Where commands print their results (created once the command's --json is known)."""
        if self._reporter is None:
            # Deferred: rich is needed only once a command has something to print.
            from pinecone_imports._cli._report import Reporter  # noqa: PLC0415

            self._reporter = Reporter(self.redact, json_output=self.json_output)
        return self._reporter

    def open_client(self) -> ImportsClient:
        if not self.host:
            raise CliFailure(
                "Error: no index host: pass --host or set PINECONE_HOST",
                ExitCode.USAGE_ERROR,
                kind="UsageError",
            )
        if not self.api_key:
            raise CliFailure(
                "Error: no API key: pass --api-key or set PINECONE_API_KEY",
                ExitCode.USAGE_ERROR,
                kind="UsageError",
            )
        # Deferred so that `--help` and usage errors never load the HTTP stack.
        from pinecone_imports._client import ImportsClient  # noqa: PLC0415

        return ImportsClient(self.host, self.api_key, self.api_version)


def session_for(ctx: typer.Context, json_flag: bool = False) -> Session:
    """The invocation's Session; `json_flag` is the command's own --json (it may follow the command)."""
    session = ctx.ensure_object(Session)
    if json_flag:
        session.json_output = True
    return session
