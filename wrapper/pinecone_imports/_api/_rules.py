"""The constraints the bulk import spec declares on requests, and the storage URI forms it accepts.

Pure functions over plain values: they say what is wrong (or return the parsed value) and leave the
kind of exception to the caller, since the client raises `InvalidRequestError` while the local server
answers a 400."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import unquote, urlsplit

from pinecone_imports._api._versions import CLOUD_STORAGE_SINCE, accepts_cloud_storage_uris

MAX_URI_LENGTH: Final = 1500
MAX_INTEGRATION_ID_LENGTH: Final = 1000
MAX_IMPORT_ID_LENGTH: Final = 1000
MIN_LIST_LIMIT: Final = 1
MAX_LIST_LIMIT: Final = 100
DEFAULT_LIST_LIMIT: Final = 100
ERROR_MODES: Final = ("abort", "continue")

# Storage account names are 3 to 24 lower-case letters and digits (Azure's naming rule).
_AZURE_BLOB_HOST: Final = re.compile(r"^([a-z0-9]{3,24})\.blob\.core\.windows\.net$")

StorageKind = Literal["s3", "gs", "azure", "file"]

# Bucket and container names as each cloud defines them (lower case, 3 to 63 characters, starting
# and ending with a letter or digit); GCS also allows '_' and, with dots, names up to 222 characters.
_BUCKET_NAMES: Final = {
    "s3": (
        re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"),
        "bucket",
        "lower-case letters, digits, '.' and '-'",
    ),
    "gs": (
        re.compile(r"^(?=.{3,222}$)[a-z0-9][a-z0-9._-]*[a-z0-9]$"),
        "bucket",
        "lower-case letters, digits, '.', '_' and '-'",
    ),
    "azure": (
        re.compile(r"^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$"),
        "container",
        "lower-case letters, digits and '-'",
    ),
}

S3_FORM: Final = "s3://BUCKET/DIR"
ALL_CLOUD_FORMS: Final = (
    "s3://BUCKET/DIR, gs://BUCKET/DIR or https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR"
)


@dataclass(frozen=True, slots=True)
class ImportUri:
    """An import location split into its parts.

    `bucket` is the S3 or GCS bucket, or the Azure container; `account` is the Azure storage account
    (None elsewhere); `prefix` is the directory inside the bucket without surrounding slashes. For
    `file` URIs, `prefix` is the absolute local path and `bucket` is empty."""

    kind: StorageKind
    bucket: str
    prefix: str
    account: str | None = None


def parse_import_uri(uri: str) -> ImportUri | None:
    """The parts of `uri` when it has one of the accepted forms (file:/// included), else None."""
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme in ("s3", "gs"):
        if not parts.netloc:
            return None
        return ImportUri(scheme, parts.netloc, parts.path.strip("/"))  # type: ignore[arg-type]
    if scheme == "https":
        match = _AZURE_BLOB_HOST.match(parts.hostname or "")
        container, _, prefix = parts.path.lstrip("/").partition("/")
        if match is None or not container or parts.port is not None:
            return None
        return ImportUri("azure", container, prefix.strip("/"), account=match.group(1))
    if scheme == "file" and uri.lower().startswith("file:///"):
        return ImportUri("file", "", unquote(parts.path))
    return None


def bucket_name_problem(kind: StorageKind, name: str) -> str | None:
    """Why `name` cannot be a bucket (or, for Azure, a container) of that cloud, or None."""
    rule = _BUCKET_NAMES.get(kind)
    if rule is None:
        return None
    pattern, word, allowed = rule
    if pattern.match(name):
        return None
    return (
        f"{name!r} is not a valid {word} name"
        f" (3 to 63 characters: {allowed}, starting and ending with a letter or digit)"
    )


def uri_problem(uri: str, api_version: str, *, allow_file: bool) -> str | None:
    """Why `api_version` does not accept `uri` as an import location, or None when it does.

    `file:///` URIs are read only by the local import server, so callers say whether they allow them."""
    if not 1 <= len(uri) <= MAX_URI_LENGTH:
        return f"uri must be 1 to {MAX_URI_LENGTH} characters long (got {len(uri)})"
    parsed = parse_import_uri(uri)
    cloud = accepts_cloud_storage_uris(api_version)
    if parsed is None:
        expected = ALL_CLOUD_FORMS if cloud else S3_FORM
        return f"uri {uri!r} is not a storage location this API version accepts; use {expected}"
    if parsed.kind == "file":
        if allow_file:
            return None
        return f"uri {uri!r}: file:// URIs are read only by the local import server (a loopback host)"
    if parsed.kind in ("gs", "azure") and not cloud:
        return (
            f"uri {uri!r}: API version {api_version} imports only from Amazon S3 ({S3_FORM}); "
            f"Google Cloud Storage and Azure Blob Storage need API version {CLOUD_STORAGE_SINCE} or newer"
        )
    return None


def integration_id_problem(integration_id: str, *, name: str) -> str | None:
    """`name` is what the caller calls the value (`integration_id`, `integrationId`, a CLI flag)."""
    if not integration_id:
        return f"{name} is empty; leave it out for public buckets"
    if len(integration_id) > MAX_INTEGRATION_ID_LENGTH:
        return f"{name} must be at most {MAX_INTEGRATION_ID_LENGTH} characters (got {len(integration_id)})"
    return None


def import_id_problem(import_id: str, *, name: str) -> str | None:
    if not 1 <= len(import_id) <= MAX_IMPORT_ID_LENGTH:
        return f"{name} must be 1 to {MAX_IMPORT_ID_LENGTH} characters long (got {len(import_id)})"
    if import_id in (".", ".."):
        # Escaping leaves dots alone and URL normalisation would turn the path into /bulk/imports
        # or /bulk: the request would reach a different endpoint.
        return f"{name} {import_id!r} is not an import id"
    return None


def list_limit_problem(limit: object) -> str | None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not MIN_LIST_LIMIT <= limit <= MAX_LIST_LIMIT:
        return f"limit must be a whole number from {MIN_LIST_LIMIT} to {MAX_LIST_LIMIT}, not {limit!r}"
    return None
