"""The command line's exit codes, in one place so that help text, code and tests agree."""

from __future__ import annotations

from enum import IntEnum
from typing import Final


class ExitCode(IntEnum):
    OK = 0
    API_ERROR = 1
    USAGE_ERROR = 2
    IMPORT_FAILED = 3
    IMPORT_CANCELLED = 4
    WAIT_TIMEOUT = 5
    DATA_INVALID = 6
    RECORDS_DROPPED = 7
    INTERRUPTED = 130


# Shown at the end of `pinecone-imports --help`; scripts branch on these numbers.
EXIT_CODES_HELP: Final = (
    "Exit codes: "
    "0 success (for wait and start --wait: the import Completed); "
    "1 the service answered with an error, could not be reached, or something unexpected failed; "
    "2 usage error (bad arguments, missing host or API key, unsupported API version); "
    "3 the import Failed; "
    "4 the import was Cancelled; "
    "5 --timeout ran out while waiting (the import keeps running); "
    "6 validate found problems that would stop the import (prepare and load: a bad record, or data "
    "that would not import); "
    "7 with --fail-on-dropped-records: the import Completed but dropped records that failed validation; "
    "130 interrupted with Ctrl-C (the import keeps running)"
)


def exit_code_for_status(status: str | None) -> ExitCode:
    """The exit code of a wait that ended with `status`."""
    if status == "Failed":
        return ExitCode.IMPORT_FAILED
    if status == "Cancelled":
        return ExitCode.IMPORT_CANCELLED
    return ExitCode.OK
