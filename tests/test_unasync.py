"""The sync client is generated from the async one (scripts/unasync) and cannot drift from it."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from pinecone_imports import AsyncImportsClient, ImportsClient

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_unasync", ROOT / "scripts" / "_unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_unasync", module)
    spec.loader.exec_module(module)
    return module


def test_the_committed_sync_client_is_what_the_script_writes() -> None:
    script = _script()
    assert script.TARGET.read_text() == script.render(), "run scripts/unasync"


def test_the_rewrite_removes_async_and_renames_words_in_code_and_text() -> None:
    source = (
        "async def aclose(self) -> AsyncIterator[int]:\n"
        '    """Close the httpx.AsyncClient."""\n'
        "    async for chunk in response.aiter_raw():  # AsyncImportsClient\n"
        "        await async_sleep(1)\n"
        "    async with x:\n"
        "        pass\n"
        "    aclosed = 'aclose_later'\n"
    )
    assert _script().unasync(source) == (
        "def close(self) -> Iterator[int]:\n"
        '    """Close the httpx.Client."""\n'
        "    for chunk in response.iter_raw():  # ImportsClient\n"
        "        sync_sleep(1)\n"
        "    with x:\n"
        "        pass\n"
        "    aclosed = 'aclose_later'\n"
    )


def test_a_keyword_glued_to_the_next_token_is_refused() -> None:
    with pytest.raises(ValueError, match="one space"):
        _script().unasync("async def f():\n    return await(g())\n")


def _parameters(function: Callable[..., object]) -> list[tuple[str, object, object]]:
    # Annotations differ on purpose (httpx.AsyncClient / httpx.Client, AsyncIterator / Iterator).
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_both_clients_take_the_same_arguments() -> None:
    for name, member in inspect.getmembers(AsyncImportsClient, inspect.isfunction):
        synced = {"aclose": "close", "__aenter__": "__enter__", "__aexit__": "__exit__"}.get(name, name)
        assert _parameters(member) == _parameters(getattr(ImportsClient, synced)), name
