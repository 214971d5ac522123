"""The client: everything between a method call and the bytes httpx sends.

Where a change goes:

- `_async_client.py`   the client, written once; `_sync_client.py` is generated from it by
                       `scripts/unasync` (never edit the sync file by hand; ./scripts/test checks it).
- `_base.py`           what both clients share: settings, input checks, request building.
- `_config.py`         resolving host, key, version, timeout and retries from arguments and environment.
- `_http.py`           the httpx clients we make, and the caps httpx does not give: answer size and
                       an overall deadline per attempt; the DEBUG log of every exchange.
- `_deadline.py`       each attempt's overall deadline; `_deadline_backend.py` applies it to the sync
                       client's connections.
- `_exchange.py`       one call's attempts: retry or not, and which error the caller sees.
- `_retry.py`          the retry policy (pure functions).
- `_error_mapping.py`  a non-2xx answer, whatever its body, to the matching exception.
- `_operations.py`     one API version's generated request builders and models, read tolerantly.
- `_models.py`         the version-independent views the clients return (BulkImport, ...);
                       `_validation_result.py` how many records passed and failed validation.
- `_pagination.py`     the pager; `_waiting.py` the wait loop's decisions.
- `_input_checks.py`   caller input checked against the spec's rules (`pinecone_imports._api`).
- `_pinned.py`         client classes fixed to one API version (the `pinecone_imports.vYYYY_MM` modules).
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pinecone_imports._client._async_client import AsyncImportsClient
    from pinecone_imports._client._sync_client import ImportsClient

__all__ = ["AsyncImportsClient", "ImportsClient"]


def __getattr__(name: str) -> object:
    # Each client loads on first use of its name: a sync caller never loads the async client.
    homes = {"ImportsClient": "_sync_client", "AsyncImportsClient": "_async_client"}
    if name not in homes:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{homes[name]}"), name)
