"""The storage layer: turns an import location into a pyarrow filesystem and a path on it.

The validator, the local import server and the writer reach data only through `open_location`, so
which cloud a location is on, and how its credentials and endpoints are found, is decided here alone.
"""

from pinecone_imports._storage._location import StorageError, StorageLocation, open_location

__all__ = ["StorageError", "StorageLocation", "open_location"]
