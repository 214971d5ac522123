"""`prepare_dataset`: input files in, a finished dataset in the import layout out, resumable.

A run records checkpoints in the destination's in-progress mark under a key made of the inputs
(names, sizes, modification times) and the options. Run again with the same inputs and options, it
keeps the files finished at the last checkpoint and reads on from there; a finished dataset with
the same key is left as it is, so a repeated run rewrites nothing."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pinecone_imports._api._versions import DEFAULT_API_VERSION
from pinecone_imports.preflight import Problem
from pinecone_imports.preflight._limits import DEFAULT_NAMESPACE
from pinecone_imports.preflight._schema import VectorType
from pinecone_imports.writer._manifest import Manifest
from pinecone_imports.writer._sources import SourceFile, find_source_files, read_batches, source_key
from pinecone_imports.writer._tables import ColumnMap
from pinecone_imports.writer._writer import DEFAULT_MAX_FILE_BYTES, ImportWriter


@dataclass(frozen=True)
class PrepareOptions:
    dimension: int | None = None
    vector_type: str = VectorType.DENSE.value
    namespace: str | None = None
    namespace_column: str | None = None
    columns: ColumnMap = field(default_factory=ColumnMap)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    skip_invalid: bool = False
    api_version: str = DEFAULT_API_VERSION
    overwrite: bool = False

    def for_key(self) -> dict[str, object]:
        """The options that change what is written. `overwrite` only decides whether to start over, and
        `skip_invalid` only what happens at a bad record: the files a run kept hold records that
        passed every rule either way, so a run stopped by a bad record resumes with --skip-invalid."""
        data = dataclasses.asdict(self)
        data.pop("overwrite")
        data.pop("skip_invalid")
        data["columns"]["metadata_columns"] = list(self.columns.metadata_columns or [])
        data["columns"]["ignore"] = list(self.columns.ignore)
        return data


@dataclass(frozen=True, slots=True)
class PrepareProgress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    records: int


@dataclass(frozen=True)
class PrepareResult:
    uri: str
    manifest: Manifest
    resumed_at: int
    already_complete: bool
    skipped_problems: list[Problem]

    def to_dict(self) -> dict[str, object]:
        manifest = self.manifest
        return {
            "destination": self.uri,
            "records": manifest.records,
            "skipped": manifest.skipped,
            "files": manifest.files,
            "bytes": manifest.total_bytes,
            "dimension": manifest.dimension,
            "vectorType": manifest.vector_type,
            "apiVersion": manifest.api_version,
            "namespaces": {
                name: {"records": entry.records, "files": len(entry.files), "bytes": entry.bytes}
                for name, entry in sorted(manifest.namespaces.items())
            },
            "resumedAt": self.resumed_at,
            "alreadyComplete": self.already_complete,
            "skippedExamples": [problem.to_dict() for problem in self.skipped_problems],
        }


def prepare_dataset(
    sources: Sequence[str | os.PathLike[str]],
    destination: str | os.PathLike[str],
    options: PrepareOptions,
    *,
    on_progress: Callable[[PrepareProgress], None] | None = None,
) -> PrepareResult:
    files = find_source_files(sources)
    key = source_key(files, options.for_key())
    writer = ImportWriter(
        destination,
        dimension=options.dimension,
        vector_type=options.vector_type,
        hybrid=_has_sparse(files[0], options),
        api_version=options.api_version,
        max_file_bytes=options.max_file_bytes,
        skip_invalid=options.skip_invalid,
        overwrite=options.overwrite,
        resume_key=key,
    )
    resumed_at = writer.resume_position
    if writer.complete:
        assert writer.manifest is not None
        return PrepareResult(writer.uri, writer.manifest, resumed_at, True, [])
    with writer:
        _copy(files, writer, options, on_progress)
    assert writer.manifest is not None
    return PrepareResult(writer.uri, writer.manifest, resumed_at, False, writer.skipped_problems)


def _copy(
    files: list[SourceFile],
    writer: ImportWriter,
    options: PrepareOptions,
    on_progress: Callable[[PrepareProgress], None] | None,
) -> None:
    to_skip = writer.resume_position
    total_bytes = sum(f.size for f in files)
    done_bytes = 0
    for number, source in enumerate(files):
        namespace = options.namespace
        if namespace is None and options.namespace_column is None:
            namespace = source.folder_namespace or DEFAULT_NAMESPACE
        for read in read_batches(source):
            if to_skip >= read.num_rows:
                to_skip -= read.num_rows
                continue
            batch = read.slice(to_skip) if to_skip else read
            to_skip = 0
            writer.write_table(
                batch,
                namespace=namespace,
                namespace_column=options.namespace_column,
                columns=options.columns,
                source=source.label,
            )
            if on_progress is not None:
                on_progress(PrepareProgress(number, len(files), done_bytes, total_bytes, writer.records))
        done_bytes += source.size
        if on_progress is not None:
            on_progress(PrepareProgress(number + 1, len(files), done_bytes, total_bytes, writer.records))


def _has_sparse(first: SourceFile, options: PrepareOptions) -> bool:
    """Whether a dense dataset keeps sparse vectors too (hybrid), judged from the first input."""
    if options.vector_type != VectorType.DENSE.value:
        return False
    if options.columns.sparse_indices is not None:
        return True
    name = options.columns.sparse_values
    if name is None:
        return False
    for batch in read_batches(first, batch_rows=16):
        return name in batch.schema.names
    return False
