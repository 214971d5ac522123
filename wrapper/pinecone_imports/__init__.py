"""pinecone-imports: run Pinecone bulk imports from Python, pinned to an API version.

    from pinecone_imports import ImportsClient

    with ImportsClient(host="my-index-abc123.svc.pinecone.io", api_key="...") as client:
        started = client.start_import("s3://my-bucket/vectors/", error_mode="continue")
        final = client.wait_for_import(started.id, on_progress=print)

`AsyncImportsClient` is the same with `await`; `pinecone_imports.v2025_10` (one module per
supported version) pins the version by import.
"""

# The clients (and with them httpx) load on first use, not on `import pinecone_imports`: the command
# line imports this package for every command, `--help` included, and only the commands that talk to
# an index need httpx. `from pinecone_imports import ImportsClient` still works, via __getattr__ (PEP 562).
from importlib import import_module
from typing import TYPE_CHECKING

from pinecone_imports._about import __version__

if TYPE_CHECKING:
    from pinecone_imports._api._versions import DEFAULT_API_VERSION, SUPPORTED_API_VERSIONS
    from pinecone_imports._client._async_client import AsyncImportsClient
    from pinecone_imports._client._models import BulkImport, ImportsPage, StartedImport
    from pinecone_imports._client._sync_client import ImportsClient
    from pinecone_imports._client._validation_result import ValidationResult
    from pinecone_imports._errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        ImportDroppedRecordsError,
        ImportOutcomeUnknownError,
        ImportWaitTimeoutError,
        InternalServerError,
        InvalidRequestError,
        NotFoundError,
        PermissionDeniedError,
        PineconeImportsError,
        RateLimitError,
        StartConnectionLostError,
        StartServerError,
        StartTimedOutError,
        UnexpectedResponseError,
        UnsupportedApiVersionError,
    )
    from pinecone_imports.writer import ImportWriter

# Where each lazily loaded name lives.
_HOMES: dict[str, str] = {
    "AsyncImportsClient": "pinecone_imports._client._async_client",
    "ImportsClient": "pinecone_imports._client._sync_client",
    "ImportWriter": "pinecone_imports.writer",
    **dict.fromkeys(
        (
            "APIConnectionError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "ConflictError",
            "ImportDroppedRecordsError",
            "ImportOutcomeUnknownError",
            "ImportWaitTimeoutError",
            "InternalServerError",
            "InvalidRequestError",
            "NotFoundError",
            "PermissionDeniedError",
            "PineconeImportsError",
            "RateLimitError",
            "StartConnectionLostError",
            "StartServerError",
            "StartTimedOutError",
            "UnexpectedResponseError",
            "UnsupportedApiVersionError",
        ),
        "pinecone_imports._errors",
    ),
    **dict.fromkeys(("BulkImport", "ImportsPage", "StartedImport"), "pinecone_imports._client._models"),
    "ValidationResult": "pinecone_imports._client._validation_result",
    **dict.fromkeys(("DEFAULT_API_VERSION", "SUPPORTED_API_VERSIONS"), "pinecone_imports._api._versions"),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    # Cached in the module, so each name costs the lookup once.
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
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
]
