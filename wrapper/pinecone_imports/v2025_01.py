# Written by scripts/regenerate for API version 2025-01. Do not edit.
"""pinecone-imports clients pinned to Pinecone API version 2025-01.

`from pinecone_imports.v2025_01 import ImportsClient` always talks 2025-01,
whatever the package default becomes later."""

from pinecone_imports._client._pinned import pinned_clients

API_VERSION = "2025-01"
ImportsClient, AsyncImportsClient = pinned_clients(API_VERSION)

__all__ = ["API_VERSION", "AsyncImportsClient", "ImportsClient"]
