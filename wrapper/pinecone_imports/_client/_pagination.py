"""The pager: where a listing stands and what the next request asks for.

Shared by the sync and async clients, which only fetch pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pinecone_imports._client._models import ImportsPage
from pinecone_imports._errors import UnexpectedResponseError


@dataclass
class ListingCursor:
    """Position of a lazy listing; `token` is None before the first page and after the last."""

    limit: int | None
    token: str | None
    finished: bool = False

    def advance(self, page: ImportsPage) -> None:
        # A server that hands back the token it was just given would make the listing loop forever.
        if page.next_token is not None and page.next_token == self.token:
            raise UnexpectedResponseError(
                f"the server returned the same pagination token twice ({page.next_token!r}); "
                "stopping the listing",
                status_code=200,
                body=b"",
            )
        self.token = page.next_token
        self.finished = page.next_token is None
