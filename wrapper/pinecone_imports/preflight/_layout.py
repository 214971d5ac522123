"""Rules about the shape of a whole source: namespaces, stray files, and per-import limits."""

from __future__ import annotations

from pinecone_imports._api._versions import DEFAULT_NAMESPACE_SINCE, accepts_default_namespace
from pinecone_imports.preflight import _limits
from pinecone_imports.preflight._marks import IN_PROGRESS_MESSAGE, is_in_progress_mark
from pinecone_imports.preflight._problems import Problem, Rule, Severity
from pinecone_imports.preflight._source import Listing

DEFAULT_NAMESPACE_MESSAGE = (
    f"Use of namespace='{_limits.DEFAULT_NAMESPACE}' is not allowed in API versions prior to "
    f"{DEFAULT_NAMESPACE_SINCE}"
)
# The rule itself lives with the other per-version rules; this name is the validator's.
default_namespace_allowed = accepts_default_namespace


def check_layout(
    listing: Listing, *, api_version: str, limits: _limits.ImportLimits = _limits.DEFAULT_LIMITS
) -> list[Problem]:
    """Problems with the source as a whole; an empty list means the layout is importable."""
    problems: list[Problem] = []
    for name in listing.top_level_files:
        problems.append(
            Problem(
                Rule.LAYOUT_TOP_LEVEL_FILE,
                "Parquet files must sit inside a namespace folder, not at the top level",
                file=name,
            )
        )
    if not listing.namespaces:
        problems.append(Problem(Rule.LAYOUT_NO_NAMESPACES, "no namespace folders found"))
    with_files = {f.namespace for f in listing.files}
    for namespace in listing.namespaces:
        if namespace not in with_files:
            problems.append(
                Problem(
                    Rule.LAYOUT_EMPTY_NAMESPACE,
                    "namespace folder holds no .parquet files; it is skipped",
                    severity=Severity.WARNING,
                    namespace=namespace,
                )
            )
    if _limits.DEFAULT_NAMESPACE in listing.namespaces and not default_namespace_allowed(api_version):
        problems.append(
            Problem(
                Rule.NAMESPACE_DEFAULT_NOT_ALLOWED,
                DEFAULT_NAMESPACE_MESSAGE,
                namespace=_limits.DEFAULT_NAMESPACE,
            )
        )
    problems.extend(
        Problem(Rule.LAYOUT_IN_PROGRESS, IN_PROGRESS_MESSAGE, file=name)
        for name in listing.ignored
        if is_in_progress_mark(name)
    )
    for name in listing.ignored:
        message = (
            "folder inside a namespace; imports do not read nested folders"
            if name.endswith("/")
            else "not a .parquet file; ignored"
        )
        problems.append(Problem(Rule.LAYOUT_IGNORED_FILE, message, severity=Severity.INFO, file=name))
    problems.extend(check_limits(listing, limits))
    return problems


# Limits that the listing alone shows are broken: the import cannot start, whatever the records hold.
IMPOSSIBLE_IMPORT_RULES = frozenset(
    {Rule.LIMIT_NAMESPACES, Rule.LIMIT_FILES, Rule.LIMIT_FILE_SIZE, Rule.LIMIT_TOTAL_SIZE}
)


def check_limits(listing: Listing, limits: _limits.ImportLimits) -> list[Problem]:
    """Per-import limits: namespace count, file count, file size and total size."""
    problems: list[Problem] = []
    if len(listing.namespaces) > limits.max_namespaces:
        problems.append(
            Problem(
                Rule.LIMIT_NAMESPACES,
                f"{len(listing.namespaces):,} namespaces; one import takes at most {limits.max_namespaces:,}",
            )
        )
    if len(listing.files) > limits.max_files:
        problems.append(
            Problem(
                Rule.LIMIT_FILES,
                f"{len(listing.files):,} files; one import takes at most {limits.max_files:,}",
            )
        )
    for data_file in listing.files:
        if data_file.size > limits.max_file_bytes:
            problems.append(
                Problem(
                    Rule.LIMIT_FILE_SIZE,
                    f"file is {data_file.size:,} bytes; the limit is {limits.max_file_bytes:,} per file",
                    namespace=data_file.namespace,
                    file=data_file.name,
                )
            )
    if listing.total_bytes > limits.max_total_bytes:
        problems.append(
            Problem(
                Rule.LIMIT_TOTAL_SIZE,
                f"{listing.total_bytes:,} bytes in total; "
                f"one import takes at most {limits.max_total_bytes:,}",
            )
        )
    return problems
