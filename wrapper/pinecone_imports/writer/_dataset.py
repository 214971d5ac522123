"""What a destination holds before a writer touches it, clearing it when told to overwrite, and
reading written files back through the record rules."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from enum import StrEnum

import pyarrow.parquet as pq

from pinecone_imports._storage import StorageError, StorageLocation, open_location
from pinecone_imports._storage._writing import delete_file, list_files, read_bytes
from pinecone_imports.preflight import NamespaceChecker, Problem
from pinecone_imports.preflight._marks import (
    MANIFEST_NAME,
    PART_MANIFEST_PREFIX,
    in_progress_mark,
    is_in_progress_mark,
)
from pinecone_imports.writer._errors import DestinationError
from pinecone_imports.writer._manifest import Manifest, Mark

PARQUET = ".parquet"
_READ_BACK_ROWS = 65_536


class DestinationKind(StrEnum):
    EMPTY = "empty"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    FOREIGN = "foreign"  # Parquet data that no finished writer of ours vouches for


@dataclass
class DestinationState:
    kind: DestinationKind
    manifest: Manifest | None = None
    marks: list[str] = field(default_factory=list)
    part_manifests: list[str] = field(default_factory=list)
    data_files: list[str] = field(default_factory=list)

    def mark(self, place: StorageLocation, part: str | None) -> Mark | None:
        """The in-progress mark of the whole dataset or of one part, if there is one."""
        name = in_progress_mark(part)
        if name not in self.marks:
            return None
        raw = read_bytes(place, name)
        return Mark.from_json(raw) if raw else None


def inspect_destination(place: StorageLocation) -> DestinationState:
    names = list_files(place)
    top = [name for name in names if "/" not in name]
    marks = [name for name in top if is_in_progress_mark(name)]
    parts = [name for name in top if name.startswith(PART_MANIFEST_PREFIX)]
    # What an import would read (namespace/x.parquet), and top-level Parquet files it would refuse.
    data = [name for name in names if name.endswith(PARQUET) and name.count("/") <= 1]
    manifest = manifest_at(place) if MANIFEST_NAME in top else None
    if marks or parts:
        kind = DestinationKind.IN_PROGRESS
    elif manifest is not None:
        kind = DestinationKind.COMPLETE
    elif data:
        kind = DestinationKind.FOREIGN
    else:
        kind = DestinationKind.EMPTY
    return DestinationState(kind, manifest, marks, parts, data)


def read_manifest(destination: str | os.PathLike[str]) -> Manifest | None:
    """The manifest of the finished dataset at `destination`, or None when it has none."""
    try:
        place = open_location(destination)
    except StorageError as exc:
        raise DestinationError(str(exc)) from exc
    return manifest_at(place)


def manifest_at(place: StorageLocation, name: str = MANIFEST_NAME) -> Manifest | None:
    """The manifest (or a part's) stored under `name`; None when there is none."""
    raw = read_bytes(place, name)
    if raw is None:
        return None
    try:
        return Manifest.from_dict(json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise DestinationError(
            f"{place.uri} has an unreadable {name} ({exc}); prepare it anew with --overwrite"
        ) from exc


def clear_destination(place: StorageLocation, state: DestinationState) -> None:
    """Deletes the dataset files a writer would read or leave: data files in namespace folders, top-level
    Parquet files, marks and manifests. Anything else in the destination is left alone."""
    for name in state.data_files:
        delete_file(place, name)
    for name in [*state.marks, *state.part_manifests]:
        delete_file(place, name)
    if state.manifest is not None:
        delete_file(place, MANIFEST_NAME)


def first_problem(
    place: StorageLocation, name: str, checker: NamespaceChecker, *, columns: list[str] | None = None
) -> Problem | None:
    """The first problem `checker` finds in the written file `name` (rows counted from the file's
    start), reading only `columns` when given; None when every record passes."""
    first_row = 0
    with place.filesystem.open_input_file(place.child(name)) as handle:
        for batch in pq.ParquetFile(handle).iter_batches(batch_size=_READ_BACK_ROWS, columns=columns):
            checked = checker.check_batch(batch, file=name, first_row=first_row)
            if checked.problems:
                return checked.problems[0]
            first_row += batch.num_rows
    return None
