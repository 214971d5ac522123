"""The `pinecone-imports` command tree: global options on the root, one module per command."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, Final

import typer

from pinecone_imports._about import __version__
from pinecone_imports._api._versions import DEFAULT_API_VERSION, SUPPORTED_API_VERSIONS
from pinecone_imports._cli._commands import COMMAND_MODULES
from pinecone_imports._cli._exit_codes import EXIT_CODES_HELP
from pinecone_imports._cli._failures import PROG
from pinecone_imports._cli._options import DebugFlag, JsonFlag, VerboseFlag
from pinecone_imports._cli._session import session_for

_HELP: Final = (
    "Start, follow and manage Pinecone bulk imports.\n\n"
    "The index host and API key come from --host and --api-key, or from PINECONE_HOST and "
    "PINECONE_API_KEY. Global options go before the command: "
    f"{PROG} --host HOST list. --json, --debug and --verbose may also follow the command.\n\n"
    f"Shell completion: {PROG} --install-completion (bash, zsh, fish or PowerShell)."
)
# "\b" keeps click from re-flowing the paragraph that follows it into one block.
_EPILOG: Final = (
    "With --json, stdout receives exactly one JSON document, also when the command fails "
    '(then {"error": {"type", "message", "exitCode", ...}}); imports are shown with the '
    "API's own camelCase field names. Errors are always one line on stderr.\n\n"
    "\b\n" + EXIT_CODES_HELP.replace(": ", ":\n  ", 1).replace("; ", "\n  ")
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__} (API versions {', '.join(SUPPORTED_API_VERSIONS)})")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    *,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            envvar="PINECONE_HOST",
            show_default=False,
            metavar="HOST",
            help="The index host, e.g. my-index-abc123.svc.pinecone.io (https is assumed; "
            "http:// only for a local server, or with --allow-insecure-http).",
        ),
    ] = None,
    allow_insecure_http: Annotated[
        bool,
        typer.Option(
            "--allow-insecure-http",
            envvar="PINECONE_ALLOW_INSECURE_HTTP",
            help="Accept an http:// host that is not on this machine (e.g. http://pinecone:5081 in "
            "docker compose); the API key then travels unencrypted.",
        ),
    ] = False,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar="PINECONE_API_KEY",
            show_default=False,
            metavar="KEY",
            help="Your Pinecone API key (prefer the environment variable: it stays out of shell history).",
        ),
    ] = None,
    api_version: Annotated[
        str,
        typer.Option(
            "--api-version",
            envvar="PINECONE_API_VERSION",
            metavar="VERSION",
            help=f"Pinecone API version: {', '.join(SUPPORTED_API_VERSIONS)}.",
        ),
    ] = DEFAULT_API_VERSION,
    json_output: JsonFlag = False,
    debug: DebugFlag = False,
    verbose: VerboseFlag = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit."),
    ] = False,
) -> None:
    session = session_for(ctx, json_output)
    session.host = host
    session.api_key = api_key
    session.redact.add(api_key)
    session.api_version = api_version
    session.allow_insecure_http = allow_insecure_http
    session.apply_flags(debug=debug, verbose=verbose)


def _with_trailing_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    """`command` with --debug and --verbose of its own, so they work after the command name too.

    Like --json, they are flags of the whole invocation: wherever they appear, they set the
    Session. Adding them here keeps every command module free of them."""
    signature = inspect.signature(command, eval_str=True)
    if "ctx" not in signature.parameters:
        raise TypeError(f"command {command.__name__} must take `ctx: typer.Context` (see _commands)")
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=False, annotation=annotation)
        for name, annotation in (("debug_flag", DebugFlag), ("verbose_flag", VerboseFlag))
    ]

    @functools.wraps(command)
    def with_flags(*args: Any, debug_flag: bool = False, verbose_flag: bool = False, **kwargs: Any) -> Any:
        session_for(kwargs["ctx"]).apply_flags(debug=debug_flag, verbose=verbose_flag)
        return command(*args, **kwargs)

    with_flags.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra]
    )
    return with_flags


def build_app() -> typer.Typer:
    app = typer.Typer(
        name=PROG,
        help=_HELP,
        epilog=_EPILOG,
        no_args_is_help=True,
        # typer's own --install-completion / --show-completion (bash, zsh, fish, PowerShell).
        add_completion=True,
        pretty_exceptions_enable=False,
        # Plain help: rich-formatted help would cost a tenth of a second of imports on every --help.
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for module in COMMAND_MODULES:
        module.register(app)
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = _with_trailing_flags(info.callback)
    return app
