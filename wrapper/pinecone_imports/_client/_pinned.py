"""Client classes fixed to one API version, for the `pinecone_imports.vYYYY_MM` modules."""

from __future__ import annotations

import functools
from typing import Any, TypeVar, cast

from pinecone_imports._api._versions import SUPPORTED_API_VERSIONS, check_api_version, pinned_module
from pinecone_imports._client._async_client import AsyncImportsClient
from pinecone_imports._client._sync_client import ImportsClient
from pinecone_imports._errors import InvalidRequestError


def _refuse_other_version(pinned: str, asked: str) -> None:
    if asked != pinned:
        # An unsupported version has no module of its own; its name still shows the usual form.
        module = (
            pinned_module(asked)
            if asked in SUPPORTED_API_VERSIONS
            else f"pinecone_imports.v{asked.replace('-', '_')}"
        )
        raise InvalidRequestError(
            f"this client is pinned to API version {pinned}; for {asked} use "
            f"{module} or ImportsClient(api_version={asked!r})"
        )


_Client = TypeVar("_Client", ImportsClient, AsyncImportsClient)


def _pin(base: type[_Client], version: str) -> type[_Client]:
    """A subclass of `base` (named like it) whose api_version is always `version`."""

    def __init__(
        self: _Client,
        host: str | None = None,
        api_key: str | None = None,
        api_version: str = version,
        **options: Any,
    ) -> None:
        _refuse_other_version(version, api_version)
        base.__init__(self, host, api_key, version, **options)

    namespace = {
        "__init__": __init__,
        "__module__": pinned_module(version),
        "__qualname__": base.__name__,
        "__doc__": f"{base.__name__} pinned to Pinecone API version {version}.\n\n{base.__doc__}",
    }
    return cast("type[_Client]", type(base.__name__, (base,), namespace))


@functools.cache
def pinned_clients(version: str) -> tuple[type[ImportsClient], type[AsyncImportsClient]]:
    """(ImportsClient, AsyncImportsClient) subclasses whose api_version is always `version`."""
    check_api_version(version)
    return _pin(ImportsClient, version), _pin(AsyncImportsClient, version)
