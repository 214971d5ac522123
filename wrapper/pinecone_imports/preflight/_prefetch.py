"""Reads ahead of the consumer on a background thread, with a small bounded queue.

Decoding Parquet (pyarrow) and checking records (pyarrow kernels, SQLite) both release the GIL, so on
two cores reading batch n+1 while checking batch n nearly hides the read time. The queue holds at most
`depth` batches, which keeps memory flat."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_POLL_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


class _Done:
    pass


_DONE = _Done()


class _Producer(Generic[T]):
    def __init__(self, source: Iterator[T], depth: int) -> None:
        self.items: queue.Queue[T | _Failed | _Done] = queue.Queue(maxsize=depth)
        self.stop = threading.Event()
        self._source = source
        self.thread = threading.Thread(target=self._run, name="parquet-prefetch", daemon=True)

    def _run(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            self._put(_Failed(exc))
            return
        finally:
            # A generator abandoned mid-way is closed here, on the thread that ran it, so its own
            # cleanup (closing files) runs now rather than whenever it is garbage collected.
            close = getattr(self._source, "close", None)
            if close is not None:
                close()
        self._put(_DONE)

    def _put(self, item: T | _Failed | _Done) -> bool:
        while not self.stop.is_set():
            try:
                self.items.put(item, timeout=_POLL_SECONDS)
            except queue.Full:
                continue
            return True
        return False


class Prefetched(Iterator[T]):
    """What `prefetch` returns: the items in order, and `close()` to stop the thread early.

    The thread starts when this is made, not on the first `next()`, so a caller that opens several
    readers before consuming the first has them all reading at once; `close()` stops it whether or
    not anything was consumed."""

    def __init__(self, source: Iterator[T], depth: int) -> None:
        self._producer = _Producer(source, depth)
        self._producer.thread.start()
        self._finished = False

    def __next__(self) -> T:
        if self._finished:
            raise StopIteration
        item = self._producer.items.get()
        if isinstance(item, _Done):
            self.close()
            raise StopIteration
        if isinstance(item, _Failed):
            self.close()
            raise item.error
        return item

    def close(self) -> None:
        self._finished = True
        self._producer.stop.set()
        self._producer.thread.join()


def prefetch(source: Iterator[T], *, depth: int = 2) -> Prefetched[T]:
    """Yields what `source` yields, in order, produced up to `depth` items ahead on another thread.

    Errors raised by `source` are re-raised here. Close the result when stopping early."""
    return Prefetched(source, depth)
