"""`load SOURCE... --to DEST`: prepare, validate, import and verify, resumable from any step."""

from __future__ import annotations

from typing import Annotated

import typer

from pinecone_imports._cli._extras import require
from pinecone_imports._cli._options import DEFAULT_INTERVAL, ErrorMode, JsonFlag, PollInterval, WaitTimeout
from pinecone_imports._cli._prepare_options import (
    ApiVersionOption,
    Destination,
    DimensionOption,
    IdColumn,
    MaxFileSize,
    MetadataColumn,
    MetadataColumns,
    NamespaceColumn,
    NamespaceOption,
    Overwrite,
    SkipInvalid,
    Sources,
    SparseIndicesColumn,
    SparseValuesColumn,
    ValuesColumn,
    VectorTypeText,
    build_options,
)
from pinecone_imports._cli._session import session_for
from pinecone_imports._text import plural


def load(
    ctx: typer.Context,
    *,
    sources: Sources,
    to: Destination,
    dimension: DimensionOption = None,
    vector_type: VectorTypeText = "dense",
    namespace: NamespaceOption = None,
    namespace_column: NamespaceColumn = None,
    id_column: IdColumn = "id",
    values_column: ValuesColumn = "values",
    sparse_indices_column: SparseIndicesColumn = None,
    sparse_values_column: SparseValuesColumn = None,
    metadata_column: MetadataColumn = "metadata",
    metadata_columns: MetadataColumns = None,
    max_file_size: MaxFileSize = None,
    skip_invalid: SkipInvalid = False,
    overwrite: Overwrite = False,
    api_version: ApiVersionOption = None,
    error_mode: ErrorMode = None,
    integration_id: Annotated[
        str | None,
        typer.Option("--integration-id", metavar="ID", help="The storage integration for a private bucket."),
    ] = None,
    timeout: WaitTimeout = None,
    interval: PollInterval = DEFAULT_INTERVAL,
    json_flag: JsonFlag = False,
) -> None:
    """Prepare SOURCE... at DEST, validate it, import it into the index and verify the counts.

    Before writing anything it asks the index for its statistics, so a wrong --host or key, or a
    --vector-type or --dimension the index does not have, stops it at once. Run it again after an
    interruption: finished files are kept, and an import already running or finished for DEST is
    followed instead of starting a second one. Exit code 0 means the import Completed and
    describe_index_stats shows every namespace's count.
    """
    session = session_for(ctx, json_flag)
    require("cli", "pyarrow")
    from pinecone_imports._api._versions import check_api_version  # noqa: PLC0415
    from pinecone_imports._cli._exit_codes import ExitCode, exit_code_for_status  # noqa: PLC0415
    from pinecone_imports._cli._failures import CliFailure  # noqa: PLC0415
    from pinecone_imports._cli._loading import (  # noqa: PLC0415
        check_destination_for,
        check_fits_index,
        check_index,
        import_uri,
        narrator,
        refuse_taken_namespaces,
        run_import,
        validate_prepared,
        verify_counts,
    )
    from pinecone_imports._cli._prepare_view import show_prepared  # noqa: PLC0415
    from pinecone_imports._cli._preparing import run_prepare  # noqa: PLC0415

    out = session.report.output
    say = narrator(session)
    options = build_options(
        api_version=check_api_version(api_version or session.api_version),
        dimension=dimension,
        vector_type=vector_type,
        namespace=namespace,
        namespace_column=namespace_column,
        id_column=id_column,
        values_column=values_column,
        sparse_indices_column=sparse_indices_column,
        sparse_values_column=sparse_values_column,
        metadata_column=metadata_column,
        metadata_columns=metadata_columns,
        max_file_size=max_file_size,
        skip_invalid=skip_invalid,
        overwrite=overwrite,
    )
    client = session.open_client()
    with client:
        host = session.host
        assert host is not None
        uri = import_uri(to)
        check_destination_for(to, uri, host)
        stats = check_index(client, options)
        say(f"1/4 Preparing {', '.join(sources)} at {to}")
        prepared = run_prepare(session, sources, to, options)
        if not session.json_output:
            show_prepared(out, prepared)
        check_fits_index(prepared.manifest, stats)
        say("2/4 Validating it")
        validation = validate_prepared(to, prepared.manifest, say)
        say("3/4 Importing it")
        final, reused = run_import(
            session,
            client,
            uri,
            integration_id=integration_id,
            error_mode=error_mode,
            timeout=timeout,
            interval=interval,
            say=say,
            before_start=lambda: refuse_taken_namespaces(prepared.manifest, client),
        )
        if final.status != "Completed":
            code = exit_code_for_status(final.status)
            line = f"Error: import {final.id} ended {final.status}: {final.error or 'no error given'}"
            raise CliFailure(
                line, code if code is not ExitCode.OK else ExitCode.API_ERROR, document=final.to_dict()
            )
        say(f"    import {final.id}: Completed, {final.records_imported or 0:,} records")
        say("4/4 Verifying the index's counts (describe_index_stats)")
        counts, _stats = verify_counts(prepared.manifest, client, say=say)
    if session.json_output:
        out.document(
            {
                "prepare": prepared.to_dict(),
                "validation": validation,
                "import": final.to_dict(),
                "importReused": reused,
                "indexCounts": counts,
            }
        )
    else:
        out.line(
            f"Loaded {plural(sum(counts.values()), 'record')} into {plural(len(counts), 'namespace')}; "
            "the index shows them all",
            style="green",
        )


def register(app: typer.Typer) -> None:
    app.command("load")(load)
