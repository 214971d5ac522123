"""An HTTP answer as the wrapper reads it, whichever transport produced it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Answer:
    """Status, headers (looked up by lower-case name) and body of one response.

    `method` and `url` name the request it answers, for error messages.
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    method: str
    url: str
