"""describe_index_stats, the one data-plane call outside the bulk import API that this package makes.

`load` and the demo use it to check that an index holds what was written. It is not part of the
bulk section of the spec, so it is one small request rather than generated code."""

from __future__ import annotations

from typing import Any

import httpx

from pinecone_imports._client._config import normalize_host


def index_stats(host: str, api_key: str, api_version: str, *, timeout: float = 30.0) -> dict[str, Any]:
    """The index's describe_index_stats answer (camelCase, as on the wire)."""
    # Plain http is allowed on loopback only, exactly as for the import client.
    url = normalize_host(host, allow_insecure_http=False)
    response = httpx.post(
        f"{url}/describe_index_stats",
        headers={"Api-Key": api_key, "X-Pinecone-Api-Version": api_version},
        json={},
        timeout=timeout,
    )
    response.raise_for_status()
    stats: dict[str, Any] = response.json()
    return stats


def namespace_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Vectors per namespace in a describe_index_stats answer."""
    namespaces = stats.get("namespaces") or {}
    return {name: int((entry or {}).get("vectorCount") or 0) for name, entry in namespaces.items()}
