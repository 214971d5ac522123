"""Running one block of calls of one client and timing every call.

A block is a run of consecutive calls of one operation by one client. The suite alternates
blocks of all clients, so a burst of machine noise lands on several clients rather than on all
the calls of one.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bench._clients import AsyncCalls, SyncCalls

OPERATIONS = ("describe", "start", "cancel", "list")


@dataclass
class Block:
    samples_ns: list[int]  # one latency per call
    wall_ns: int  # the whole block, start to finish


class BlockRunner(Protocol):
    name: str

    def run(self, operation: str, calls: int, ids: list[str], expected_listed: int) -> Block: ...

    def close(self) -> None: ...


class SyncRunner:
    """Calls one after another on the calling thread."""

    def __init__(self, name: str, calls: SyncCalls) -> None:
        self.name = name
        self._calls = calls
        self._started: deque[str] = deque()

    def _one(self, operation: str, import_id: str, expected_listed: int) -> None:
        if operation == "describe":
            self._calls.describe(import_id)
        elif operation == "start":
            self._started.append(self._calls.start())
        elif operation == "cancel":
            self._calls.cancel(self._started.popleft())
        else:
            listed = self._calls.list_all()
            if listed != expected_listed:
                raise RuntimeError(f"{self.name} listed {listed} imports, not {expected_listed}")

    def run(self, operation: str, calls: int, ids: list[str], expected_listed: int) -> Block:
        while operation == "cancel" and len(self._started) < calls:
            self._started.append(self._calls.start())  # untimed: something to cancel
        samples = []
        clock = time.perf_counter_ns
        began = clock()
        for n in range(calls):
            before = clock()
            self._one(operation, ids[n % len(ids)], expected_listed)
            samples.append(clock() - before)
        return Block(samples, clock() - began)

    def close(self) -> None:
        self._calls.close()


class AsyncRunner:
    """Coroutine calls on one long-lived event loop, `concurrency` of them in flight at a time."""

    def __init__(self, name: str, make_calls: Callable[[], AsyncCalls], concurrency: int) -> None:
        self.name = name
        self._loop = asyncio.new_event_loop()
        # The client must be created inside the loop it will be used from.
        self._calls = self._loop.run_until_complete(_in_loop(make_calls))
        self._concurrency = concurrency
        self._started: deque[str] = deque()

    async def _one(self, operation: str, import_id: str, expected_listed: int) -> None:
        if operation == "describe":
            await self._calls.describe(import_id)
        elif operation == "start":
            self._started.append(await self._calls.start())
        elif operation == "cancel":
            await self._calls.cancel(self._started.popleft())
        else:
            listed = await self._calls.list_all()
            if listed != expected_listed:
                raise RuntimeError(f"{self.name} listed {listed} imports, not {expected_listed}")

    async def _block(self, operation: str, calls: int, ids: list[str], expected_listed: int) -> Block:
        while operation == "cancel" and len(self._started) < calls:
            self._started.append(await self._calls.start())
        samples: list[int] = []
        pending = iter(range(calls))
        clock = time.perf_counter_ns

        async def worker() -> None:
            for n in pending:
                before = clock()
                await self._one(operation, ids[n % len(ids)], expected_listed)
                samples.append(clock() - before)

        began = clock()
        await asyncio.gather(*(worker() for _ in range(min(self._concurrency, calls))))
        return Block(samples, clock() - began)

    def run(self, operation: str, calls: int, ids: list[str], expected_listed: int) -> Block:
        return self._loop.run_until_complete(self._block(operation, calls, ids, expected_listed))

    def close(self) -> None:
        self._loop.run_until_complete(self._calls.close())
        self._loop.close()


async def _in_loop(make_calls: Callable[[], AsyncCalls]) -> AsyncCalls:
    return make_calls()
