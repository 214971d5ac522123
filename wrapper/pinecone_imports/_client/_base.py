"""What the sync and async clients have in common: settings, input checks, request building."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pinecone_imports._api._versions import DEFAULT_API_VERSION
from pinecone_imports._client._config import DEFAULT_MAX_RETRIES, is_loopback_host, resolve_config
from pinecone_imports._client._input_checks import (
    check_error_mode,
    check_import_id,
    check_integration_id,
    check_limit,
    check_pagination_token,
    check_uri,
)

if TYPE_CHECKING:
    import httpx

    from pinecone_imports._client._exchange import Attempts, PreparedRequest
    from pinecone_imports._client._operations import VersionBinding

_KEEP: Any = object()


class ClientCore:
    """Settings and request preparation; subclasses add the I/O."""

    def __init__(
        self,
        host: str | None = None,
        api_key: str | None = None,
        api_version: str = DEFAULT_API_VERSION,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        allow_insecure_http: bool = False,
    ) -> None:
        self._config = resolve_config(
            host=host,
            api_key=api_key,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
        )
        self._binding_cache: VersionBinding | None = None
        # file:// URIs are accepted only by a local server; the host never changes, so decide once.
        self._local_server = is_loopback_host(urlsplit(self._config.base_url).hostname or "")

    @property
    def host(self) -> str:
        """Base URL every request goes to."""
        return self._config.base_url

    @property
    def api_version(self) -> str:
        return self._config.api_version

    @property
    def max_retries(self) -> int:
        return self._config.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        return self._config.timeout

    @property
    def _binding(self) -> VersionBinding:
        # Loaded on first use: constructing a client imports no generated code, nor the code that
        # sends and reads requests (a command line that only prints its help needs neither; see the
        # cold start in bench/), and using one version never loads another.
        if self._binding_cache is None:
            from pinecone_imports._client._operations import binding_for  # noqa: PLC0415

            self._binding_cache = binding_for(self._config.api_version)
        return self._binding_cache

    def _attempts(self, request: PreparedRequest) -> Attempts:
        from pinecone_imports._client._exchange import Attempts  # noqa: PLC0415  (see _binding)

        return Attempts(request=request, max_retries=self._config.max_retries, secret=self._config.api_key)

    def _talks_to_local_server(self) -> bool:
        return self._local_server

    def _prepare_start(self, uri: str, integration_id: str | None, error_mode: str | None) -> PreparedRequest:
        return self._binding.start(
            self._config,
            uri=check_uri(uri, api_version=self.api_version, local_server=self._talks_to_local_server()),
            integration_id=check_integration_id(integration_id),
            error_mode=check_error_mode(error_mode),
        )

    def _prepare_list(self, limit: int | None, pagination_token: str | None) -> PreparedRequest:
        return self._binding.list(
            self._config, limit=check_limit(limit), pagination_token=check_pagination_token(pagination_token)
        )

    def _prepare_describe(self, import_id: str) -> PreparedRequest:
        return self._binding.describe(self._config, check_import_id(import_id))

    def _prepare_cancel(self, import_id: str) -> PreparedRequest:
        return self._binding.cancel(self._config, check_import_id(import_id))

    def _options(
        self, api_version: str, timeout: float | httpx.Timeout | None, max_retries: int
    ) -> dict[str, Any]:
        """Constructor arguments for a copy with some options replaced (`_KEEP` keeps one)."""
        return {
            "host": self._config.base_url,
            "api_key": self._config.api_key.reveal(),
            "api_version": self.api_version if api_version is _KEEP else api_version,
            "timeout": self.timeout if timeout is _KEEP else timeout,
            "max_retries": self.max_retries if max_retries is _KEEP else max_retries,
            "allow_insecure_http": self._config.allow_insecure_http,
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self.host!r}, api_version={self.api_version!r})"
