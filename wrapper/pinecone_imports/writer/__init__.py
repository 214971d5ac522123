"""Writing import data: from a caller's vectors to files in exactly the layout Pinecone imports read.

`ImportWriter` checks every record with the validator's rules, rolls files at a size limit, marks the
destination in progress until it finishes and then leaves a manifest. Several writers can each write
one part of a dataset (one per worker of a distributed job); `combine_manifests` finishes it."""

from pinecone_imports.writer._combine import combine_manifests
from pinecone_imports.writer._dataset import read_manifest
from pinecone_imports.writer._errors import DestinationError, InvalidRecordError, WriterError
from pinecone_imports.writer._files import FinishedFile
from pinecone_imports.writer._manifest import Manifest, NamespaceEntry
from pinecone_imports.writer._tables import ColumnMap
from pinecone_imports.writer._writer import DEFAULT_MAX_FILE_BYTES, ImportWriter

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "ColumnMap",
    "DestinationError",
    "FinishedFile",
    "ImportWriter",
    "InvalidRecordError",
    "Manifest",
    "NamespaceEntry",
    "WriterError",
    "combine_manifests",
    "read_manifest",
]
