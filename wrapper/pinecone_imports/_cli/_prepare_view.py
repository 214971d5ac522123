"""Showing what a prepare run wrote (its bar while it writes is a `_bytes_bar.BytesBar`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pinecone_imports._cli._validation_view import size_text
from pinecone_imports._text import plural

if TYPE_CHECKING:
    from pinecone_imports._cli._output import Output
    from pinecone_imports.writer._prepare import PrepareResult


def show_prepared(output: Output, result: PrepareResult) -> None:
    manifest = result.manifest
    if result.already_complete:
        output.line(f"{result.uri} already holds this dataset; nothing was rewritten")
    elif result.resumed_at:
        output.line(f"Resumed after {result.resumed_at:,} input records written by an earlier run")
    for problem in result.skipped_problems:
        output.line(f"skipped [{problem.rule.value}] {problem.describe()}")
    for name, entry in sorted(manifest.namespaces.items()):
        output.line(
            f"    namespace {name}: {plural(entry.records, 'record')} in {plural(len(entry.files), 'file')}"
        )
    dimension = f", dimension {manifest.dimension}" if manifest.dimension is not None else ""
    output.line(
        f"Prepared {plural(manifest.records, 'record')} ({manifest.skipped:,} skipped) in "
        f"{plural(len(manifest.namespaces), 'namespace')}, {plural(manifest.files, 'file')}, "
        f"{size_text(manifest.total_bytes)}{dimension} at {result.uri}",
        style="green",
    )
