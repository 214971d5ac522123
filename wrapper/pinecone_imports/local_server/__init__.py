"""A local server that speaks Pinecone's bulk import API and really imports Parquet data.

`LocalImportServer` runs it on a background thread (tests, the demo); `serve` runs it in the
foreground (the command line's `serve`); `python -m pinecone_imports.local_server` runs it as its
own process. Behaviour choices that the real service leaves open are listed in `BEHAVIOUR`."""

from pinecone_imports.local_server._server import API_KEY_ENV, LocalImportServer, new_api_key, serve

BEHAVIOUR = """\
- errorMode omitted: the import aborts at the first bad record. The service's default is disputed;
  aborting is the choice that never imports data the caller did not expect.
- X-Pinecone-Api-Version missing: answered as the oldest pinned version, because clients of versions
  before 2025-10 send no header; with require_version_header=True such requests get 400 instead.
  Newer well-formed versions are answered as the newest pinned one; malformed or unknown older
  versions get 400 naming the supported versions.
- Cancelling an import that already finished: HTTP 400 with rpcStatus code 9 (FAILED_PRECONDITION).
- Imports run one at a time, in the order they were started; the rest wait as Pending.
- After a crash, imports that were InProgress end Failed ("interrupted by a server restart");
  Pending ones are run. A polite stop (SIGINT, SIGTERM, stop()) fails the running import at once,
  with an error saying the server stopped; its records are deleted either way.
- A Failed or Cancelled import keeps none of its records, so its recordsImported reads 0 (the service
  may keep part of a failed import; this server never does).
- file:// URIs must resolve (after symlinks and '..') inside the data root. s3://, gs:// and Azure
  Blob URIs are read through the storage layer with the server process's cloud variables (see the
  README); versions before 2025-04 refuse gs:// and Azure with 400, as the service does.
"""

__all__ = ["API_KEY_ENV", "BEHAVIOUR", "LocalImportServer", "new_api_key", "serve"]
