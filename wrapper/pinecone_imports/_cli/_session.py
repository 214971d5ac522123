"""One invocation's global options, and the client built from them."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import typer

from pinecone_imports._api._versions import DEFAULT_API_VERSION
from pinecone_imports._cli._failures import usage_failure
from pinecone_imports._cli._redaction import RedactingLogFilter, Redactor, keys_in

if TYPE_CHECKING:
    from pinecone_imports._cli._report import Reporter
    from pinecone_imports._client import ImportsClient


# The loggers --verbose shows: the client's (one record per request and answer on
# `pinecone_imports.http`, retries and failed polls on `pinecone_imports`).
_VERBOSE_LOGGER: Final = "pinecone_imports"
_VERBOSE_FORMAT: Final = "%(asctime)s %(name)s: %(message)s"


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
    verbose: bool = False
    allow_insecure_http: bool = False
    redact: Redactor = field(default_factory=Redactor)
    _reporter: Reporter | None = field(default=None, repr=False)
    _log_handler: logging.Handler | None = field(default=None, repr=False)

    @classmethod
    def for_arguments(cls, args: Sequence[str], environ: Mapping[str, str]) -> Session:
        # --json and --debug are looked for before parsing too, so that a command line that
        # fails to parse still gets its error reported the way the caller asked for.
        return cls(
            json_output=_flag_given(args, "--json"),
            debug=_flag_given(args, "--debug"),
            redact=Redactor(keys_in(args, environ)),
        )

    def apply_flags(self, *, debug: bool, verbose: bool) -> None:
        """Record --debug and --verbose, which may appear before or after the command."""
        self.debug = self.debug or debug
        if verbose and not self.verbose:
            self.verbose = True
            self._show_client_logs()

    def _show_client_logs(self) -> None:
        # The handler's own filters see every record it writes, whichever child logger made it:
        # the library's key filter (keys of live clients) and this invocation's Redactor.
        from pinecone_imports._secret import key_filter  # noqa: PLC0415

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_VERBOSE_FORMAT, datefmt="%H:%M:%S"))
        handler.addFilter(key_filter())
        handler.addFilter(RedactingLogFilter(self.redact))
        logger = logging.getLogger(_VERBOSE_LOGGER)
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        self._log_handler = handler

    def close(self) -> None:
        """Undo what the invocation changed in the process (a test may run many in one)."""
        if self._log_handler is not None:
            logger = logging.getLogger(_VERBOSE_LOGGER)
            logger.removeHandler(self._log_handler)
            logger.setLevel(logging.NOTSET)
            self._log_handler = None

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
            raise usage_failure("no index host: pass --host or set PINECONE_HOST")
        if not self.api_key:
            raise usage_failure("no API key: pass --api-key or set PINECONE_API_KEY")
        # Deferred so that `--help` and usage errors never load the HTTP stack.
        from pinecone_imports._client import ImportsClient  # noqa: PLC0415

        return ImportsClient(
            self.host, self.api_key, self.api_version, allow_insecure_http=self.allow_insecure_http
        )


def session_for(ctx: typer.Context, json_flag: bool = False) -> Session:
    """The invocation's Session; `json_flag` is the command's own --json (it may follow the command)."""
    session = ctx.ensure_object(Session)
    if json_flag:
        session.json_output = True
    return session
