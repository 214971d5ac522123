"""Builds a pyarrow GCS filesystem the way Google's own tools are configured.

- `STORAGE_EMULATOR_HOST` (read by Google's client libraries and gcsfs) or
  `CLOUD_STORAGE_EMULATOR_ENDPOINT` (read by the C++ client inside pyarrow) point at an emulator,
  which is reached anonymously;
- otherwise Google's default credentials (`GOOGLE_APPLICATION_CREDENTIALS`, a gcloud
  application-default login, or the metadata server on Google Cloud) when `_hints` finds any, and
  anonymous access, which reads public buckets, when it finds none. Asking the metadata server off
  Google Cloud would hang for minutes offline.
Retries are bounded by the storage timeout (see `_settings`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from urllib.parse import urlsplit

from pyarrow import fs

from pinecone_imports._storage._hints import google_credentials_hint
from pinecone_imports._storage._settings import Access, StorageContext, timeout_seconds

EMULATOR_VARIABLES = ("STORAGE_EMULATOR_HOST", "CLOUD_STORAGE_EMULATOR_ENDPOINT")
CREDENTIALS_HELP = (
    "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file"
    " (or run `gcloud auth application-default login`)"
)
ENDPOINT_HELP = "STORAGE_EMULATOR_HOST (for an emulator)"


def gcs_options_from_env(env: Mapping[str, str]) -> dict[str, object]:
    """Keyword arguments for `pyarrow.fs.GcsFileSystem` (the time bound aside); pure."""
    for name in EMULATOR_VARIABLES:
        value = env.get(name)
        if value:
            # Both variables take host:port or a URL; Google's libraries default to plain http.
            parts = urlsplit(value if "://" in value else f"http://{value}")
            return {"anonymous": True, "endpoint_override": parts.netloc, "scheme": parts.scheme}
    if google_credentials_hint(env):
        return {}
    return {"anonymous": True}


def gcs_access(env: Mapping[str, str]) -> Access:
    options = gcs_options_from_env(env)
    limit = datetime.timedelta(seconds=timeout_seconds())
    filesystem = fs.GcsFileSystem(**options, retry_time_limit=limit)
    override = options.get("endpoint_override")
    if override:
        variable = next(name for name in EMULATOR_VARIABLES if env.get(name))
        endpoint = f"{options['scheme']}://{override} ({variable})"
    else:
        endpoint = "Google Cloud Storage"
    return Access(
        filesystem,
        StorageContext(
            endpoint=endpoint,
            endpoint_help=ENDPOINT_HELP,
            credentials_help=CREDENTIALS_HELP,
            anonymous=bool(options.get("anonymous")) and not override,
        ),
    )
