"""The main job, end to end on this machine: a user's own vectors → prepare → validate → load into a
local server → verify.

Everything goes through the pieces a user would use: the sample input is a plain Parquet file as
people tend to write them (float64 vectors, metadata in ordinary columns, a namespace column),
`prepare`'s writer turns it into the import layout, `validate`'s validator checks it, the server is
`serve`'s, and the import is started, followed and verified with `load`'s own steps.
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pinecone_imports._cli._exit_codes import ExitCode
from pinecone_imports._cli._failures import PROG, CliFailure
from pinecone_imports._cli._loading import (
    import_uri,
    namespace_counts,
    narrator,
    run_import,
    validate_prepared,
    verify_counts,
)
from pinecone_imports._cli._preparing import run_prepare
from pinecone_imports._cli._validation_view import size_text
from pinecone_imports._client import ImportsClient
from pinecone_imports._sample_data import sample_table
from pinecone_imports._text import plural
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.writer import ColumnMap
from pinecone_imports.writer._prepare import PrepareOptions

if TYPE_CHECKING:
    from pinecone_imports._cli._session import Session


@dataclass(frozen=True)
class DemoSettings:
    records: int
    namespaces: int
    dimension: int
    keep: Path | None


def write_user_vectors(path: Path, settings: DemoSettings) -> dict[str, int]:
    """A Parquet file shaped the way a first attempt usually is: values as float64 lists and
    metadata as separate columns, which an import would refuse as they are."""
    rng = random.Random(0)  # noqa: S311 -- sample data, not secrets
    counts = {f"ns-{n}": settings.records // settings.namespaces for n in range(settings.namespaces)}
    for n in range(settings.records % settings.namespaces):
        counts[f"ns-{n}"] += 1
    writer: pq.ParquetWriter | None = None
    try:
        for name, count in counts.items():
            table = sample_table(name, 0, count, settings.dimension, rng)
            title = pc.binary_join_element_wise("record ", pc.cast(pa.array(range(count)), pa.string()), "")
            user = pa.table(
                {
                    "id": table.column("id"),
                    "values": pc.cast(table.column("values"), pa.list_(pa.float64())),
                    "genre": pa.array([("news", "sports", "science")[i % 3] for i in range(count)]),
                    "year": pa.array([1990 + i % 35 for i in range(count)], pa.int64()),
                    "title": title,
                    "ns": pa.array([name] * count),
                }
            )
            if writer is None:
                writer = pq.ParquetWriter(path, user.schema)
            writer.write_table(user)
    finally:
        if writer is not None:
            writer.close()
    return counts


def run_demo(session: Session, settings: DemoSettings) -> None:
    if settings.keep is not None:
        settings.keep.mkdir(parents=True, exist_ok=True)
        _run_in(session, settings, settings.keep)
        return
    with tempfile.TemporaryDirectory(prefix="pinecone-imports-demo-") as scratch:
        _run_in(session, settings, Path(scratch))


def _run_in(session: Session, settings: DemoSettings, workdir: Path) -> None:
    say = narrator(session)
    source = workdir / "vectors.parquet"
    data_dir = workdir / "data"

    say(
        f"1/5 Writing your own vectors: {settings.records:,} records of {settings.dimension} float64 "
        f"values, metadata in columns genre, year, title, namespace in column ns, to {source}"
    )
    wrote = write_user_vectors(source, settings)

    say(f"2/5 Preparing them for import, as `{PROG} prepare` does, into {data_dir}")
    options = PrepareOptions(
        dimension=settings.dimension,
        namespace_column="ns",
        columns=ColumnMap(metadata_columns=("genre", "year", "title")),
        api_version=session.api_version,
        overwrite=True,
    )
    prepared = run_prepare(session, [str(source)], str(data_dir), options)
    manifest = prepared.manifest
    say(
        f"    {plural(manifest.records, 'record')} in {plural(manifest.files, 'file')}, "
        f"{size_text(manifest.total_bytes)}"
    )

    say(f"3/5 Validating them, as `{PROG} validate` does")
    validation = validate_prepared(str(data_dir), manifest, say)

    say("4/5 Loading them into a local import server on a free loopback port")
    with LocalImportServer(
        data_root=data_dir, db_path=workdir / "index.db", dimension=settings.dimension
    ) as server:
        say(f"    serving at {server.url}")
        began = time.monotonic()
        with ImportsClient(server.url, server.api_key, session.api_version) as client:
            final, _reused = run_import(
                session,
                client,
                import_uri(str(data_dir)),
                integration_id=None,
                error_mode="abort",
                timeout=None,
                interval=0.2,
                say=say,
            )
            seconds = time.monotonic() - began
            say("5/5 Verifying the index's counts against the manifest (describe_index_stats)")
            if final.status == "Completed":
                _counts, stats = verify_counts(manifest, client, say=say, wait_seconds=10)
            else:
                stats = {}

    document = {
        "dataset": {
            "records": settings.records,
            "dimension": settings.dimension,
            "recordsPerNamespace": wrote,
        },
        "prepare": prepared.to_dict(),
        "validation": validation,
        "import": final.to_dict(),
        "seconds": round(seconds, 3),
        "indexStats": stats,
    }
    if session.json_output:
        session.report.output.document(document)
    else:
        _show(session, document)
    if final.status != "Completed":
        raise CliFailure(
            f"Error: the demo import ended {final.status}: {final.error}",
            ExitCode.IMPORT_FAILED,
            document=final.to_dict(),
        )


def _show(session: Session, document: dict[str, Any]) -> None:
    say = session.report.output.line
    final, stats = document["import"], document["indexStats"]
    counts = namespace_counts(stats)
    say("")
    records = final.get("recordsImported") or 0
    say(
        f"Import {final.get('id')}: {final.get('status')}, {records:,} records in {document['seconds']:.1f} s"
    )
    for name, count in document["dataset"]["recordsPerNamespace"].items():
        say(f"    namespace {name}: {counts.get(name, 0):,} vectors (wrote {count:,})")
    total = stats.get("totalVectorCount", 0)
    say(f"    index: dimension {stats.get('dimension')}, {total:,} vectors in total")
    say("")
    say("The same in one command, against a real Pinecone index:")
    say("    export PINECONE_HOST=<your index host>  PINECONE_API_KEY=<your key>")
    say(
        f"    {PROG} load vectors.parquet --to s3://your-bucket/your-prefix/ --namespace-column ns "
        "--metadata-columns genre,year,title --error-mode abort"
    )
    say(f"Or step by step: {PROG} prepare ... --to DIR, {PROG} validate DIR, {PROG} start URI --wait")
