"""`ImportWriter`: records in, a finished dataset in Pinecone's import layout out."""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Final, Self

import pyarrow as pa

from pinecone_imports._api._versions import DEFAULT_API_VERSION, check_api_version
from pinecone_imports._storage import StorageError, open_location
from pinecone_imports._storage._writing import delete_file, ensure_directory, write_bytes
from pinecone_imports.preflight import (
    DEFAULT_NAMESPACE_MESSAGE,
    Dimension,
    NamespaceChecker,
    Problem,
    VectorType,
)
from pinecone_imports.preflight._layout import default_namespace_allowed
from pinecone_imports.preflight._limits import DEFAULT_NAMESPACE, MAX_FILE_BYTES, MAX_NAMESPACES
from pinecone_imports.preflight._marks import MANIFEST_NAME, in_progress_mark, part_manifest
from pinecone_imports.preflight._metadata import MetadataChecker
from pinecone_imports.preflight._schema import ID, METADATA, SPARSE_VALUES, VALUES
from pinecone_imports.writer import _arrow
from pinecone_imports.writer._dataset import first_problem
from pinecone_imports.writer._errors import DestinationError, InvalidRecordError, WriterError
from pinecone_imports.writer._files import FileSettings, FinishedFile, NamespaceFiles
from pinecone_imports.writer._manifest import Manifest, Mark, NamespaceEntry
from pinecone_imports.writer._opening import PARTITIONED, Start, open_destination
from pinecone_imports.writer._tables import ColumnMap, TableInput, batches_of, split_by_namespace

DEFAULT_MAX_FILE_BYTES: Final = 1_000_000_000
# Row groups of about this many bytes of vectors: large enough to read fast, small enough that one
# buffered row group per namespace keeps memory low.
ROW_GROUP_BYTES: Final = 32 * 2**20
MIN_ROW_GROUP_ROWS: Final = 1024
KEPT_SKIPPED_PROBLEMS: Final = 20


class ImportWriter:
    """Writes records into `destination` (a folder, `file:///...`, `s3://...`, or any location the
    storage layer opens) in the exact layout a Pinecone bulk import reads.

        with ImportWriter("s3://bucket/vectors", dimension=768) as writer:
            writer.write(ids, matrix, metadata=[{"genre": "news"}, ...], namespace="articles")
        # the destination now holds the data files and a manifest

    Every record is checked by the validator's own rules before it is written; a bad one raises
    `InvalidRecordError` (nothing of that call is written), or with `skip_invalid=True` is skipped
    and counted. Until `close()` (the end of the `with` block) the destination carries an
    in-progress mark that `validate` and `load` refuse; leaving the block with an exception keeps
    the mark, so incomplete data is never taken for a dataset.

    `part` names one of several independent writers of one dataset (one per worker of a
    distributed job); `combine_manifests` then turns their parts into the dataset's manifest.
    `resume_key` makes the write resumable: a writer opened later with the same key on a
    destination left in progress keeps the files finished at the last checkpoint, and
    `resume_position` says how many input records they cover (skip that many, then go on)."""

    def __init__(
        self,
        destination: str | os.PathLike[str],
        *,
        dimension: int | None = None,
        vector_type: VectorType | str = VectorType.DENSE,
        hybrid: bool = False,
        api_version: str = DEFAULT_API_VERSION,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        row_group_rows: int | None = None,
        compression: str = "snappy",
        skip_invalid: bool = False,
        overwrite: bool = False,
        part: str | None = None,
        resume_key: str | None = None,
    ) -> None:
        if not 0 < max_file_bytes <= MAX_FILE_BYTES:
            raise WriterError(f"max_file_bytes must be between 1 and {MAX_FILE_BYTES} (Pinecone's limit)")
        if dimension is not None and dimension < 1:
            raise WriterError("dimension must be at least 1")
        if part is not None and (not part or not part.replace("-", "").replace("_", "").isalnum()):
            raise WriterError("part must be a short name of letters, digits, '-' and '_'")
        self.vector_type = VectorType(vector_type)
        self.api_version = check_api_version(api_version)
        self.skip_invalid = skip_invalid
        self.part = part
        self.resume_key = resume_key
        self._hybrid = hybrid or self.vector_type is VectorType.SPARSE
        self._schema = _arrow.import_schema(self.vector_type, hybrid=hybrid)
        self._dimension = Dimension(dimension)
        self._metadata_checker = MetadataChecker()
        self._max_file_bytes = max_file_bytes
        self._row_group_rows = row_group_rows
        self._compression = compression
        self._checkers: dict[str, NamespaceChecker] = {}
        self._files: dict[str, NamespaceFiles] = {}
        self._kept: dict[str, list[FinishedFile]] = {}
        self._position = 0
        self._skipped = 0
        self.skipped_problems: list[Problem] = []
        self._since_checkpoint = 0
        self._closed = False
        self._manifest: Manifest | None = None
        try:
            self._place = open_location(destination)
        except StorageError as exc:
            raise WriterError(str(exc)) from exc
        self.uri = self._place.uri
        self._run = uuid.uuid4().hex[:12]
        self._open(overwrite)

    # -- opening ---------------------------------------------------------------------------------

    def _open(self, overwrite: bool) -> None:
        ensure_directory(self._place)
        opening = open_destination(
            self._place, part=self.part, resume_key=self.resume_key, overwrite=overwrite
        )
        if opening.start is Start.DONE:
            assert opening.manifest is not None
            self._manifest = opening.manifest
            self._position = opening.manifest.records + opening.manifest.skipped
            self._closed = True
        elif opening.start is Start.RESUME:
            assert opening.mark is not None
            self._resume(opening.mark)
        else:
            self._start_mark()

    def _start_mark(self) -> None:
        if self.part is not None:
            # The dataset as a whole stays in progress until its parts are combined.
            write_bytes(self._place, in_progress_mark(None), self._new_mark(None).to_json())
        self._write_mark()

    def _new_mark(self, part: str | None) -> Mark:
        return Mark(
            writer=self._run if part == self.part else PARTITIONED,
            part=part,
            key=self.resume_key if part == self.part else None,
            settings={
                "apiVersion": self.api_version,
                "vectorType": self.vector_type.value,
                "hybrid": self._hybrid,
                "dimension": self._dimension.value,
                "maxFileBytes": self._max_file_bytes,
            },
        )

    def _write_mark(self) -> None:
        mark = self._new_mark(self.part)
        mark.position = self._position
        mark.skipped = self._skipped
        mark.files = [(ns, f) for ns, files in sorted(self._kept.items()) for f in files]
        write_bytes(self._place, in_progress_mark(self.part), mark.to_json())

    def _resume(self, mark: Mark) -> None:
        """Keeps the files of the last checkpoint (opening deleted the rest of that run's files) and
        re-reads them through the rules, so dimension and duplicate ids are known again."""
        self._run = mark.writer
        self._position = mark.position
        self._skipped = mark.skipped
        for namespace, finished in mark.files:
            self._kept.setdefault(namespace, []).append(finished)
            problem = first_problem(self._place, finished.name, self._checker(namespace))
            if problem is not None:
                raise DestinationError(
                    f"{finished.name} no longer matches what was written "
                    f"({problem.message}); prepare the dataset anew with --overwrite"
                )
        for namespace, files in self._kept.items():
            numbers = [int(f.name.rsplit("-", 1)[1].removesuffix(".parquet")) for f in files]
            self._namespace_files(namespace).next_number = max(numbers) + 1

    # -- writing ---------------------------------------------------------------------------------

    @property
    def resume_position(self) -> int:
        """Input records already covered: by the last checkpoint when resuming, by everything once
        the dataset is complete. A resuming caller skips this many records of its input."""
        return self._position

    @property
    def complete(self) -> bool:
        """True once the dataset is finished (also when it was already finished on opening)."""
        return self._manifest is not None

    @property
    def records(self) -> int:
        """Records accepted so far (written or buffered), over all namespaces."""
        kept = sum(f.records for files in self._kept.values() for f in files)
        open_files = sum(
            sum(f.records for f in files.finished) + files.buffered_rows + files.rows_in_open_file
            for files in self._files.values()
        )
        return kept + open_files if self._manifest is None else self._manifest.records

    @property
    def skipped(self) -> int:
        return self._skipped

    def write(
        self,
        ids: Sequence[str] | Any,
        values: Any = None,
        *,
        sparse_values: Any = None,
        metadata: Any = None,
        namespace: str = DEFAULT_NAMESPACE,
    ) -> int:
        """Writes records given column by column: `values` a 2-D numpy array (float32 is shared
        without a copy) or a sequence of vectors; `sparse_values` a sequence of
        `{"indices": [...], "values": [...]}`; `metadata` a sequence of dicts or JSON strings.
        Returns how many records were accepted (the rest were skipped as invalid)."""
        self._check_writable()
        id_column = _arrow.id_array(ids)
        rows = len(id_column)
        columns: dict[str, pa.Array] = {ID: id_column}
        if values is not None:
            columns[VALUES] = _arrow.dense_array(values, rows)
        if sparse_values is not None:
            columns[SPARSE_VALUES] = _arrow.sparse_array(sparse_values, rows)
        if metadata is not None:
            columns[METADATA] = _arrow.metadata_array(metadata, rows)
        return self._accept([(namespace, self._import_batch(columns, rows))], label="write()")

    def write_table(
        self,
        data: TableInput,
        *,
        namespace: str | None = None,
        namespace_column: str | None = None,
        columns: ColumnMap | None = None,
        source: str = "table",
    ) -> int:
        """Writes a pyarrow Table or RecordBatch, an iterable of RecordBatches, or a pandas or polars
        DataFrame. `columns` says which input columns hold id, values, sparse values and metadata
        (default: the import's own names); the namespace is `namespace` for every row, or taken
        from `namespace_column`. Returns how many records were accepted."""
        self._check_writable()
        mapping = columns if columns is not None else ColumnMap()
        if namespace is not None and namespace_column is not None:
            raise WriterError("give namespace or namespace_column, not both")
        accepted = 0
        for batch in batches_of(data):
            if batch.num_rows == 0:
                continue
            unused = mapping.unused(batch.schema.names, namespace_column)
            if unused:
                raise WriterError(
                    f"input column {unused[0]!r} has no place in an import; collect columns into the "
                    "metadata (metadata_columns, --metadata-columns) or leave them out"
                )
            converted = mapping.convert(batch)
            groups = self._split_by_namespace(batch, converted, namespace, namespace_column)
            accepted += self._accept(groups, label=source)
        return accepted

    def _split_by_namespace(
        self,
        batch: pa.RecordBatch,
        converted: dict[str, pa.Array],
        namespace: str | None,
        namespace_column: str | None,
    ) -> list[tuple[str, pa.RecordBatch]]:
        whole = self._import_batch(converted, batch.num_rows)
        if namespace_column is None:
            return [(namespace if namespace is not None else DEFAULT_NAMESPACE, whole)]
        if namespace_column not in batch.schema.names:
            raise WriterError(f"the namespace column {namespace_column!r} is not in the input")
        return split_by_namespace(whole, batch.column(namespace_column), namespace_column)

    def _import_batch(self, columns: dict[str, pa.Array], rows: int) -> pa.RecordBatch:
        return _arrow.import_batch(self._schema, self.vector_type, columns, rows)

    def _accept(self, groups: list[tuple[str, pa.RecordBatch]], *, label: str) -> int:
        """Checks every group first, so a refused record leaves nothing of the call written."""
        checked_groups: list[tuple[str, pa.RecordBatch]] = []
        offset = 0
        try:
            for namespace, batch in groups:
                checker = self._checker(namespace)
                checked = checker.check_batch(batch, file=label, first_row=self._position + offset)
                if checked.problems and not self.skip_invalid:
                    checker.forget_ids(checked.good.column(ID).to_pylist())
                    first = checked.problems[0]
                    row = (first.row or 0) - self._position - offset
                    record_id = batch.column(ID)[row].as_py()
                    raise InvalidRecordError(first, record_id)
                checked_groups.append((namespace, checked.good))
                if checked.problems:
                    self._skipped += checked.bad_rows
                    room = KEPT_SKIPPED_PROBLEMS - len(self.skipped_problems)
                    self.skipped_problems.extend(checked.problems[: max(room, 0)])
                offset += batch.num_rows
        except InvalidRecordError:
            for namespace, good in checked_groups:
                self._checkers[namespace].forget_ids(good.column(ID).to_pylist())
            raise
        accepted = 0
        for namespace, good in checked_groups:
            if good.num_rows:
                self._namespace_files(namespace).add(good)
                accepted += good.num_rows
                self._since_checkpoint += good.nbytes
        self._position += sum(batch.num_rows for _, batch in groups)
        if self.resume_key is not None and self._since_checkpoint >= self._max_file_bytes:
            self.checkpoint()
        return accepted

    def checkpoint(self) -> None:
        """Closes every open file and records them (with the input position) in the in-progress
        mark: a run that resumes keeps them. Called by itself about once per file size written."""
        self._check_writable()
        self._close_open_files()
        self._since_checkpoint = 0
        self._write_mark()

    def _close_open_files(self) -> None:
        """Finishes each namespace's open file; every finished file is then kept (see checkpoint)."""
        for namespace, files in self._files.items():
            files.close_file()
            self._kept.setdefault(namespace, []).extend(files.finished)
            files.finished.clear()

    # -- namespaces ------------------------------------------------------------------------------

    def _checker(self, namespace: str) -> NamespaceChecker:
        checker = self._checkers.get(namespace)
        if checker is None:
            _check_namespace_name(namespace, self.api_version)
            if len(self._checkers) >= MAX_NAMESPACES:
                raise WriterError(f"one import takes at most {MAX_NAMESPACES} namespaces")
            checker = NamespaceChecker(
                namespace,
                vector_type=self.vector_type,
                dimension=self._dimension,
                metadata_checker=self._metadata_checker,
            )
            self._checkers[namespace] = checker
        return checker

    def _namespace_files(self, namespace: str) -> NamespaceFiles:
        files = self._files.get(namespace)
        if files is None:
            files = NamespaceFiles(self._place, namespace, self._run, self._file_settings())
            self._files[namespace] = files
        return files

    def _file_settings(self) -> FileSettings:
        rows = self._row_group_rows
        if rows is None:
            per_record = 4 * (self._dimension.value or 256) + 128
            rows = max(MIN_ROW_GROUP_ROWS, ROW_GROUP_BYTES // per_record)
            # Several row groups per file, so a file can roll before it passes the size limit.
            rows = max(1, min(rows, self._max_file_bytes // (4 * per_record)))
        return FileSettings(self._schema, self._max_file_bytes, rows, self._compression)

    # -- finishing -------------------------------------------------------------------------------

    def close(self) -> Manifest:
        """Finishes every file, writes the manifest, then removes the in-progress mark."""
        if self._manifest is not None:
            return self._manifest
        if self._closed:
            raise WriterError("this writer was abandoned after an error; open a new one to resume")
        self._close_open_files()
        manifest = Manifest(
            api_version=self.api_version,
            vector_type=self.vector_type.value,
            dimension=self._dimension.value if self.vector_type is VectorType.DENSE else None,
            namespaces={ns: NamespaceEntry(list(files)) for ns, files in sorted(self._kept.items())},
            skipped=self._skipped,
            key=self.resume_key,
            writers=[self._run],
        )
        if self.part is None:
            write_bytes(self._place, MANIFEST_NAME, manifest.to_json())
        else:
            write_bytes(self._place, part_manifest(self.part), manifest.to_json())
        delete_file(self._place, in_progress_mark(self.part))
        self._manifest = manifest
        self._closed = True
        return manifest

    def abandon(self) -> None:
        """Stops without finishing: open files are dropped and the in-progress mark stays."""
        if self._closed:
            return
        for files in self._files.values():
            files.abandon()
        self._closed = True

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    def _check_writable(self) -> None:
        if self._manifest is not None:
            raise WriterError(f"{self.uri} is already complete; nothing more can be written to it")
        if self._closed:
            raise WriterError("this writer is closed")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()

    def __repr__(self) -> str:
        return f"ImportWriter({self.uri!r}, part={self.part!r}, records={self.records})"


def _check_namespace_name(namespace: str, api_version: str) -> None:
    if not namespace or "/" in namespace or namespace in (".", "..") or namespace.strip() != namespace:
        raise WriterError(
            f"namespace {namespace!r} cannot be a folder name; use a non-empty name without '/' "
            "or surrounding spaces"
        )
    if namespace == DEFAULT_NAMESPACE and not default_namespace_allowed(api_version):
        raise WriterError(
            f"{DEFAULT_NAMESPACE_MESSAGE}; name a namespace, or use API version 2025-04 or later"
        )
