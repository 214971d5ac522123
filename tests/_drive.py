"""Running one client call the same way with ImportsClient and AsyncImportsClient.

Fault tests describe a scenario once and check it for both clients: `call(kind, ...)` builds the
client of that kind, runs one operation (`list_all` drains the lazy listing) and closes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from pinecone_imports import AsyncImportsClient, ImportsClient

KINDS = ("sync", "async")
# The same clients sending through a caller-supplied httpx client instead of the one they make.
KINDS_WITH_HTTPX = (*KINDS, "sync-httpx", "async-httpx")
TEST_KEY = "pk-test-0123456789abcdef"


def _sync(client: ImportsClient, operation: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if operation == "list_all":
        return list(client.list_imports(**kwargs))
    return getattr(client, operation)(*args, **kwargs)


async def _async(
    client: AsyncImportsClient, operation: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    if operation == "list_all":
        return [item async for item in client.list_imports(**kwargs)]
    return await getattr(client, operation)(*args, **kwargs)


def call(
    kind: str,
    url: str,
    version: str,
    operation: str,
    *args: Any,
    api_key: str = TEST_KEY,
    max_retries: int = 2,
    client_timeout: float | httpx.Timeout = 5.0,
    **kwargs: Any,
) -> Any:
    options: dict[str, Any] = {"max_retries": max_retries, "timeout": client_timeout}
    if kind.startswith("sync"):
        own = httpx.Client() if kind == "sync-httpx" else None
        try:
            with ImportsClient(url, api_key, version, http_client=own, **options) as client:
                return _sync(client, operation, args, kwargs)
        finally:
            if own is not None:
                own.close()

    async def run() -> Any:
        own = httpx.AsyncClient() if kind == "async-httpx" else None
        try:
            async with AsyncImportsClient(url, api_key, version, http_client=own, **options) as client:
                return await _async(client, operation, args, kwargs)
        finally:
            if own is not None:
                await own.aclose()

    return asyncio.run(run())


class _OnRetry(logging.Handler):
    def __init__(self, action: Any) -> None:
        super().__init__(logging.INFO)
        self.action = action
        self.fired = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "retry" in record.getMessage():
            self.fired += 1
            if self.fired == 1:
                self.action()


@contextmanager
def on_first_retry(action: Any) -> Iterator[_OnRetry]:
    """Run `action` when the client announces its first retry, before it waits and retries.

    This makes 'refused, then accepted' deterministic: the server starts listening exactly
    between the first and the second attempt, whatever the machine's speed.
    """
    logger = logging.getLogger("pinecone_imports")
    handler = _OnRetry(action)
    previous = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
