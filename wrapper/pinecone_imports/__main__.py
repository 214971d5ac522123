"""The `pinecone-imports` console script, also run by `python -m pinecone_imports`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.util import find_spec
from typing import Final

# The usage-error exit code (ExitCode.USAGE_ERROR), repeated because the command line's own
# modules cannot be imported when this applies.
_MISSING_EXTRA_EXIT: Final = 2
_MISSING_EXTRA: Final = (
    "pinecone-imports: the command line needs typer and rich, which are not installed; "
    "install them with: pip install 'pinecone-imports[cli]'"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (the console script exits with it)."""
    if find_spec("typer") is None or find_spec("rich") is None:
        sys.stderr.write(_MISSING_EXTRA + "\n")
        return _MISSING_EXTRA_EXIT
    # Deferred until typer is known to be there, so its absence gets the message above.
    from pinecone_imports._cli._run import run  # noqa: PLC0415

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
