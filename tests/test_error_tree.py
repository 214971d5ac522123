"""The exception tree as the package promises it, and error mapping that is total: any status and
any body give an exception of the tree, never an error from inside the mapping."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import pinecone_imports
from pinecone_imports import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ImportOutcomeUnknownError,
    ImportWaitTimeoutError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    PineconeImportsError,
    RateLimitError,
    StartConnectionLostError,
    StartServerError,
    StartTimedOutError,
    UnexpectedResponseError,
    UnsupportedApiVersionError,
)
from pinecone_imports._client._error_mapping import decode_error_body, error_class, status_error

TREE: list[tuple[type[BaseException], tuple[type[BaseException], ...]]] = [
    # (class, every class it must also be)
    (APIConnectionError, (PineconeImportsError,)),
    (APITimeoutError, (APIConnectionError,)),
    (APIStatusError, (PineconeImportsError,)),
    (BadRequestError, (APIStatusError,)),
    (AuthenticationError, (APIStatusError,)),
    (PermissionDeniedError, (APIStatusError,)),
    (NotFoundError, (APIStatusError,)),
    (ConflictError, (APIStatusError,)),
    (RateLimitError, (APIStatusError,)),
    (InternalServerError, (APIStatusError,)),
    (InvalidRequestError, (PineconeImportsError, ValueError)),
    (UnsupportedApiVersionError, (InvalidRequestError,)),
    (ImportWaitTimeoutError, (PineconeImportsError, TimeoutError)),
    (UnexpectedResponseError, (PineconeImportsError,)),
    (ImportOutcomeUnknownError, (PineconeImportsError,)),
    (StartConnectionLostError, (ImportOutcomeUnknownError, APIConnectionError)),
    (StartTimedOutError, (ImportOutcomeUnknownError, APITimeoutError)),
    (StartServerError, (ImportOutcomeUnknownError, InternalServerError)),
]


@pytest.mark.parametrize(("cls", "bases"), TREE, ids=[c.__name__ for c, _ in TREE])
def test_the_tree(cls: type[BaseException], bases: tuple[type[BaseException], ...]) -> None:
    assert all(issubclass(cls, base) for base in bases)
    assert getattr(pinecone_imports, cls.__name__) is cls and cls.__name__ in pinecone_imports.__all__


def test_statuses_and_connection_failures_stay_apart() -> None:
    assert not issubclass(APIStatusError, APIConnectionError) and not issubclass(
        APIConnectionError, APIStatusError
    )
    assert not issubclass(InternalServerError, ImportOutcomeUnknownError), "only a start's 5xx is unknown"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (300, APIStatusError),
        (307, APIStatusError),
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, APIStatusError),
        (409, ConflictError),
        (422, APIStatusError),
        (429, RateLimitError),
        (499, APIStatusError),
        (500, InternalServerError),
        (501, InternalServerError),
        (520, InternalServerError),
        (529, InternalServerError),
        (599, InternalServerError),
        (600, APIStatusError),
        (999, APIStatusError),
    ],
)
def test_error_class_by_status(status: int, expected: type[APIStatusError]) -> None:
    assert error_class(status) is expected


BODIES: list[tuple[bytes, int | None, str | None]] = [
    # (body, code found, message found)
    (b"", None, None),
    (b"   \r\n", None, None),
    (b'{"code": 5, "message": "Import 1 not found", "details": []}', 5, "Import 1 not found"),
    (b'{"code": "5", "message": "code as text"}', None, "code as text"),
    (b'{"code": true, "message": "code as bool"}', None, "code as bool"),
    (b'{"message": null}', None, None),
    (b'{"message": ""}', None, None),
    (b'{"message": {"nested": 1}}', None, "{'nested': 1}"),
    (b'{"error": {"code": 7, "message": "wrapped"}}', 7, "wrapped"),
    (b'{"error": "flat"}', None, None),
    (b'"Unauthorized"', None, "Unauthorized"),
    (b"null", None, "null"),
    (b"[1, 2]", None, "[1, 2]"),
    (b"42", None, "42"),
    (b'{"code": 13, "mess', None, '{"code": 13, "mess'),
    (b"<html><head><title>502 Bad Gateway</title></head></html>", None, "502 Bad Gateway"),
    (b"<html><body><h1>Oops</h1> it broke</body></html>", None, "Oops it broke"),
    (b"\xff\xfe\x00 not utf-8", None, "\ufffd\ufffd\x00 not utf-8"),
    (b"[" * 100_000, None, "[" * 299 + "…"),  # deeper than the JSON parser's recursion limit
    (b"x" * 10_000, None, "x" * 299 + "…"),
]


@pytest.mark.parametrize(("body", "code", "message"), BODIES, ids=[repr(b[:24]) for b, _, _ in BODIES])
def test_decode_error_body_reads_anything(body: bytes, code: int | None, message: str | None) -> None:
    _, found_code, found_message, details = decode_error_body(body)
    assert (found_code, found_message) == (code, message)
    assert isinstance(details, list)


@pytest.mark.parametrize("status", [300, 302, 400, 404, 418, 429, 499, 500, 503, 520, 599, 600, 999])
@pytest.mark.parametrize("body", [b for b, _, _ in BODIES], ids=[repr(b[:24]) for b, _, _ in BODIES])
def test_every_status_and_body_maps_to_the_tree(status: int, body: bytes) -> None:
    error = status_error(
        status_code=status, headers={}, content=body, method="GET", url="https://h/bulk/imports", scrub=str
    )
    assert isinstance(error, APIStatusError) and error.status_code == status
    assert str(error).startswith(f"{status} ") and error.message
    assert "\n" not in str(error)


def test_a_start_answered_with_5xx_is_an_unknown_outcome() -> None:
    sent = datetime(2026, 4, 1, tzinfo=UTC)
    common = {"headers": {}, "content": b"", "method": "POST", "url": "https://h/bulk/imports", "scrub": str}
    unknown = status_error(status_code=502, start=("s3://b/d", sent), **common)
    assert type(unknown) is StartServerError and unknown.uri == "s3://b/d" and unknown.sent_at == sent
    # A 4xx says the import was refused, so its outcome is known.
    refused = status_error(status_code=400, start=("s3://b/d", sent), **common)
    assert type(refused) is BadRequestError
