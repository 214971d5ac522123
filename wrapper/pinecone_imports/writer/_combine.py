"""Finishing a dataset written in parts by independent writers (one per worker of a distributed job)."""

from __future__ import annotations

import os

from pinecone_imports._storage import StorageError, StorageLocation, open_location
from pinecone_imports._storage._writing import delete_file, write_bytes
from pinecone_imports.preflight import Dimension, NamespaceChecker, VectorType
from pinecone_imports.preflight._marks import MANIFEST_NAME, in_progress_mark
from pinecone_imports.preflight._schema import ID
from pinecone_imports.writer._dataset import first_problem, inspect_destination, manifest_at
from pinecone_imports.writer._errors import DestinationError, WriterError
from pinecone_imports.writer._manifest import Manifest, NamespaceEntry


def combine_manifests(destination: str | os.PathLike[str], *, check_duplicates: bool = True) -> Manifest:
    """Merges the part manifests of `destination` into the dataset's manifest and removes the
    in-progress mark. Refuses while any part is still in progress, or when the parts disagree on
    API version, vector type or dimension. With `check_duplicates`, the id columns of all files of
    each namespace are read once, because each part only knew its own ids."""
    try:
        place = open_location(destination)
    except StorageError as exc:
        raise WriterError(str(exc)) from exc
    state = inspect_destination(place)
    unfinished = [name for name in state.marks if name != in_progress_mark(None)]
    if unfinished:
        raise DestinationError(f"{place.uri}: {unfinished[0]} says a part is still being written")
    if not state.part_manifests:
        if state.manifest is not None:
            return state.manifest
        raise DestinationError(f"{place.uri} holds no finished parts to combine")
    parts: list[Manifest] = []
    for name in state.part_manifests:
        manifest = manifest_at(place, name)
        if manifest is None:
            raise DestinationError(f"{place.uri}: {name} disappeared while combining")
        parts.append(manifest)
    first = parts[0]
    dimensions = {p.dimension for p in parts if p.dimension is not None}
    if len(dimensions) > 1 or any(
        (p.api_version, p.vector_type) != (first.api_version, first.vector_type) for p in parts
    ):
        raise DestinationError(f"the parts of {place.uri} disagree on API version, vector type or dimension")
    namespaces: dict[str, NamespaceEntry] = {}
    for part in parts:
        for name, entry in part.namespaces.items():
            namespaces.setdefault(name, NamespaceEntry()).files.extend(entry.files)
    combined = Manifest(
        api_version=first.api_version,
        vector_type=first.vector_type,
        dimension=next(iter(dimensions), None),
        namespaces=dict(sorted(namespaces.items())),
        skipped=sum(p.skipped for p in parts),
        writers=[w for p in parts for w in p.writers],
    )
    if check_duplicates:
        _check_ids_across_parts(place, combined)
    write_bytes(place, MANIFEST_NAME, combined.to_json())
    for name in state.part_manifests:
        delete_file(place, name)
    delete_file(place, in_progress_mark(None))
    return combined


def _check_ids_across_parts(place: StorageLocation, manifest: Manifest) -> None:
    for namespace, entry in manifest.namespaces.items():
        # Only the id column is read; the dense rule set with no values column checks ids alone.
        checker = NamespaceChecker(namespace, vector_type=VectorType.DENSE, dimension=Dimension())
        for finished in entry.files:
            problem = first_problem(place, finished.name, checker, columns=[ID])
            if problem is not None:
                raise DestinationError(
                    f"{finished.name}, row {problem.row}: {problem.message} (two parts wrote "
                    "the same id); partition the input by id or namespace"
                )
