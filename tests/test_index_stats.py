"""describe_index_stats through the clients: the same retries, errors and key handling as the bulk calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinecone_imports import AsyncImportsClient, AuthenticationError, ImportsClient
from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports.local_server import LocalImportServer


def test_sync_client_reads_what_an_import_wrote(ls_server: LocalImportServer, ls_data_root: Path) -> None:
    write_sample_dataset(ls_data_root / "batch", records=30, dimension=8, namespaces=3)
    with ImportsClient(ls_server.url, ls_server.api_key) as client:
        assert client.describe_index_stats().get("totalVectorCount", 0) == 0
        started = client.start_import((ls_data_root / "batch").as_uri())
        assert client.wait_for_import(started.id, poll_interval=0.05, timeout=30).status == "Completed"
        stats = client.describe_index_stats()
    counts = {name: entry["vectorCount"] for name, entry in stats["namespaces"].items()}
    assert sum(counts.values()) == 30 and len(counts) == 3
    assert stats["totalVectorCount"] == 30 and stats["dimension"] == 8


async def test_async_client_maps_errors_like_every_call(ls_server: LocalImportServer) -> None:
    async with AsyncImportsClient(ls_server.url, "not-the-key-of-this-server") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.describe_index_stats()
    assert "not-the-key-of-this-server" not in str(caught.value)
    async with AsyncImportsClient(ls_server.url, ls_server.api_key) as client:
        assert isinstance(await client.describe_index_stats(), dict)
