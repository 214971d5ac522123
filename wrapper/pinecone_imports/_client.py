"""The synchronous client."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Self

import httpx

from pinecone_imports._api._versions import DEFAULT_API_VERSION
from pinecone_imports._client_core import _KEEP, ClientCore
from pinecone_imports._config import DEFAULT_MAX_RETRIES
from pinecone_imports._errors import PineconeImportsError
from pinecone_imports._input_checks import check_limit, check_pagination_token
from pinecone_imports._models import BulkImport, ImportsPage, StartedImport
from pinecone_imports._pagination import ListingCursor
from pinecone_imports._waiting import DEFAULT_MAX_FAILED_POLLS, DEFAULT_POLL_INTERVAL, WaitClock

if TYPE_CHECKING:
    from pinecone_imports._answer import Answer
    from pinecone_imports._exchange import PreparedRequest
    from pinecone_imports._sync_transport import SyncTransport


class ImportsClient(ClientCore):
    """Start, list, describe, cancel and wait for Pinecone bulk imports.

    `host` and `api_key` default to the PINECONE_HOST and PINECONE_API_KEY environment variables;
    `api_version` is one of SUPPORTED_API_VERSIONS. Every request carries the key, the selected
    version and a User-Agent.

    Reads and cancels are retried up to `max_retries` times (default 2) after connection failures,
    timeouts and 408, 429, 500, 502, 503 or 504 answers, waiting as Retry-After says (at most 60 s)
    or else backing off exponentially with jitter; start requests only when the server certainly
    did not process them (see start_import). `timeout` is seconds or an httpx.Timeout (default 30 s,
    10 s to connect). Certificates are verified, redirects are never followed, and plain http:// is
    accepted only for loopback hosts unless `allow_insecure_http=True`. Errors are subclasses of
    PineconeImportsError; the API key never appears in their text, in reprs or in log records.
    Pass `http_client` to reuse your own httpx.Client (it is then yours to close).
    """

    def __init__(
        self,
        host: str | None = None,
        api_key: str | None = None,
        api_version: str = DEFAULT_API_VERSION,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        super().__init__(
            host,
            api_key,
            api_version,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
        )
        self._http_client = http_client
        self._transport_cache: SyncTransport | None = None
        self._owns_transport = True

    def with_options(
        self,
        *,
        api_version: str = _KEEP,
        timeout: float | httpx.Timeout | None = _KEEP,
        max_retries: int = _KEEP,
    ) -> Self:
        """A copy with some options changed; it shares this client's connections (close this one last)."""
        copy = type(self)(**self._options(api_version, timeout, max_retries))
        copy._transport_cache, copy._owns_transport = self._transport, False
        return copy

    @property
    def _transport(self) -> SyncTransport:
        # Made on first use, like the generated code (see ClientCore._binding). Without an
        # http_client, requests go through a small keep-alive pool on http.client, which costs
        # about a third of httpx.Client's time per call (see _connection_pool and bench/).
        if self._transport_cache is None:
            from pinecone_imports._sync_transport import HttpxTransport, default_transport  # noqa: PLC0415

            self._transport_cache = (
                HttpxTransport(self._http_client, owned=False)
                if self._http_client is not None
                else default_transport(self._config.base_url)
            )
        return self._transport_cache

    # -- operations ---------------------------------------------------------------------------

    def start_import(
        self, uri: str, *, integration_id: str | None = None, error_mode: str | None = None
    ) -> StartedImport:
        """Start importing from `uri` (a storage directory); returns at once with the import id.

        `error_mode` is 'abort' or 'continue'; when left out, nothing is sent and the service
        decides. Every start request the server processes creates an import, so one is retried
        only when the server certainly did not process it: the connection could not be opened,
        or the answer was 429. When the answer is lost (timeout, broken connection) or is a 5xx,
        ImportOutcomeUnknownError is raised carrying `uri` and `sent_at`: look for the import in
        list_imports() before starting it again.
        """
        return self._binding.parse_start(self._send(self._prepare_start(uri, integration_id, error_mode)))

    def describe_import(self, import_id: str) -> BulkImport:
        """The import's current state and progress."""
        return self._binding.parse_describe(self._send(self._prepare_describe(import_id)))

    def cancel_import(self, import_id: str) -> None:
        """Ask the service to stop an import that has not finished."""
        self._send(self._prepare_cancel(import_id))

    def list_imports_paginated(
        self, *, limit: int | None = None, pagination_token: str | None = None
    ) -> ImportsPage:
        """One page of imports and the token for the next (None on the last page)."""
        return self._binding.parse_page(self._send(self._prepare_list(limit, pagination_token)))

    def list_imports(
        self, *, limit: int | None = None, pagination_token: str | None = None
    ) -> Iterator[BulkImport]:
        """Every import, fetched lazily page by page; `limit` is the page size (1 to 100)."""
        cursor = ListingCursor(check_limit(limit), check_pagination_token(pagination_token))
        return self._follow(cursor)

    def _follow(self, cursor: ListingCursor) -> Iterator[BulkImport]:
        while not cursor.finished:
            page = self.list_imports_paginated(limit=cursor.limit, pagination_token=cursor.token)
            cursor.advance(page)
            yield from page.imports

    def wait_for_import(
        self,
        import_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[BulkImport], object] | None = None,
        max_failed_polls: int | None = DEFAULT_MAX_FAILED_POLLS,
    ) -> BulkImport:
        """Poll until the import is Completed, Failed or Cancelled and return it.

        `on_progress` receives every observed state. Raises ImportWaitTimeoutError after `timeout`
        seconds (the import itself keeps running). A poll that still fails after its own retries
        with a connection error, a timeout or a 408, 429, 500, 502, 503 or 504 answer does not end
        the wait: polling goes on (with a warning logged) until `timeout`, or until
        `max_failed_polls` polls in a row have failed (None: never give up), when that error is
        raised, its message saying so. Any other error is raised at once.
        """
        clock = WaitClock.create(import_id, timeout, poll_interval, max_failed_polls)
        while True:
            try:
                observed = self.describe_import(import_id)
            except PineconeImportsError as exc:
                retry_in = clock.after_failed_poll(exc)
                if retry_in is None:
                    raise
                delay = retry_in
            else:
                if on_progress is not None:
                    on_progress(observed)
                next_poll = clock.next_sleep(observed)
                if next_poll is None:
                    return observed
                delay = next_poll
            time.sleep(delay)

    # -- plumbing -----------------------------------------------------------------------------

    def _send(self, request: PreparedRequest) -> Answer:
        attempts = self._attempts(request)
        while True:
            attempts.starting()
            try:
                response = self._transport.send(request, self._config.timeout)
            except httpx.RequestError as exc:
                delay = attempts.after_exception(exc)
            else:
                verdict = attempts.after_response(response)
                if verdict is None:
                    return response
                delay = verdict
            time.sleep(delay)

    def close(self) -> None:
        """Release connections (a client passed in as `http_client` is left open)."""
        if self._owns_transport and self._transport_cache is not None:
            self._transport_cache.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
