"""Turning anything that ends a command early into an exit code, one line for stderr, and a JSON error.

Every failure path of the command line goes through `failure_for`, so the rules (one line, no
traceback, documented exit codes) hold for errors nobody anticipated too.
"""

from __future__ import annotations

from typing import Any

# typer vendors click and re-exports only some of its exceptions; UsageError and
# NoArgsIsHelpError are needed to tell bad command lines apart from failed requests.
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._hints import PROG, connection_hint, for_shell, status_hint
from pinecone_imports._errors import (
    APIConnectionError,
    APIStatusError,
    ImportOutcomeUnknownError,
    ImportWaitTimeoutError,
    InvalidRequestError,
    PineconeImportsError,
)

__all__ = ["PROG", "CliFailure", "error_document", "failure_for", "one_line"]


def one_line(text: str) -> str:
    return " ".join(text.split())


def error_document(kind: str, line: str, exit_code: ExitCode, **extra: Any) -> dict[str, Any]:
    """The JSON printed on stdout with --json when a command fails."""
    message = line.removeprefix("Error: ")
    fields: dict[str, Any] = {"type": kind, "message": message, "exitCode": int(exit_code)}
    fields.update({key: value for key, value in extra.items() if value is not None})
    return {"error": fields}


class CliFailure(Exception):
    """Ends a command with `exit_code` and `line` on stderr.

    With --json, stdout receives `document`: by default an error object whose type is `kind`; a
    command may pass something else, e.g. the final state of an import that Failed.
    """

    def __init__(
        self,
        line: str,
        exit_code: ExitCode,
        *,
        kind: str = "CommandError",
        document: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(line)
        self.line = line
        self.exit_code = exit_code
        self.document = document if document is not None else error_document(kind, line, exit_code)


def usage_failure(message: str) -> CliFailure:
    """A usage error (exit code 2): `message` says what is wrong and what to pass instead."""
    return CliFailure(f"Error: {message}", ExitCode.USAGE_ERROR, kind="UsageError")


def _usage_failure(exc: UsageError) -> CliFailure:
    where = f"{exc.ctx.command_path} --help" if exc.ctx is not None else f"{PROG} --help"
    # typer 0.29 converts values with pydantic, whose messages start with "Value error, ".
    message = exc.format_message().replace(": Value error, ", ": ")
    line = one_line(f"Error: {message} (see '{where}')")
    return CliFailure(line, ExitCode.USAGE_ERROR, kind="UsageError")


def library_failure(exc: PineconeImportsError, hint: str = "") -> CliFailure:
    extra: dict[str, Any] = {}
    line = one_line(f"Error: {for_shell(str(exc))}")
    code = ExitCode.API_ERROR
    if isinstance(exc, InvalidRequestError):
        code = ExitCode.USAGE_ERROR
    elif isinstance(exc, ImportWaitTimeoutError):
        code = ExitCode.WAIT_TIMEOUT
        extra["importId"] = exc.import_id
        extra["import"] = exc.last_seen.to_dict() if exc.last_seen is not None else None
    elif isinstance(exc, ImportOutcomeUnknownError):
        # Before APIStatusError: a start answered with a 5xx is both, and what matters is that
        # the import may exist (timeouts, lost connections and 5xx alike).
        sent = exc.sent_at.isoformat(timespec="seconds")
        if f"'{PROG} list'" not in line:  # the library's own note, translated, may say it already
            line += (
                f"; look for {exc.uri} among the imports created since {sent} with '{PROG} list' "
                "before starting it again"
            )
        extra.update(uri=exc.uri, sentAt=exc.sent_at.isoformat(), lookWith=f"{PROG} list")
        if isinstance(exc, APIStatusError):
            extra.update(statusCode=exc.status_code, code=exc.code, requestId=exc.request_id)
    elif isinstance(exc, APIStatusError):
        line += status_hint(exc)
        extra.update(statusCode=exc.status_code, code=exc.code, requestId=exc.request_id)
    elif isinstance(exc, APIConnectionError):
        line += connection_hint(exc)
    line += hint
    return CliFailure(line, code, document=error_document(type(exc).__name__, line, code, **extra))


def failure_for(exc: BaseException) -> CliFailure:
    """What to report for an exception that escaped a command."""
    if isinstance(exc, CliFailure):
        return exc
    if isinstance(exc, NoArgsIsHelpError):
        # The "message" is the whole help text: shown as is, it is the answer to a bare command.
        summary = f"Error: no command given (see '{PROG} --help')"
        document = error_document("UsageError", summary, ExitCode.USAGE_ERROR)
        return CliFailure(exc.format_message(), ExitCode.USAGE_ERROR, document=document)
    if isinstance(exc, UsageError):
        return _usage_failure(exc)
    if isinstance(exc, PineconeImportsError):
        return library_failure(exc)
    if isinstance(exc, KeyboardInterrupt):
        return CliFailure("Interrupted.", ExitCode.INTERRUPTED, kind="Interrupted")
    detail = one_line(str(exc))
    line = f"Error: unexpected {type(exc).__name__}{': ' + detail if detail else ''} (rerun with --debug)"
    return CliFailure(line, ExitCode.API_ERROR, kind=type(exc).__name__)
