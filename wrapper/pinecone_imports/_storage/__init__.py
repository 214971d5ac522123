"""The storage layer: turns an import location into a pyarrow filesystem and a path on it.

The validator, the local import server and the writer reach data only through `open_location`, so
which cloud a location is on, and how its credentials and endpoints are found, is decided here alone:
local folders and `file://`, `s3://`, `gs://` and Azure's `https://ACCOUNT.blob.core.windows.net/...`.
`StorageLocation.entries()` lists a location the same way on every cloud, and
`StorageLocation.failure()` turns a failed request into one line that says what to set."""

from pinecone_imports._storage._location import Entry, StorageError, StorageLocation, open_location
from pinecone_imports._storage._settings import TIMEOUT_ENV

__all__ = ["TIMEOUT_ENV", "Entry", "StorageError", "StorageLocation", "open_location"]
