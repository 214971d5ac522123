"""Running one command line: parse, dispatch, and turn every way of failing into an exit code.

Whatever happens, the user sees at most one line on stderr per failure (a traceback only with
--debug), with --json exactly one JSON document on stdout, and never the API key.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from typer._click.exceptions import UsageError
from typer.main import get_command

from pinecone_imports._cli._app import build_app
from pinecone_imports._cli._documents import json_text
from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import PROG, CliFailure, failure_for
from pinecone_imports._cli._session import Session


def _report_failure(session: Session, exc: BaseException) -> int:
    failure = failure_for(exc)
    # A CliFailure is a planned ending; its cause, if any, is what --debug is for. A command line
    # that does not parse is about what was typed: a traceback of the parser would not help.
    cause = exc.__cause__ if isinstance(exc, CliFailure) else exc
    if session.debug and cause is not None and not isinstance(cause, UsageError):
        sys.stderr.write(session.redact.text("".join(traceback.format_exception(cause))))
    if session.json_output:
        sys.stdout.write(json_text(session.redact.document(failure.document)) + "\n")
        sys.stdout.flush()
    sys.stderr.write(session.redact.text(failure.line).rstrip("\n") + "\n")
    sys.stderr.flush()
    return int(failure.exit_code)


def _reader_went_away() -> int:
    # stdout's reader closed the pipe (`... | head`). Point stdout at devnull so that the
    # interpreter's final flush does not fail a second time with a traceback.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return int(ExitCode.API_ERROR)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line given by `argv` (default: sys.argv[1:]) and return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    session = Session.for_arguments(args, os.environ)
    try:
        return _run_parsed(args, session)
    finally:
        session.close()


def _run_parsed(args: list[str], session: Session) -> int:
    command = get_command(build_app())
    try:
        outcome = command.main(args=args, prog_name=PROG, standalone_mode=False, obj=session)
    except BrokenPipeError:
        return _reader_went_away()
    except SystemExit as exc:
        # typer exits by itself when stdout's reader went away (after silencing stdout); a caller
        # of run() gets the status back instead of the exception.
        return exc.code if isinstance(exc.code, int) else int(ExitCode.API_ERROR)
    except (Exception, KeyboardInterrupt) as exc:
        return _report_failure(session, exc)
    if outcome == ExitCode.INTERRUPTED:
        # typer turns a Ctrl-C that no command handled into a bare exit status; say what happened.
        return _report_failure(session, KeyboardInterrupt())
    if isinstance(outcome, int) and not isinstance(outcome, bool):
        return outcome
    return int(ExitCode.OK)
