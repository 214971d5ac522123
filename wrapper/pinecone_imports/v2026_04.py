# Written by scripts/regenerate for API version 2026-04. Do not edit.
"""pinecone-imports clients pinned to Pinecone API version 2026-04.

`from pinecone_imports.v2026_04 import ImportsClient` always talks 2026-04,
whatever the package default becomes later."""

from pinecone_imports._client._pinned import pinned_clients

API_VERSION = "2026-04"
ImportsClient, AsyncImportsClient = pinned_clients(API_VERSION)

__all__ = ["API_VERSION", "AsyncImportsClient", "ImportsClient"]
