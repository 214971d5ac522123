"""Which pinned API version a request is answered as, from its `X-Pinecone-Api-Version` header.

- No header: the oldest pinned version. Versions before 2025-10 did not declare the header and their
  generated clients send none, so a request without it is most plausibly one of those. With
  `require=True` (the server's `require_version_header` option) it is refused instead, as the
  service does from 2025-10 on, since such a request cannot be tied to a version.
- A pinned version: that version.
- A well-formed version newer than every pinned one (what a newer official SDK would send): the
  newest pinned version, since new versions only add fields.
- Anything else (malformed, or an older or in-between version we have no spec for): an error that
  names the supported versions."""

from __future__ import annotations

import re

from pinecone_imports.local_server._rpc import ApiError, invalid
from pinecone_imports_generated import API_VERSIONS

VERSION_HEADER = "x-pinecone-api-version"
_FORM = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def resolve_api_version(header: str | None, *, require: bool = False) -> str:
    if header is None or header.strip() == "":
        if require:
            supported = ", ".join(API_VERSIONS)
            raise invalid(f"the X-Pinecone-Api-Version header is required; supported versions: {supported}")
        return API_VERSIONS[0]
    value = header.strip()
    if value in API_VERSIONS:
        return value
    if _FORM.fullmatch(value) and value > API_VERSIONS[-1]:
        return API_VERSIONS[-1]
    raise _unsupported(value)


def _unsupported(value: str) -> ApiError:
    shown = value if len(value) <= 40 else value[:40] + "..."
    return invalid(
        f"unsupported API version {shown!r} in X-Pinecone-Api-Version; "
        f"supported versions: {', '.join(API_VERSIONS)} (newer versions are answered as {API_VERSIONS[-1]})"
    )
