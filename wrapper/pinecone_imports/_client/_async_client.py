"""The asynchronous client, and the source of the synchronous one.

scripts/unasync generates `_sync_client.py` from this file by renaming tokens (see its docstring):
write every change here, run `scripts/unasync`, and ./scripts/test fails while the two differ.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from pinecone_imports._api._versions import DEFAULT_API_VERSION
from pinecone_imports._client._base import _KEEP, ClientCore
from pinecone_imports._client._config import DEFAULT_MAX_RETRIES
from pinecone_imports._client._deadline import Deadline
from pinecone_imports._client._http import (
    Answer,
    CappedBody,
    async_sleep,
    bind_async_deadlines,
    build_request,
    check_http2_available,
    check_http_client,
    http_client_options,
    log_exchange,
)
from pinecone_imports._client._input_checks import check_limit, check_pagination_token
from pinecone_imports._client._pagination import ListingCursor
from pinecone_imports._client._waiting import DEFAULT_MAX_FAILED_POLLS, DEFAULT_POLL_INTERVAL, WaitClock
from pinecone_imports._errors import PineconeImportsError

if TYPE_CHECKING:
    from pinecone_imports._client._exchange import PreparedRequest
    from pinecone_imports._client._models import BulkImport, ImportsPage, StartedImport


class AsyncImportsClient(ClientCore):
    """Start, list, describe, cancel and wait for Pinecone bulk imports.

    `host` and `api_key` default to the PINECONE_HOST and PINECONE_API_KEY environment variables;
    `api_version` is one of SUPPORTED_API_VERSIONS. Every request carries the key, the selected
    version and a User-Agent.

    Reads and cancels are retried up to `max_retries` times (default 2) after connection failures,
    timeouts and 408, 429, 500, 502, 503 or 504 answers, waiting as Retry-After says (at most 60 s)
    or else backing off exponentially with jitter; start requests only when the server certainly
    did not process them (see start_import). `timeout` is seconds or an httpx.Timeout (default 30 s,
    10 s to connect); it is also each attempt's overall deadline. Answers larger than 4 MiB are
    refused. Certificates are verified, redirects are never followed, and plain http:// is
    accepted only for loopback hosts unless `allow_insecure_http=True`. Errors are subclasses of
    PineconeImportsError; the API key never appears in their text, in reprs or in log records.

    Requests go through httpx: pass `http_client` to use your own httpx.AsyncClient (it is then
    yours to close), or `http2=True` (needs `pinecone-imports[http2]`).
    """

    def __init__(
        self,
        host: str | None = None,
        api_key: str | None = None,
        api_version: str = DEFAULT_API_VERSION,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        http2: bool = False,
        allow_insecure_http: bool = False,
    ) -> None:
        check_http_client(http_client, httpx.AsyncClient, type(self).__name__)
        super().__init__(
            host,
            api_key,
            api_version,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
        )
        self._http2 = check_http2_available(http2)
        self._http_cache = None if http_client is None else bind_async_deadlines(http_client)
        self._callers_http = http_client is not None
        self._owns_http = not self._callers_http

    def with_options(
        self,
        *,
        api_version: str = _KEEP,
        timeout: float | httpx.Timeout | None = _KEEP,
        max_retries: int = _KEEP,
    ) -> Self:
        """A copy with some options changed; it shares this client's connections (close this one last)."""
        copy = type(self)(**self._options(api_version, timeout, max_retries), http2=self._http2)
        copy._http_cache, copy._owns_http, copy._callers_http = self._http, False, self._callers_http
        return copy

    @property
    def _http(self) -> httpx.AsyncClient:
        # Made on first use: it loads the TLS trust store, which costs more than everything else a
        # constructor does (a command line that only prints its help never needs it).
        if self._http_cache is None:
            self._http_cache = bind_async_deadlines(
                httpx.AsyncClient(**http_client_options(http2=self._http2))
            )
        return self._http_cache

    # -- operations ---------------------------------------------------------------------------

    async def start_import(
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
        request = self._prepare_start(uri, integration_id, error_mode)
        return self._binding.parse_start(await self._send(request))

    async def describe_import(self, import_id: str) -> BulkImport:
        """The import's current state and progress."""
        return self._binding.parse_describe(await self._send(self._prepare_describe(import_id)))

    async def cancel_import(self, import_id: str) -> None:
        """Ask the service to stop an import that has not finished."""
        await self._send(self._prepare_cancel(import_id))

    async def describe_index_stats(self) -> dict[str, Any]:
        """The index's statistics as the service sends them (camelCase): `namespaces` maps each
        namespace to its `vectorCount`, beside `dimension` and `totalVectorCount`. Use it to check
        what an import wrote (`load` does)."""
        return self._binding.parse_index_stats(await self._send(self._binding.index_stats(self._config)))

    async def list_imports_paginated(
        self, *, limit: int | None = None, pagination_token: str | None = None
    ) -> ImportsPage:
        """One page of imports and the token for the next (None on the last page)."""
        return self._binding.parse_page(await self._send(self._prepare_list(limit, pagination_token)))

    def list_imports(
        self, *, limit: int | None = None, pagination_token: str | None = None
    ) -> AsyncIterator[BulkImport]:
        """Every import, fetched lazily page by page; `limit` is the page size (1 to 100)."""
        cursor = ListingCursor(check_limit(limit), check_pagination_token(pagination_token))
        return self._follow(cursor)

    async def _follow(self, cursor: ListingCursor) -> AsyncIterator[BulkImport]:
        while not cursor.finished:
            page = await self.list_imports_paginated(limit=cursor.limit, pagination_token=cursor.token)
            cursor.advance(page)
            for item in page.imports:
                yield item

    async def wait_for_import(
        self,
        import_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[BulkImport], object] | None = None,
        fail_on_dropped_records: bool = False,
        max_failed_polls: int | None = DEFAULT_MAX_FAILED_POLLS,
    ) -> BulkImport:
        """Poll until the import is Completed, Failed or Cancelled and return it.

        `on_progress` receives every observed state. Raises ImportWaitTimeoutError after `timeout`
        seconds (the import itself keeps running). A poll that still fails after its own retries
        with a connection error, a timeout or a 408, 429, 500, 502, 503 or 504 answer does not end
        the wait: polling goes on (with a warning logged) until `timeout`, or until
        `max_failed_polls` polls in a row have failed (None: never give up), when that error is
        raised, its message saying so. Any other error is raised at once. With
        `fail_on_dropped_records=True` (API 2026-07 on), an import that Completed but dropped records
        failing validation raises ImportDroppedRecordsError instead of being returned.
        """
        clock = WaitClock.create(
            import_id,
            timeout,
            poll_interval,
            max_failed_polls,
            fail_on_dropped_records=fail_on_dropped_records,
            api_version=self.api_version,
        )
        while True:
            try:
                observed = await self.describe_import(import_id)
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
            await async_sleep(delay)

    # -- plumbing -----------------------------------------------------------------------------

    async def _send(self, request: PreparedRequest) -> Answer:
        attempts = self._attempts(request)
        while True:
            attempts.starting()
            try:
                answer = await self._exchange(request)
            except httpx.RequestError as exc:
                delay = attempts.after_exception(exc)
            else:
                verdict = attempts.after_response(answer)
                if verdict is None:
                    return answer
                delay = verdict
            await async_sleep(delay)

    async def _exchange(self, request: PreparedRequest) -> Answer:
        """One attempt: send, read the body within the size cap and the deadline, log it."""
        deadline = Deadline(self._config.timeout)
        body = CappedBody(request.method, request.url)
        outgoing = build_request(request, deadline, self._http if self._callers_http else None)
        started = time.perf_counter()
        try:
            with deadline.async_scope(outgoing):
                # follow_redirects=False also when a caller's client follows them: the key stays here.
                response = await self._http.send(outgoing, stream=True, follow_redirects=False)
                try:
                    body.start(response)
                    async for chunk in response.aiter_raw():
                        body.add(chunk, outgoing)
                        deadline.check(outgoing)
                finally:
                    await response.aclose()
        except BaseException as exc:
            log_exchange(outgoing, exc, started)
            raise
        log_exchange(outgoing, response.status_code, started)
        return Answer(
            response.status_code,
            response.headers,
            body.content(),
            request.method,
            request.url,
            request.headers,
        )

    async def aclose(self) -> None:
        """Release connections (a client passed in as `http_client` is left open)."""
        if self._owns_http and self._http_cache is not None:
            await self._http_cache.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
