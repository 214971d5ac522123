"""`load`'s steps after prepare: validate, find or start the import, wait, and verify the index.

Never a second import for one URI: before starting, the index's imports are listed and one that is
running or finished for the same URI is followed instead."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import CliFailure, error_document, usage_failure
from pinecone_imports._cli._validation_view import summary_line

if TYPE_CHECKING:
    from pinecone_imports._cli._session import Session
    from pinecone_imports._client import ImportsClient
    from pinecone_imports._client._models import BulkImport
    from pinecone_imports.writer import Manifest
    from pinecone_imports.writer._prepare import PrepareOptions

# The index may show new vectors a little after an import completes; load waits this long for it.
STATS_WAIT_SECONDS: Final = 60.0
_FOLLOWED: Final = ("Pending", "InProgress", "Completed")

# Where the step lines of load and the demo go.
Say = Callable[[str], None]


def narrator(session: Session) -> Say:
    """The terminal, or nowhere with --json (whose one document comes at the end)."""
    return (lambda _text: None) if session.json_output else session.report.output.line


def import_uri(destination: str) -> str:
    """The URI an index is asked to import: a local folder becomes file:///ABS/PATH. A location the
    storage layer refuses (its form, missing credentials) is a usage error, as it is for prepare."""
    from pinecone_imports._storage import StorageError, open_location  # noqa: PLC0415

    try:
        place = open_location(destination)
    except StorageError as exc:
        raise CliFailure(f"Error: {exc}", ExitCode.USAGE_ERROR, kind=type(exc).__name__) from exc
    if place.cloud == "local":
        return Path(place.path).as_uri()
    return place.uri


def check_destination_for(destination: str, uri: str, host: str) -> None:
    """A hosted index reads object storage only: a local DEST, whose `uri` (from `import_uri`) is a
    file:// URI, makes sense for a loopback server."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    from pinecone_imports._client._config import is_loopback_host  # noqa: PLC0415

    if not uri.startswith("file:"):
        return
    hostname = urlsplit(host if "://" in host else f"https://{host}").hostname or ""
    if not is_loopback_host(hostname):
        raise usage_failure(
            f"--to {destination} is a local folder, which the index at {host} cannot read; "
            "use an object storage URI such as s3://BUCKET/DIR "
            "(or load into a local server: pinecone-imports serve)"
        )


def validate_prepared(destination: str, manifest: Manifest, say: Say) -> dict[str, Any]:
    from pinecone_imports.preflight import validate_source  # noqa: PLC0415

    report = validate_source(
        destination,
        dimension=manifest.dimension,
        vector_type=manifest.vector_type,
        api_version=manifest.api_version,
    )
    say(f"    {summary_line(report)}")
    if not report.ok:
        raise CliFailure(
            f"Error: {destination} would not import cleanly: {report.summary.errors} problems "
            f"(see: pinecone-imports validate {destination})",
            ExitCode.DATA_INVALID,
            document=report.to_dict(),
        )
    summary: dict[str, Any] = report.summary.to_dict()
    return summary


def existing_import(client: ImportsClient, uri: str) -> BulkImport | None:
    """The newest import of `uri` that is running or completed, if any."""
    wanted = uri.rstrip("/")
    found: BulkImport | None = None
    for candidate in client.list_imports():
        if (candidate.uri or "").rstrip("/") != wanted or candidate.status not in _FOLLOWED:
            continue
        if found is None or _created(candidate) >= _created(found):
            found = candidate
    return found


def _created(found: BulkImport) -> str:
    # ISO text in UTC sorts by time; an import without a time sorts first.
    return found.created_at.isoformat() if found.created_at is not None else ""


def run_import(
    session: Session,
    client: ImportsClient,
    uri: str,
    *,
    integration_id: str | None,
    error_mode: str | None,
    timeout: float | None,
    interval: float,
    say: Say,
    before_start: Callable[[], None] | None = None,
) -> tuple[BulkImport, bool]:
    """Follows the import already running or finished for `uri`, or starts one (after
    `before_start`, which may refuse by raising), and waits for it with progress shown."""
    previous = existing_import(client, uri)
    if previous is not None:
        say(f"    import {previous.id} of {uri} is already {previous.status}: following it (none started)")
        import_id, reused = previous.id, True
    else:
        if before_start is not None:
            before_start()
        started = client.start_import(uri, integration_id=integration_id, error_mode=error_mode)
        mode = error_mode or "the service's default"
        say(f"    started import {started.id} of {uri} (error mode: {mode})")
        import_id, reused = started.id, False
    assert import_id is not None
    view = session.report.progress(import_id)
    with view:
        final = client.wait_for_import(
            import_id, timeout=timeout, poll_interval=interval, on_progress=view.update
        )
    return final, reused


def check_index(client: ImportsClient, options: PrepareOptions) -> dict[str, Any]:
    """Asks the index for its statistics before any data is written: a wrong host or key, or data the
    index cannot take (another vector type, another --dimension), ends the command now instead of
    after preparing and validating. Returns the statistics, for `check_fits_index`."""
    stats = client.describe_index_stats()
    index_type = stats.get("vectorType")
    if isinstance(index_type, str) and index_type.lower() != options.vector_type:
        raise usage_failure(
            f"the index holds {index_type.lower()} vectors and --vector-type is {options.vector_type}; "
            f"pass --vector-type {index_type.lower()} or load into a {options.vector_type} index"
        )
    dimension = stats.get("dimension")
    if options.dimension is not None and dimension and dimension != options.dimension:
        raise usage_failure(
            f"--dimension {options.dimension} does not match the index, whose dimension is {dimension}"
        )
    return stats


def check_fits_index(manifest: Manifest, stats: dict[str, Any]) -> None:
    """The prepared vectors' dimension against the index's, before the import is validated and started."""
    dimension = stats.get("dimension")
    if manifest.dimension is not None and dimension and manifest.dimension != dimension:
        line = (
            f"Error: the prepared vectors have dimension {manifest.dimension} and the index has dimension "
            f"{dimension}; the import would fail. Load them into an index of dimension {manifest.dimension}"
        )
        document = error_document(
            "DimensionMismatch", line, ExitCode.USAGE_ERROR, prepared=manifest.dimension, index=dimension
        )
        raise CliFailure(line, ExitCode.USAGE_ERROR, document=document)


def namespace_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Vectors per namespace in a describe_index_stats answer."""
    namespaces = stats.get("namespaces") or {}
    return {name: int((entry or {}).get("vectorCount") or 0) for name, entry in namespaces.items()}


def refuse_taken_namespaces(manifest: Manifest, client: ImportsClient) -> None:
    """An import needs every target namespace to be new: say so before starting rather than after.

    The index is asked again rather than trusted from `check_index`: a prepare may take hours, and
    what matters is which namespaces exist when the import starts."""
    counts = namespace_counts(client.describe_index_stats())
    taken = [name for name in manifest.counts() if counts.get(name)]
    if taken:
        line = (
            f"Error: the index already has namespace {taken[0]!r} ({counts[taken[0]]:,} vectors) and an "
            "import only writes new namespaces; choose other namespace names, or delete that namespace first"
        )
        document = error_document("NamespaceExists", line, ExitCode.USAGE_ERROR, namespaces=taken)
        raise CliFailure(line, ExitCode.USAGE_ERROR, document=document)


def verify_counts(
    manifest: Manifest,
    client: ImportsClient,
    *,
    say: Say,
    wait_seconds: float = STATS_WAIT_SECONDS,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Polls describe_index_stats until every namespace of the manifest shows its count, for at most
    `wait_seconds`; a shortfall after that ends the command."""
    expected = {name: count for name, count in manifest.counts().items() if count}
    deadline = time.monotonic() + wait_seconds
    said = False
    while True:
        stats = client.describe_index_stats()
        counts = namespace_counts(stats)
        shown = {name: counts.get(name, 0) for name in expected}
        if shown == expected:
            return shown, stats
        if time.monotonic() >= deadline:
            line = (
                f"Error: after {wait_seconds:.0f} s the index shows {shown}, "
                f"but the dataset holds {expected}; "
                "the import completed, so check the index again later"
            )
            document = error_document(
                "CountMismatch", line, ExitCode.API_ERROR, expected=expected, shown=shown
            )
            raise CliFailure(line, ExitCode.API_ERROR, document=document)
        if not said:
            say(f"    waiting up to {wait_seconds:.0f} s for the index's counts to catch up")
            said = True
        time.sleep(1.0)
