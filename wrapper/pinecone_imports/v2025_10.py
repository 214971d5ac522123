# Written by scripts/regenerate for API version 2025-10. Do not edit.
"""pinecone-imports clients pinned to Pinecone API version 2025-10.

`from pinecone_imports.v2025_10 import ImportsClient` always talks 2025-10,
whatever the package default becomes later."""

from pinecone_imports._client._pinned import pinned_clients

API_VERSION = "2025-10"
ImportsClient, AsyncImportsClient = pinned_clients(API_VERSION)

__all__ = ["API_VERSION", "AsyncImportsClient", "ImportsClient"]
