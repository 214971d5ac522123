"""Checks of caller input, made before anything is sent.

Each check raises InvalidRequestError naming the argument and the rule, so a mistake costs no
round trip and never reaches the service as a confusing 400.
"""

from __future__ import annotations

from pinecone_imports._api._rules import (
    ERROR_MODES,
    import_id_problem,
    integration_id_problem,
    list_limit_problem,
    uri_problem,
)
from pinecone_imports._errors import InvalidRequestError


def check_uri(uri: object, *, api_version: str, local_server: bool) -> str:
    if not isinstance(uri, str):
        raise InvalidRequestError(f"uri must be a string, not {type(uri).__name__}")
    problem = uri_problem(uri, api_version, allow_file=local_server)
    if problem is not None:
        raise InvalidRequestError(problem)
    return uri


def check_integration_id(integration_id: object) -> str | None:
    if integration_id is None:
        return None
    if not isinstance(integration_id, str):
        raise InvalidRequestError(f"integration_id must be a string, not {type(integration_id).__name__}")
    problem = integration_id_problem(integration_id, name="integration_id")
    if problem is not None:
        raise InvalidRequestError(problem)
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
    problem = import_id_problem(import_id, name="import_id")
    if problem is not None:
        raise InvalidRequestError(problem)
    return import_id


def check_limit(limit: object) -> int | None:
    if limit is None:
        return None
    problem = list_limit_problem(limit)
    if problem is not None:
        raise InvalidRequestError(problem)
    assert isinstance(limit, int)
    return limit


def check_pagination_token(token: object) -> str | None:
    """An empty token is no token: the listing starts from the beginning."""
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise InvalidRequestError(f"pagination_token must be a string, not {type(token).__name__}")
    return token
