"""s3:// imports and s3:// validation against moto's S3 server on a loopback port."""

from __future__ import annotations

from pathlib import Path

from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.preflight import Rule, validate_source
from tests.local_server_helpers import S3, api_client, start, upload_folder, wait_for
from tests.preflight_builders import dense_table, replace_value, write


def test_s3_validation(ls_moto_s3: S3, tmp_path: Path) -> None:
    write_sample_dataset(tmp_path / "good", records=200, dimension=8, namespaces=2)
    good = upload_folder(ls_moto_s3, tmp_path / "good", "valid")
    report = validate_source(good)
    assert report.ok, [p.describe() for p in report.problems]
    assert (report.summary.namespaces, report.summary.files, report.summary.records) == (2, 4, 200)

    write(tmp_path / "bad", "ns", replace_value(dense_table(3, 4), "id", 1, ""))
    bad = upload_folder(ls_moto_s3, tmp_path / "bad", "broken")
    problems = validate_source(bad).errors
    assert [(p.rule, p.file, p.row) for p in problems] == [(Rule.ID_EMPTY, "ns/part-0.parquet", 1)]

    missing = validate_source(f"s3://{ls_moto_s3.bucket}/nothing-here")
    assert not missing.ok


def test_s3_import(ls_moto_s3: S3, tmp_path: Path) -> None:
    dataset = write_sample_dataset(tmp_path / "data", records=500, dimension=16, namespaces=2)
    uri = upload_folder(ls_moto_s3, tmp_path / "data", "exports/run-1")
    with LocalImportServer() as ls_server, api_client(ls_server.url, ls_server.api_key, "2024-10") as http:
        done = wait_for(http, start(http, uri, "abort"))
        assert done["status"] == "Completed", done
        assert done["recordsImported"] == 500 and done["uri"] == uri
        stats = http.post("/describe_index_stats", json={}).json()
        assert {k: v["vectorCount"] for k, v in stats["namespaces"].items()} == dataset.records_per_namespace


def test_s3_default_namespace_is_refused_at_start_for_old_versions(ls_moto_s3: S3, tmp_path: Path) -> None:
    write(tmp_path / "data", "__default__", dense_table(3, 4))
    uri = upload_folder(ls_moto_s3, tmp_path / "data", "defaults")
    with LocalImportServer() as ls_server:
        with api_client(ls_server.url, ls_server.api_key, "2025-01") as old:
            refused = old.post("/bulk/imports", json={"uri": uri})
            assert refused.status_code == 400
            assert refused.json()["message"] == (
                "Use of namespace='__default__' is not allowed in API versions prior to 2025-04"
            )
        with api_client(ls_server.url, ls_server.api_key, "2025-04") as new:
            assert wait_for(new, start(new, uri))["status"] == "Completed"
