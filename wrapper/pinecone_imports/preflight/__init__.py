"""Preflight validation of bulk-import data, and the rule engine the local import server shares.

`validate_source` checks a whole location; `NamespaceChecker` applies the record rules batch by batch
for callers that stream data themselves; `open_source` lists and opens data the way an import does."""

from pinecone_imports.preflight._layout import (
    DEFAULT_NAMESPACE_MESSAGE,
    check_layout,
    default_namespace_allowed,
)
from pinecone_imports.preflight._limits import DEFAULT_LIMITS, ImportLimits
from pinecone_imports.preflight._metadata import MetadataChecker
from pinecone_imports.preflight._problems import Problem, Rule, Severity
from pinecone_imports.preflight._records import (
    CheckedBatch,
    CheckerPerNamespace,
    Dimension,
    NamespaceChecker,
)
from pinecone_imports.preflight._report import Summary, ValidationReport
from pinecone_imports.preflight._scan import FileStep, scan_files
from pinecone_imports.preflight._schema import VectorType
from pinecone_imports.preflight._source import (
    DataFile,
    DataSource,
    Listing,
    OutsideRootError,
    SourceError,
    open_source,
)
from pinecone_imports.preflight._validate import NEWEST_API_VERSION, ValidationProgress, validate_source

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_NAMESPACE_MESSAGE",
    "NEWEST_API_VERSION",
    "CheckedBatch",
    "CheckerPerNamespace",
    "DataFile",
    "DataSource",
    "Dimension",
    "FileStep",
    "ImportLimits",
    "Listing",
    "MetadataChecker",
    "NamespaceChecker",
    "OutsideRootError",
    "Problem",
    "Rule",
    "Severity",
    "SourceError",
    "Summary",
    "ValidationProgress",
    "ValidationReport",
    "VectorType",
    "check_layout",
    "default_namespace_allowed",
    "open_source",
    "scan_files",
    "validate_source",
]
