"""Validates request values against the constraints the bulk import spec declares."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from pinecone_imports._local_server._model import ErrorMode
from pinecone_imports._local_server._rpc import invalid
from pinecone_imports._versions import accepts_cloud_storage_uris

MAX_URI = 1500
MAX_INTEGRATION_ID = 1000
MAX_ID = 1000
DEFAULT_LIMIT = 100
MAX_LIMIT = 100
_AZURE_HOST_SUFFIX = ".blob.core.windows.net"


@dataclass(frozen=True, slots=True)
class StartRequest:
    uri: str
    error_mode: ErrorMode
    integration_id: str | None


def parse_start(raw: bytes) -> StartRequest:
    """The `StartImportRequest` body. A missing `errorMode` means abort (see the package docs)."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid("request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise invalid("request body must be a JSON object")
    uri = body.get("uri")
    if not isinstance(uri, str):
        raise invalid("uri is required and must be a string")
    if not 1 <= len(uri) <= MAX_URI:
        raise invalid(f"uri must be 1 to {MAX_URI} characters long")
    integration_id = body.get("integrationId")
    if integration_id is not None and (
        not isinstance(integration_id, str) or len(integration_id) > MAX_INTEGRATION_ID
    ):
        raise invalid(f"integrationId must be a string of at most {MAX_INTEGRATION_ID} characters")
    return StartRequest(uri, _parse_error_mode(body.get("errorMode")), integration_id)


def _parse_error_mode(value: object) -> ErrorMode:
    if value is None:
        return ErrorMode.ABORT
    if not isinstance(value, dict):
        raise invalid("errorMode must be an object")
    on_error = value.get("onError")
    if on_error is None:
        return ErrorMode.ABORT
    if on_error not in ("abort", "continue"):
        raise invalid("errorMode.onError must be 'abort' or 'continue'")
    return ErrorMode(on_error)


def check_uri_scheme(uri: str, api_version: str) -> None:
    """Refuses locations the API version or this local server cannot import from."""
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme in ("s3", "file"):
        return
    is_other_cloud = scheme == "gs" or (
        scheme == "https" and (parts.hostname or "").endswith(_AZURE_HOST_SUFFIX)
    )
    if is_other_cloud and accepts_cloud_storage_uris(api_version):
        raise invalid(
            f"{scheme}:// imports are valid in API {api_version} but not supported by the local server"
        )
    if not accepts_cloud_storage_uris(api_version):
        raise invalid(f"uri must be an s3:// location in API version {api_version}")
    raise invalid("uri must be an s3://, gs:// or Azure Blob Storage https:// location")


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError as exc:
        raise invalid("limit must be an integer") from exc
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def make_token(seq: int) -> str:
    """Tokens are opaque to clients; inside they hold the sequence number of the last import shown."""
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")


def parse_token(token: str | None) -> int:
    if token is None or token == "":
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "after" or not number.isdigit():
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise invalid("paginationToken is not a token this server issued") from exc


def check_id(import_id: str) -> str:
    if not 1 <= len(import_id) <= MAX_ID:
        raise invalid(f"id must be 1 to {MAX_ID} characters long")
    return import_id
