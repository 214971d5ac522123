"""Speaking command line to shell users: library wording turned into flags, and hints that help.

The library's messages name Python arguments (`allow_insecure_http=True`, `list_imports()`); they
are right for Python callers, so they are translated here, where the command line renders errors,
rather than changed at their source.
"""

from __future__ import annotations

import os
import re
from typing import Final
from urllib.parse import urlsplit

from pinecone_imports._errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
)

PROG: Final = "pinecone-imports"

# (pattern, replacement), applied in order; each names a Python argument as the flag that sets it.
_SHELL_WORDING: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\ballow_insecure_http=True\b", "--allow-insecure-http"),
        (r"\blist_imports\(\)(?: entries)?", f"'{PROG} list'"),
        (r"pinecone_imports\.v\d{4}_\d{2} or ImportsClient\(api_version='([^']*)'\)", r"--api-version \1"),
        (r"\bImportsClient\(api_version='([^']*)'\)", r"--api-version \1"),
        (r"\bapi_version='([^']*)'", r"--api-version \1"),
        (
            r"A newer version can be added with scripts/regenerate --add\.",
            f"Newer API versions come with newer releases: pip install -U {PROG}.",
        ),
        (r"\bpass host=\.\.\.", "pass --host"),
        (r"\bpass api_key=\.\.\.", "pass --api-key"),
        (r"\bhost=\.\.\.", "--host"),
        (r"\bimport_id\b", "the import ID"),
        (r"\bintegration_id\b", "--integration-id"),
        (r"\berror_mode\b", "--error-mode"),
        (r"\bpagination_token\b", "--pagination-token"),
        (r"\bpoll_interval\b", "--interval"),
        (r"\bmax_failed_polls\b", "--max-failed-polls"),
        (r"^limit must be\b", "--limit must be"),
        (r"^timeout must be\b", "--timeout must be"),
        (r"^uri\b", "URI"),
        (r"\bvector_type='(\w+)'", r"--vector-type \1"),
        (r"\bdescribe_index\b", "the Pinecone console or 'pc index describe'"),
    )
)


def for_shell(text: str) -> str:
    """`text` with Python argument names replaced by the flags and commands that set them."""
    for pattern, replacement in _SHELL_WORDING:
        text = pattern.sub(replacement, text)
    return text


def status_hint(exc: APIStatusError) -> str:
    """What to check after an error answer, judged by the status and the endpoint that answered."""
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return " (check --api-key or PINECONE_API_KEY)"
    if isinstance(exc, NotFoundError):
        parent, _, _ = urlsplit(exc.url).path.rstrip("/").rpartition("/")
        if parent.endswith("/bulk/imports"):  # /bulk/imports/{id}: describe, cancel, wait
            return f" (check the import ID, see '{PROG} list', and --host)"
        return (
            " (check --host: it must be the index host, e.g. my-index-abc123.svc.pinecone.io, "
            "with no path; the bulk import API was not found there)"
        )
    return ""


def connection_hint(exc: APIConnectionError) -> str:
    """What to check when the host could not be reached."""
    text = str(exc)
    parts = urlsplit(exc.url)
    if parts.scheme == "https" and ("WRONG_VERSION_NUMBER" in text or "wrong version number" in text):
        # A TLS hello answered by a plain-http server: the usual local-server mistake.
        return f" (the server speaks plain http: did you mean --host http://{parts.netloc}?)"
    return " (check --host and your network)"


def uri_hint(uri: str) -> str:
    """A hint for a local folder given where an import URI is expected, or ''."""
    if uri.lower().startswith("file://") and not uri.lower().startswith("file:///"):
        rest = uri[len("file://") :]
        return f" (file URIs take three slashes and an absolute path: file:///ABS/PATH, e.g. file:///{rest})"
    if "://" not in uri and uri:
        example = "file://" + os.path.abspath(os.path.expanduser(uri))
        return (
            f" (a local folder is written file:///ABS/PATH, here {example}; only the local server "
            f"reads file:// URIs: {PROG} serve --data-root DIR)"
        )
    return ""
