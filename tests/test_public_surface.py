"""The public surface is short and deliberate: this test pins it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pinecone_imports

EXPECTED_EXPORTS = {
    "DEFAULT_API_VERSION",
    "SUPPORTED_API_VERSIONS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncImportsClient",
    "AuthenticationError",
    "BadRequestError",
    "BulkImport",
    "ConflictError",
    "ImportDroppedRecordsError",
    "ImportOutcomeUnknownError",
    "ImportWaitTimeoutError",
    "ImportWriter",
    "ImportsClient",
    "ImportsPage",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "PineconeImportsError",
    "RateLimitError",
    "StartConnectionLostError",
    "StartServerError",
    "StartTimedOutError",
    "StartedImport",
    "UnexpectedResponseError",
    "UnsupportedApiVersionError",
    "ValidationResult",
    "__version__",
}
CLIENT_METHODS = {
    "start_import",
    "describe_import",
    "list_imports",
    "list_imports_paginated",
    "cancel_import",
    "wait_for_import",
    "with_options",
}


def test_exports_are_pinned() -> None:
    assert set(pinecone_imports.__all__) == EXPECTED_EXPORTS
    assert all(hasattr(pinecone_imports, name) for name in EXPECTED_EXPORTS)


def test_versions_oldest_to_newest_and_default_is_newest() -> None:
    assert pinecone_imports.SUPPORTED_API_VERSIONS == (
        "2024-10",
        "2025-01",
        "2025-04",
        "2025-10",
        "2026-04",
        "2026-07",
    )
    assert pinecone_imports.DEFAULT_API_VERSION == "2026-07"


def test_both_clients_offer_the_same_methods() -> None:
    for cls in (pinecone_imports.ImportsClient, pinecone_imports.AsyncImportsClient):
        public = {name for name in dir(cls) if not name.startswith("_")}
        assert public >= CLIENT_METHODS, cls


def test_version_matches_pyproject() -> None:
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert pinecone_imports.__version__ == pyproject["project"]["version"]


def test_error_tree() -> None:
    p = pinecone_imports
    assert issubclass(p.APITimeoutError, p.APIConnectionError)
    assert issubclass(p.APIConnectionError, p.PineconeImportsError)
    for cls in (
        p.BadRequestError,
        p.AuthenticationError,
        p.PermissionDeniedError,
        p.NotFoundError,
        p.ConflictError,
        p.RateLimitError,
        p.InternalServerError,
    ):
        assert issubclass(cls, p.APIStatusError) and issubclass(cls, p.PineconeImportsError)
    assert issubclass(p.InvalidRequestError, ValueError)
    assert issubclass(p.ImportWaitTimeoutError, p.PineconeImportsError)


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return {m for m in result.stdout.split() if m.startswith("pinecone_imports_generated.")}


def test_importing_and_constructing_loads_no_generated_version() -> None:
    loaded = _modules_after(
        "from pinecone_imports import ImportsClient\nImportsClient(host='http://127.0.0.1:1', api_key='k')"
    )
    assert loaded == set()


def test_using_one_version_loads_only_that_version() -> None:
    loaded = _modules_after(
        "from pinecone_imports.v2025_04 import ImportsClient\n"
        "from pinecone_imports._client._operations import binding_for\n"
        "binding_for('2025-04')"
    )
    assert loaded and all(m.startswith("pinecone_imports_generated.v2025_04") for m in loaded)
