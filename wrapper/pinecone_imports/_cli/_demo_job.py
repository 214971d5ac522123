"""The main job, end to end on this machine: sample data → validation → local server → import.

Everything goes through the same pieces a user would use: the sample data is real Parquet, the
validator is `validate`'s, the server is `serve`'s, and the import is started and followed with
the normal ImportsClient and the command line's own progress view.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import PROG, CliFailure
from pinecone_imports._cli._validation_view import size_text, summary_line
from pinecone_imports._client import ImportsClient
from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.preflight import validate_source

if TYPE_CHECKING:
    from pinecone_imports._cli._session import Session


@dataclass(frozen=True)
class DemoSettings:
    records: int
    namespaces: int
    dimension: int
    keep: Path | None


def index_stats(url: str, api_key: str, api_version: str) -> dict[str, Any]:
    """The server's describe_index_stats answer, fetched the way any Pinecone client does."""
    response = httpx.post(
        f"{url}/describe_index_stats",
        headers={"Api-Key": api_key, "X-Pinecone-Api-Version": api_version},
        json={},
        timeout=30,
    )
    response.raise_for_status()
    stats: dict[str, Any] = response.json()
    return stats


def run_demo(session: Session, settings: DemoSettings) -> None:
    if settings.keep is not None:
        settings.keep.mkdir(parents=True, exist_ok=True)
        _run_in(session, settings, settings.keep)
        return
    with tempfile.TemporaryDirectory(prefix="pinecone-imports-demo-") as scratch:
        _run_in(session, settings, Path(scratch))


def _run_in(session: Session, settings: DemoSettings, workdir: Path) -> None:
    out = session.report.output
    say = (lambda _text: None) if session.json_output else out.line
    data_dir = workdir / "data"

    say(
        f"1/4 Writing a sample dataset: {settings.records:,} dense records of {settings.dimension} "
        f"dimensions with metadata, in {settings.namespaces} namespaces under {data_dir}"
    )
    dataset = write_sample_dataset(
        data_dir, records=settings.records, dimension=settings.dimension, namespaces=settings.namespaces
    )

    say("2/4 Validating it, as `pinecone-imports validate` does")
    report = validate_source(data_dir, dimension=settings.dimension, api_version=session.api_version)
    say(f"    {summary_line(report)}")
    if not report.ok:
        raise CliFailure(
            "Error: the sample data did not validate; this is a bug in pinecone-imports",
            ExitCode.API_ERROR,
            document=report.to_dict(),
        )

    say("3/4 Starting a local import server on a free loopback port")
    with LocalImportServer(
        data_root=data_dir, db_path=workdir / "index.db", dimension=settings.dimension
    ) as server:
        say(f"    serving at {server.url}")
        say(f"4/4 Importing {dataset.uri} through ImportsClient, following it until it finishes")
        began = time.monotonic()
        with ImportsClient(server.url, server.api_key, session.api_version) as client:
            started = client.start_import(dataset.uri, error_mode="abort")
            view = session.report.progress(started.id)
            with view:
                final = client.wait_for_import(started.id, poll_interval=0.2, on_progress=view.update)
        seconds = time.monotonic() - began
        stats = index_stats(server.url, server.api_key, session.api_version)

    counts = {name: entry.get("vectorCount") for name, entry in stats.get("namespaces", {}).items()}
    if session.json_output:
        out.document(
            {
                "dataset": {
                    "uri": dataset.uri,
                    "records": dataset.total_records,
                    "dimension": dataset.dimension,
                    "recordsPerNamespace": dataset.records_per_namespace,
                },
                "validation": report.summary.to_dict(),
                "import": final.to_dict(),
                "seconds": round(seconds, 3),
                "indexStats": stats,
            }
        )
    else:
        say("")
        say(f"Import {final.id}: {final.status}, {final.records_imported or 0:,} records in {seconds:.1f} s")
        for name in dataset.namespaces:
            wrote = dataset.records_per_namespace[name]
            say(f"    namespace {name}: {counts.get(name, 0):,} vectors (wrote {wrote:,})")
        total = stats.get("totalVectorCount", 0)
        say(f"    index: dimension {stats.get('dimension')}, {total:,} vectors in total")
        say(f"    data on disk: {size_text(sum(f.stat().st_size for f in dataset.files))} of Parquet")
        say("")
        say("The same commands work against a real Pinecone index:")
        say("    export PINECONE_HOST=<your index host>  PINECONE_API_KEY=<your key>")
        say(f"    {PROG} validate s3://your-bucket/your-prefix/ --dimension <index dimension>")
        say(f"    {PROG} start s3://your-bucket/your-prefix/ --error-mode abort --wait")
        say(f"Or run the local server yourself: {PROG} serve --data-root DIR --db local.db")

    if final.status != "Completed":
        raise CliFailure(
            f"Error: the demo import ended {final.status}: {final.error}",
            ExitCode.IMPORT_FAILED,
            document=final.to_dict(),
        )
    if counts != dataset.records_per_namespace:
        raise CliFailure(
            f"Error: the index holds {counts}, but {dataset.records_per_namespace} were written",
            ExitCode.API_ERROR,
        )
