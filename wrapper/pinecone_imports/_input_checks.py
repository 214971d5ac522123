"""Checks of caller input, made before anything is sent.

Each check raises InvalidRequestError naming the argument and the rule, so a mistake costs no
round trip and never reaches the service as a confusing 400.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from pinecone_imports._errors import InvalidRequestError
from pinecone_imports._versions import CLOUD_STORAGE_SINCE, accepts_cloud_storage_uris

MAX_URI_LENGTH: Final = 1500
MAX_INTEGRATION_ID_LENGTH: Final = 1000
MAX_IMPORT_ID_LENGTH: Final = 1000
MIN_LIMIT: Final = 1
MAX_LIMIT: Final = 100
ERROR_MODES: Final = ("abort", "continue")
_AZURE_BLOB_HOST: Final = re.compile(r"^[a-z0-9]{3,24}\.blob\.core\.windows\.net$")


def _uri_kind(uri: str) -> str | None:
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme in ("s3", "gs") and parts.netloc:
        return scheme
    if scheme == "https" and parts.hostname and _AZURE_BLOB_HOST.match(parts.hostname):
        return "azure"
    if scheme == "file" and uri.lower().startswith("file:///"):
        return "file"
    return None


def check_uri(uri: object, *, api_version: str, local_server: bool) -> str:
    if not isinstance(uri, str):
        raise InvalidRequestError(f"uri must be a string, not {type(uri).__name__}")
    if not 1 <= len(uri) <= MAX_URI_LENGTH:
        raise InvalidRequestError(f"uri must be 1 to {MAX_URI_LENGTH} characters long (got {len(uri)})")
    kind = _uri_kind(uri)
    cloud = accepts_cloud_storage_uris(api_version)
    allowed = "s3://BUCKET/DIR, gs://BUCKET/DIR or https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR"
    if kind == "file" and local_server:
        # file:// is only meaningful to the local import server, which is always on loopback.
        return uri
    if kind == "s3" or (cloud and kind in ("gs", "azure")):
        return uri
    if kind in ("gs", "azure"):
        raise InvalidRequestError(
            f"uri {uri!r}: API version {api_version} imports only from Amazon S3 (s3://BUCKET/DIR); "
            f"Google Cloud Storage and Azure Blob Storage need api_version='{CLOUD_STORAGE_SINCE}' or newer"
        )
    if kind == "file":
        raise InvalidRequestError(
            f"uri {uri!r}: file:// URIs are read only by the local import server (a loopback host)"
        )
    expected = allowed if cloud else "s3://BUCKET/DIR"
    raise InvalidRequestError(
        f"uri {uri!r} is not a storage location this API version accepts; use {expected}"
    )


def check_integration_id(integration_id: object) -> str | None:
    if integration_id is None:
        return None
    if not isinstance(integration_id, str):
        raise InvalidRequestError(f"integration_id must be a string, not {type(integration_id).__name__}")
    if not integration_id:
        raise InvalidRequestError("integration_id is empty; leave it out for public buckets")
    if len(integration_id) > MAX_INTEGRATION_ID_LENGTH:
        raise InvalidRequestError(
            f"integration_id must be at most {MAX_INTEGRATION_ID_LENGTH} characters "
            f"(got {len(integration_id)})"
        )
    return integration_id


def check_error_mode(error_mode: object) -> str | None:
    if error_mode is None:
        return None
    if isinstance(error_mode, str) and error_mode.strip().lower() in ERROR_MODES:
        return error_mode.strip().lower()
    raise InvalidRequestError(f"error_mode must be 'abort' or 'continue', not {error_mode!r}")


def check_import_id(import_id: object) -> str:
    if not isinstance(import_id, str):
        raise InvalidRequestError(f"import_id must be a string, not {type(import_id).__name__}")
    if not 1 <= len(import_id) <= MAX_IMPORT_ID_LENGTH:
        raise InvalidRequestError(
            f"import_id must be 1 to {MAX_IMPORT_ID_LENGTH} characters long (got {len(import_id)})"
        )
    if import_id in (".", ".."):
        # Escaping leaves dots alone and URL normalisation would turn the path into /bulk/imports
        # or /bulk: the request would reach a different endpoint.
        raise InvalidRequestError(f"import_id {import_id!r} is not an import id")
    return import_id


def check_limit(limit: object) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or not MIN_LIMIT <= limit <= MAX_LIMIT:
        raise InvalidRequestError(
            f"limit must be a whole number from {MIN_LIMIT} to {MAX_LIMIT}, not {limit!r}"
        )
    return limit


def check_pagination_token(token: object) -> str | None:
    """An empty token is no token: the listing starts from the beginning."""
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise InvalidRequestError(f"pagination_token must be a string, not {type(token).__name__}")
    return token
