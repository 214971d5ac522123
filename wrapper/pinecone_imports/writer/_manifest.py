"""The manifest a finished write leaves beside its data, and the in-progress mark it replaces.

Both are small JSON files at the top of the destination. The mark also carries the last checkpoint
(which files are finished, how many input records they cover), so a run that resumes knows exactly
what to keep and where to pick up."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from pinecone_imports.writer._errors import WriterError
from pinecone_imports.writer._files import FinishedFile

MANIFEST_FORMAT: Final = "pinecone-imports.manifest/1"
MARK_FORMAT: Final = "pinecone-imports.in-progress/1"


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json_bytes(data: dict[str, Any]) -> bytes:
    """Both files are small and read by people too: indented, UTF-8, one final newline."""
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


@dataclass
class NamespaceEntry:
    """One namespace of a dataset: its files, and their records and bytes."""

    files: list[FinishedFile] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "bytes": self.bytes, "files": [f.to_dict() for f in self.files]}


@dataclass
class Manifest:
    """What a finished dataset holds. `key` identifies the input it was prepared from, when known."""

    api_version: str
    vector_type: str
    dimension: int | None
    namespaces: dict[str, NamespaceEntry]
    skipped: int = 0
    key: str | None = None
    writers: list[str] = field(default_factory=list)
    created_at: str = field(default_factory=now_text)

    @property
    def records(self) -> int:
        return sum(entry.records for entry in self.namespaces.values())

    @property
    def total_bytes(self) -> int:
        return sum(entry.bytes for entry in self.namespaces.values())

    @property
    def files(self) -> int:
        return sum(len(entry.files) for entry in self.namespaces.values())

    def counts(self) -> dict[str, int]:
        """Records per namespace: what the index should show once the import has finished."""
        return {name: entry.records for name, entry in sorted(self.namespaces.items())}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "apiVersion": self.api_version,
            "vectorType": self.vector_type,
            "dimension": self.dimension,
            "records": self.records,
            "skipped": self.skipped,
            "bytes": self.total_bytes,
            "files": self.files,
            "namespaces": {name: entry.to_dict() for name, entry in sorted(self.namespaces.items())},
            "key": self.key,
            "writers": self.writers,
            "createdAt": self.created_at,
        }

    def to_json(self) -> bytes:
        return _json_bytes(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != MANIFEST_FORMAT:
            raise WriterError(f"not a manifest this version understands (format {data.get('format')!r})")
        return cls(
            api_version=data["apiVersion"],
            vector_type=data["vectorType"],
            dimension=data.get("dimension"),
            namespaces={name: _entry(raw) for name, raw in data.get("namespaces", {}).items()},
            skipped=int(data.get("skipped", 0)),
            key=data.get("key"),
            writers=list(data.get("writers", [])),
            created_at=data.get("createdAt", ""),
        )


def _entry(raw: dict[str, Any]) -> NamespaceEntry:
    return NamespaceEntry([FinishedFile.from_dict(f) for f in raw["files"]])


@dataclass
class Mark:
    """The in-progress mark: who is writing, with which settings, and the last checkpoint."""

    writer: str
    part: str | None
    key: str | None
    settings: dict[str, Any]
    position: int = 0
    skipped: int = 0
    files: list[tuple[str, FinishedFile]] = field(default_factory=list)
    started_at: str = field(default_factory=now_text)

    def to_json(self) -> bytes:
        data = {
            "format": MARK_FORMAT,
            "writer": self.writer,
            "part": self.part,
            "key": self.key,
            "settings": self.settings,
            "startedAt": self.started_at,
            "checkpoint": {
                "position": self.position,
                "skipped": self.skipped,
                "files": [dict(f.to_dict(), namespace=ns) for ns, f in self.files],
            },
        }
        return _json_bytes(data)

    @classmethod
    def from_json(cls, raw: bytes) -> Mark:
        data = json.loads(raw)
        if data.get("format") != MARK_FORMAT:
            raise WriterError(f"not an in-progress mark this version understands ({data.get('format')!r})")
        checkpoint = data.get("checkpoint", {})
        return cls(
            writer=data["writer"],
            part=data.get("part"),
            key=data.get("key"),
            settings=data.get("settings", {}),
            position=int(checkpoint.get("position", 0)),
            skipped=int(checkpoint.get("skipped", 0)),
            files=[(f["namespace"], FinishedFile.from_dict(f)) for f in checkpoint.get("files", [])],
            started_at=data.get("startedAt", ""),
        )
