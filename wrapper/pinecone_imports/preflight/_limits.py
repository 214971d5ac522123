"""Limits of one import and of one record, as Pinecone's current documentation states them."""

from dataclasses import dataclass
from typing import Final

MAX_NAMESPACES: Final = 10_000
MAX_FILES: Final = 100_000
MAX_FILE_BYTES: Final = 10 * 1000**3
MAX_TOTAL_BYTES: Final = 1000**4
MAX_ID_CHARS: Final = 512
# Pinecone states the metadata limit as 40 KB per record; we read KB as 1024 bytes, the larger
# reading, so the validator never rejects data the service would take.
MAX_METADATA_BYTES: Final = 40 * 1024
DEFAULT_NAMESPACE: Final = "__default__"


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Per-import limits in one value, so callers (and tests) can tighten them without patching."""

    max_namespaces: int = MAX_NAMESPACES
    max_files: int = MAX_FILES
    max_file_bytes: int = MAX_FILE_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES


DEFAULT_LIMITS: Final = ImportLimits()
