"""Client classes fixed to one API version, for the `pinecone_imports.vYYYY_MM` modules."""

from __future__ import annotations

import functools
from typing import Any

from pinecone_imports._async_client import AsyncImportsClient
from pinecone_imports._client import ImportsClient
from pinecone_imports._errors import InvalidRequestError
from pinecone_imports._versions import check_api_version


def _refuse_other_version(pinned: str, asked: str) -> None:
    if asked != pinned:
        raise InvalidRequestError(
            f"this client is pinned to API version {pinned}; for {asked} use "
            f"pinecone_imports.v{asked.replace('-', '_')} or ImportsClient(api_version={asked!r})"
        )


@functools.cache
def pinned_clients(version: str) -> tuple[type[ImportsClient], type[AsyncImportsClient]]:
    """(ImportsClient, AsyncImportsClient) subclasses whose api_version is always `version`."""
    check_api_version(version)
    suffix = version.replace("-", "_")

    class PinnedImportsClient(ImportsClient):
        def __init__(
            self,
            host: str | None = None,
            api_key: str | None = None,
            api_version: str = version,
            **options: Any,
        ) -> None:
            _refuse_other_version(version, api_version)
            super().__init__(host, api_key, version, **options)

    class PinnedAsyncImportsClient(AsyncImportsClient):
        def __init__(
            self,
            host: str | None = None,
            api_key: str | None = None,
            api_version: str = version,
            **options: Any,
        ) -> None:
            _refuse_other_version(version, api_version)
            super().__init__(host, api_key, version, **options)

    for cls, base in ((PinnedImportsClient, ImportsClient), (PinnedAsyncImportsClient, AsyncImportsClient)):
        cls.__name__ = base.__name__
        cls.__qualname__ = base.__name__
        cls.__module__ = f"pinecone_imports.v{suffix}"
        cls.__doc__ = f"{base.__name__} pinned to Pinecone API version {version}.\n\n{base.__doc__}"
    return PinnedImportsClient, PinnedAsyncImportsClient
