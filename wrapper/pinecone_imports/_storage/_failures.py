"""Turns what pyarrow raises for a cloud request into one line a user can act on.

pyarrow reports every cloud failure as an OSError whose text comes from that cloud's C++ SDK, so the
kind of failure is recognised from the markers each SDK puts in its messages (measured against moto,
fake-gcs-server and Azurite, and matching the codes the real services send)."""

from __future__ import annotations

import re
from typing import Final

from pinecone_imports._storage._settings import TIMEOUT_ENV, StorageContext

_UNREACHABLE: Final = re.compile(
    r"NETWORK_CONNECTION|Could not connect|Couldn't connect|Fail to get a new connection|"
    r"Could not resolve|Couldn't resolve|curlCode: (?:6|7|28)\b|CURL error \[(?:6|7|28)\]|"
    r"UNAVAILABLE|DEADLINE_EXCEEDED|Timeout was reached|timed out",
    re.IGNORECASE,
)
_DENIED: Final = re.compile(
    r"ACCESS_DENIED|AccessDenied|PERMISSION_DENIED|UNAUTHENTICATED|AuthorizationFailure|"
    r"AuthenticationFailed|AuthorizationPermissionMismatch|InvalidAccessKeyId|SignatureDoesNotMatch|"
    r"INVALID_ACCESS_KEY_ID|SIGNATURE_DOES_NOT_MATCH|AuthenticationException|http_status_code=40[13]\b|"
    r"\b40[13] (?:Server|Forbidden|Unauthorized)|HTTP response code: 40[13]",
)
# Credentials that exist but cannot be used (a key file that is missing or malformed, an expired
# login): the SDKs say so before any request is sent.
_BAD_CREDENTIALS: Final = re.compile(
    r"Could not create a OAuth2 access token|credentials file|Invalid ServiceAccountCredentials|"
    r"CredentialUnavailable|ClientSecretCredential|Could not load credentials",
    re.IGNORECASE,
)
_UNDERLYING: Final = re.compile(r"underlying error message was: (.*?)(?: error_info=|, gcloud-cpp|$)")
_MISSING: Final = re.compile(
    r"NO_SUCH_BUCKET|NoSuchBucket|ContainerNotFound|NOT_FOUND|No such file or directory|"
    r"Path does not exist|does not exist",
    re.IGNORECASE,
)


def kind_of_failure(exc: BaseException) -> str:
    """'credentials', 'unreachable', 'denied', 'missing' or 'other'."""
    text = str(exc)
    if _BAD_CREDENTIALS.search(text):
        return "credentials"
    if _UNREACHABLE.search(text):
        return "unreachable"
    if _DENIED.search(text):
        return "denied"
    if isinstance(exc, FileNotFoundError) or _MISSING.search(text):
        return "missing"
    return "other"


def first_line(exc: BaseException, limit: int = 200) -> str:
    """The start of an SDK message: they run over several lines and repeat themselves."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unreachable_message(uri: str, context: StorageContext, exc: BaseException) -> str:
    where = f"; check {context.endpoint_help} and the network" if context.endpoint_help else ""
    return f"cannot reach {context.endpoint} to read {uri}{where} ({first_line(exc, 120)})"


def credentials_message(uri: str, context: StorageContext, exc: BaseException) -> str:
    found = _UNDERLYING.search(str(exc))
    reason = found.group(1).strip() if found else first_line(exc, 160)
    return f"cannot use the credentials found to read {uri}: {reason}; {context.credentials_help}"


def silent_message(uri: str, context: StorageContext, doing: str, seconds: float) -> str:
    where = f"; check {context.endpoint_help} and the network" if context.endpoint_help else ""
    return (
        f"no answer from {context.endpoint} within {seconds:.0f} s while trying to {doing} {uri}{where}"
        f" ({TIMEOUT_ENV} sets the bound)"
    )


def denied_message(uri: str, context: StorageContext) -> str:
    if context.anonymous:
        return (
            f"access to {uri} was denied: no credentials were found, so it was read anonymously;"
            f" {context.credentials_help}"
        )
    return (
        f"access to {uri} was denied with the credentials found;"
        f" {context.credentials_help} for an identity allowed to list and read it"
    )


def missing_bucket_message(uri: str, context: StorageContext, bucket: str, word: str) -> str:
    return f"{uri}: {word} {bucket!r} does not exist at {context.endpoint}; check the URI"


def missing_prefix_message(uri: str) -> str:
    return f"{uri} does not exist (nothing is stored under it)"
