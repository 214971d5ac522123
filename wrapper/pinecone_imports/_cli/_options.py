"""Options and arguments that several commands share, declared once."""

from __future__ import annotations

from typing import Annotated, Final, Literal

import typer

DEFAULT_INTERVAL: Final = 5.0
# The library's default (pinecone_imports._waiting), repeated so that --help imports no client code.
DEFAULT_MAX_FAILED_POLLS: Final = 5


def _positive_seconds(value: float) -> float:
    if value <= 0:
        raise typer.BadParameter("must be more than 0 seconds")
    return value


JsonFlag = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print exactly one JSON document on stdout (also accepted before the command).",
    ),
]
DebugFlag = Annotated[
    bool,
    typer.Option(
        "--debug",
        help="On errors, also print the traceback (the API key stays hidden). "
        "Accepted before or after the command.",
    ),
]
VerboseFlag = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Log each request and answer on stderr: method, URL, status, time (the API key stays "
        "hidden). Accepted before or after the command.",
    ),
]
ErrorMode = Annotated[
    Literal["abort", "continue"] | None,
    typer.Option(
        "--error-mode",
        help="abort: stop at the first bad record; continue: skip bad records. "
        "Left out, the service decides.",
    ),
]
ImportId = Annotated[str, typer.Argument(metavar="ID", help="The import's id, as printed by start or list.")]
WaitTimeout = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0,
        metavar="S",
        show_default=False,
        help="Stop waiting after S seconds with exit code 5 (the import keeps running). "
        "Default: wait until it finishes.",
    ),
]
FailOnDroppedRecords = Annotated[
    bool,
    typer.Option(
        "--fail-on-dropped-records",
        help="Exit 7 when the import Completes but records failed validation and were dropped "
        "(errorMode continue). Needs API version 2026-07 or newer.",
    ),
]
PollInterval = Annotated[
    float,
    typer.Option(
        "--interval", metavar="S", callback=_positive_seconds, help="Seconds between status checks."
    ),
]
MaxFailedPolls = Annotated[
    int,
    typer.Option(
        "--max-failed-polls",
        min=0,
        metavar="N",
        help="Give up after N status checks in a row have failed (each already retried); 0 never gives up.",
    ),
]
