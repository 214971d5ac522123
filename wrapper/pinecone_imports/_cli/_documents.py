"""The JSON documents printed with --json.

Imports appear exactly as the service's API returns them (camelCase wire names, fields added by
newer API versions included), so a filter written against the API reference works on this output
too. The envelopes around them use camelCase for the same reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pinecone_imports._client._models import BulkImport, StartedImport


def json_text(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def import_document(found: BulkImport) -> dict[str, Any]:
    return found.to_dict()


def started_document(started: StartedImport) -> dict[str, Any]:
    return {"id": started.id}


def listing_document(imports: Iterable[BulkImport], next_token: str | None) -> dict[str, Any]:
    return {"imports": [import_document(item) for item in imports], "nextToken": next_token}


def cancel_document(import_id: str, *, finished_as: str | None = None) -> dict[str, Any]:
    """What `cancel` did: asked the service, or nothing because the import had already finished."""
    if finished_as is not None:
        return {"id": import_id, "cancelRequested": False, "status": finished_as}
    return {"id": import_id, "cancelRequested": True}
