"""pinecone-imports: run Pinecone bulk imports from Python, pinned to an API version.

    from pinecone_imports import ImportsClient

    with ImportsClient(host="my-index-abc123.svc.pinecone.io", api_key="...") as client:
        started = client.start_import("s3://my-bucket/vectors/", error_mode="continue")
        final = client.wait_for_import(started.id, on_progress=print)

`AsyncImportsClient` is the same with `await`; `pinecone_imports.v2025_10` (one module per
supported version) pins the version by import.
"""

from pinecone_imports._about import __version__
from pinecone_imports._async_client import AsyncImportsClient
from pinecone_imports._client import ImportsClient
from pinecone_imports._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
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
from pinecone_imports._models import BulkImport, ImportsPage, StartedImport
from pinecone_imports._versions import DEFAULT_API_VERSION, SUPPORTED_API_VERSIONS

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
    "ImportOutcomeUnknownError",
    "ImportWaitTimeoutError",
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
    "__version__",
]
