"""An HTTP answer as the wrapper reads it, whichever transport produced it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Answer:
    """Status, headers (looked up by lower-case name) and body of one response.

    `method` and `url` name the request it answers, for error messages; `request_headers` are the
    headers it was sent with (kept out of the repr: they hold the API key), so that an echo of the
    key can be removed from anything shown to the caller.
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    method: str
    url: str
    request_headers: Mapping[str, str] = field(default_factory=dict, repr=False)
