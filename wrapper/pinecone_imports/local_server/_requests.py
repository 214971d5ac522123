"""Validates request values against the constraints the bulk import spec declares."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from pinecone_imports._api._rules import (
    DEFAULT_LIST_LIMIT,
    ERROR_MODES,
    MAX_URI_LENGTH,
    import_id_problem,
    integration_id_problem,
    list_limit_problem,
    uri_problem,
)
from pinecone_imports.local_server._model import ErrorMode
from pinecone_imports.local_server._rpc import invalid


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
    if not 1 <= len(uri) <= MAX_URI_LENGTH:
        raise invalid(f"uri must be 1 to {MAX_URI_LENGTH} characters long")
    integration_id = body.get("integrationId")
    if integration_id is not None:
        if not isinstance(integration_id, str):
            raise invalid("integrationId must be a string")
        problem = integration_id_problem(integration_id, name="integrationId")
        if problem is not None:
            raise invalid(problem)
    return StartRequest(uri, _parse_error_mode(body.get("errorMode")), integration_id)


def _parse_error_mode(value: object) -> ErrorMode:
    if value is None:
        return ErrorMode.ABORT
    if not isinstance(value, dict):
        raise invalid("errorMode must be an object")
    on_error = value.get("onError")
    if on_error is None:
        return ErrorMode.ABORT
    if on_error not in ERROR_MODES:
        raise invalid("errorMode.onError must be 'abort' or 'continue'")
    return ErrorMode(on_error)


def check_uri_scheme(uri: str, api_version: str) -> None:
    """Refuses locations the API version does not import from, as the service does: gs:// and Azure
    Blob Storage from 2025-04 on, s3:// always, and file:// (this server's own addition) always."""
    problem = uri_problem(uri, api_version, allow_file=True)
    if problem is not None:
        raise invalid(problem)


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIST_LIMIT
    try:
        limit = int(value)
    except ValueError as exc:
        raise invalid("limit must be an integer") from exc
    problem = list_limit_problem(limit)
    if problem is not None:
        raise invalid(problem)
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
    problem = import_id_problem(import_id, name="id")
    if problem is not None:
        raise invalid(problem)
    return import_id
