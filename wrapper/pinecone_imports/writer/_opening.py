"""Deciding what a new writer does with its destination: start afresh, resume, or find it finished.

The rules, in one place:
- a single writer (no `part`) starts on an empty destination; anything else (a finished dataset,
  another run's unfinished one, Parquet files no manifest describes) needs `overwrite`, which
  clears the dataset's files first; the same `resume_key` resumes an unfinished run or finds the
  finished dataset done;
- a part writer never clears the dataset: it joins an empty or partitioned destination, resumes
  its own part with the same `resume_key`, or, with `overwrite`, replaces its own part's files."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from pinecone_imports._storage import StorageLocation
from pinecone_imports._storage._writing import delete_file
from pinecone_imports.preflight._marks import part_manifest
from pinecone_imports.writer._dataset import (
    DestinationKind,
    DestinationState,
    clear_destination,
    inspect_destination,
    manifest_at,
)
from pinecone_imports.writer._errors import DestinationError
from pinecone_imports.writer._manifest import Manifest, Mark

PARTITIONED = "partitioned"  # the `writer` of the dataset-level mark that part writers share
_OVERWRITE = "overwrite it (overwrite=True, --overwrite)"


class Start(StrEnum):
    FRESH = "fresh"
    RESUME = "resume"
    DONE = "done"


@dataclass
class Opening:
    start: Start
    mark: Mark | None = None
    manifest: Manifest | None = None


def open_destination(
    place: StorageLocation, *, part: str | None, resume_key: str | None, overwrite: bool
) -> Opening:
    """Inspects the destination, clears what `overwrite` allows (and, on resuming, what the run
    wrote after its last checkpoint), and says how the writer starts."""
    state = inspect_destination(place)
    if part is not None:
        return _open_part(place, state, part, resume_key, overwrite)
    if state.kind is DestinationKind.COMPLETE and not overwrite:
        assert state.manifest is not None
        if resume_key is not None and state.manifest.key == resume_key:
            return Opening(Start.DONE, manifest=state.manifest)
        raise DestinationError(
            f"{place.uri} already holds a finished dataset ({state.manifest.records} records); "
            f"choose another destination, or {_OVERWRITE}"
        )
    if state.kind is DestinationKind.IN_PROGRESS and not overwrite:
        mark = state.mark(place, None)
        if (
            mark is not None
            and resume_key is not None
            and mark.key == resume_key
            and mark.writer != PARTITIONED
        ):
            return _resume(place, state, mark)
        raise DestinationError(
            f"{place.uri} holds an unfinished dataset written by another run; "
            f"finish that run, or {_OVERWRITE}"
        )
    if state.kind is DestinationKind.FOREIGN and not overwrite:
        raise DestinationError(
            f"{place.uri} already holds Parquet files that no finished write of pinecone-imports describes; "
            f"choose an empty destination, or {_OVERWRITE}"
        )
    if state.kind is not DestinationKind.EMPTY:
        clear_destination(place, state)
    return Opening(Start.FRESH)


def _open_part(
    place: StorageLocation, state: DestinationState, part: str, resume_key: str | None, overwrite: bool
) -> Opening:
    shared = state.mark(place, None)
    if state.kind in (DestinationKind.COMPLETE, DestinationKind.FOREIGN) or (
        shared is not None and shared.writer != PARTITIONED
    ):
        raise DestinationError(
            f"{place.uri} is not empty and not being written in parts; write the parts to an empty "
            "destination (a part writer never clears one)"
        )
    finished = _part_manifest(place, state, part)
    if finished is not None:
        if resume_key is not None and finished.key == resume_key:
            return Opening(Start.DONE, manifest=finished)
        if not overwrite:
            raise DestinationError(
                f"part {part!r} of {place.uri} is already finished; give each writer its own part name, "
                f"or {_OVERWRITE} to replace that part"
            )
        for run in finished.writers:
            _delete_run_files(place, state, run)
        delete_file(place, part_manifest(part))
    own = state.mark(place, part)
    if own is None:
        return Opening(Start.FRESH)
    if resume_key is not None and own.key == resume_key:
        return _resume(place, state, own)
    if not overwrite:
        raise DestinationError(
            f"part {part!r} of {place.uri} was started by another run; give each writer its own part "
            f"name, or {_OVERWRITE} to replace that part"
        )
    _delete_run_files(place, state, own.writer)
    return Opening(Start.FRESH)


def _part_manifest(place: StorageLocation, state: DestinationState, part: str) -> Manifest | None:
    name = part_manifest(part)
    if name not in state.part_manifests:
        return None
    return manifest_at(place, name)


def _resume(place: StorageLocation, state: DestinationState, mark: Mark) -> Opening:
    """Resumes the run `mark` describes: the files of its last checkpoint stay, its later ones go."""
    _delete_run_files(place, state, mark.writer, keep={f.name for _, f in mark.files})
    return Opening(Start.RESUME, mark=mark)


def _delete_run_files(
    place: StorageLocation, state: DestinationState, run: str, *, keep: Collection[str] = ()
) -> None:
    """Deletes the data files one run wrote (their names start with the run's id), except `keep`.

    The names come from the inspection's listing, so a cloud destination is not listed again."""
    for name in state.data_files:
        parts = name.split("/")
        if len(parts) == 2 and parts[1].startswith(f"{run}-") and name not in keep:
            delete_file(place, name)
