"""Saying which optional extra to install when a command needs a package that is missing."""

from __future__ import annotations

import importlib.util

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import CliFailure


def require(extra: str, *modules: str) -> None:
    """Raise a one-line usage failure naming `pip install 'pinecone-imports[extra]'` if any is missing."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise CliFailure(
            f"Error: this command needs {', '.join(missing)}, which is not installed; "
            f"install it with: pip install 'pinecone-imports[{extra}]'",
            ExitCode.USAGE_ERROR,
            kind="MissingDependency",
        )
