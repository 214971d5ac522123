"""What every cloud's filesystem shares: the time bound on its requests, and how it describes itself.

`PINECONE_IMPORTS_STORAGE_TIMEOUT` (seconds, default 20) bounds how long one storage request may keep
retrying an endpoint that does not answer, so an unreachable endpoint or a missing network is
reported within about that time instead of hanging; `StorageLocation.within_time_bound` gives up on
a request that is still waiting at 1.5x the bound (30 s by default)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pyarrow import fs

TIMEOUT_ENV = "PINECONE_IMPORTS_STORAGE_TIMEOUT"
DEFAULT_TIMEOUT_SECONDS = 20.0


def timeout_seconds() -> float:
    """The configured bound; a value that is not a positive number falls back to the default."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_TIMEOUT_SECONDS


def connect_timeout() -> float:
    """Seconds to wait for one connection; retries share the rest of the bound."""
    return max(1.0, timeout_seconds() / 4)


def request_timeout() -> float:
    return max(1.0, timeout_seconds())


@dataclass(frozen=True, slots=True)
class StorageContext:
    """How a location's filesystem was set up, in the words its errors use."""

    endpoint: str = "the local filesystem"
    endpoint_help: str = ""
    credentials_help: str = ""
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Access:
    """A cloud's filesystem, and the context its errors are worded in."""

    filesystem: fs.FileSystem
    context: StorageContext
