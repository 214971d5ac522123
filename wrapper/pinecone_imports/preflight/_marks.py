"""Names of the top-level files a writer leaves beside a dataset's namespace folders.

Imports read only `*.parquet` files inside namespace folders, so these files never reach an index.
The validator, `load` and the local server refuse a location that holds an in-progress mark: it
means a writer started and has not finished (or crashed), so the data is incomplete."""

from __future__ import annotations

from typing import Final

IN_PROGRESS_PREFIX: Final = "_pinecone_import_in_progress"
# A whole dataset's manifest; a partitioned write also leaves one manifest per part until combined.
MANIFEST_NAME: Final = "_pinecone_import_manifest.json"
PART_MANIFEST_PREFIX: Final = "_pinecone_import_part."
IN_PROGRESS_MESSAGE: Final = (
    "a writer marked this dataset in progress and has not finished it (or was stopped); "
    "run the same prepare again to finish it, or prepare it anew with --overwrite"
)


def in_progress_mark(part: str | None = None) -> str:
    """The mark of a whole dataset (`part=None`) or of one part of a partitioned write."""
    return f"{IN_PROGRESS_PREFIX}.json" if part is None else f"{IN_PROGRESS_PREFIX}.{part}.json"


def part_manifest(part: str) -> str:
    return f"{PART_MANIFEST_PREFIX}{part}.json"


def is_in_progress_mark(name: str) -> bool:
    return name.startswith(IN_PROGRESS_PREFIX) and name.endswith(".json")
