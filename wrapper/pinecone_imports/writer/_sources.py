"""The inputs of `prepare`: Parquet files and folders, and JSONL files, read batch by batch.

Sources are opened through the storage layer, so a source may be a local path or a cloud URI just
like a destination. JSONL lines are parsed with the standard library, one record per line, because
metadata objects vary from line to line and Arrow's JSON reader fixes a schema from the first block."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs

from pinecone_imports._storage import StorageError, StorageLocation, open_location
from pinecone_imports.preflight._scan import rows_per_batch
from pinecone_imports.writer._errors import WriterError

JSONL_SUFFIXES: Final = (".jsonl", ".ndjson")
PARQUET_SUFFIX: Final = ".parquet"
JSONL_BATCH_ROWS: Final = 8192


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file. `folder_namespace` is the subfolder it sat in under a source folder, if any."""

    label: str
    place: StorageLocation
    path: str
    size: int
    mtime: float | None
    kind: str  # "parquet" or "jsonl"
    folder_namespace: str | None = None

    def fingerprint(self) -> list[Any]:
        return [self.label, self.size, self.mtime]


def find_source_files(sources: Sequence[str | os.PathLike[str]]) -> list[SourceFile]:
    """Every input file, in a stable order; raises `WriterError` for missing or unknown inputs."""
    found: list[SourceFile] = []
    for source in sources:
        try:
            place = open_location(source)
            info = place.filesystem.get_file_info(place.path)
        except (StorageError, OSError) as exc:
            raise WriterError(f"cannot read {os.fspath(source)}: {exc}") from exc
        if info.type == fs.FileType.NotFound:
            raise WriterError(f"{os.fspath(source)} does not exist")
        if info.type == fs.FileType.File:
            named = _source_file(place, info, os.fspath(source), None)
            if named is None:
                raise WriterError(
                    f"{os.fspath(source)}: give Parquet (.parquet) or JSON Lines (.jsonl, .ndjson) files"
                )
            found.append(named)
            continue
        infos = place.filesystem.get_file_info(fs.FileSelector(place.path, recursive=True))
        inside = sorted((i for i in infos if i.type == fs.FileType.File), key=lambda i: i.path)
        before = len(found)
        for inner in inside:
            relative = inner.path[len(place.path) :].lstrip("/")
            parts = relative.split("/")
            folder = parts[0] if len(parts) == 2 else None
            candidate = _source_file(place, inner, f"{os.fspath(source).rstrip('/')}/{relative}", folder)
            if candidate is not None:
                found.append(candidate)
        if len(found) == before:
            raise WriterError(f"{os.fspath(source)} holds no .parquet, .jsonl or .ndjson files")
    return found


def _source_file(
    place: StorageLocation, info: fs.FileInfo, label: str, folder: str | None
) -> SourceFile | None:
    """The input file `info` describes; None when it is neither Parquet nor JSON Lines."""
    name = info.base_name.lower()
    if name.endswith(PARQUET_SUFFIX):
        kind = "parquet"
    elif name.endswith(JSONL_SUFFIXES):
        kind = "jsonl"
    else:
        return None
    mtime = info.mtime.timestamp() if info.mtime is not None else None
    return SourceFile(label, place, info.path, info.size or 0, mtime, kind, folder)


def source_key(files: Sequence[SourceFile], options: dict[str, Any]) -> str:
    """Identifies one prepare job: the same inputs (names, sizes, times) and the same options."""
    text = json.dumps({"files": [f.fingerprint() for f in files], "options": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def read_batches(source: SourceFile, batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
    if source.kind == "parquet":
        with source.place.filesystem.open_input_file(source.path) as handle:
            try:
                parquet = pq.ParquetFile(handle)
            except pa.ArrowInvalid as exc:
                raise WriterError(f"{source.label} is not a readable Parquet file: {exc}") from exc
            # Wide rows make smaller batches, the validator's way, so memory stays flat.
            yield from parquet.iter_batches(batch_size=rows_per_batch(parquet.metadata, batch_rows))
        return
    yield from _jsonl_batches(source)


def _jsonl_batches(source: SourceFile) -> Iterator[pa.RecordBatch]:
    with source.place.filesystem.open_input_stream(source.path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        rows: list[dict[str, Any]] = []
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise WriterError(f"{source.label}, line {number}: not valid JSON ({exc})") from exc
            if not isinstance(record, dict):
                raise WriterError(f"{source.label}, line {number}: each line must be one JSON object")
            rows.append(record)
            if len(rows) >= JSONL_BATCH_ROWS:
                yield _jsonl_batch(rows, source.label)
                rows = []
        if rows:
            yield _jsonl_batch(rows, source.label)


def _jsonl_batch(rows: list[dict[str, Any]], label: str) -> pa.RecordBatch:
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    columns: dict[str, pa.Array] = {}
    for key in keys:
        items = [row.get(key) for row in rows]
        columns[key] = _jsonl_column(items, key, label)
    return pa.RecordBatch.from_pydict(columns)


def _jsonl_column(items: list[Any], key: str, label: str) -> pa.Array:
    present = [item for item in items if item is not None]
    if any(isinstance(item, dict) for item in present):
        # A column of objects is sparse vectors when every object has exactly their two keys;
        # otherwise it is metadata, kept as JSON text (strings as they are) for the rules to judge.
        if all(isinstance(item, dict) and set(item) == {"indices", "values"} for item in present):
            return pa.array(
                items, pa.struct([("indices", pa.list_(pa.int64())), ("values", pa.list_(pa.float64()))])
            )
        return pa.array([_json_text(item) for item in items], pa.string())
    try:
        return pa.array(items)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise WriterError(f"{label}: the values of {key!r} mix types ({exc})") from exc


def _json_text(item: Any) -> str | None:
    if item is None or isinstance(item, str):
        return item
    return json.dumps(item, ensure_ascii=False)
