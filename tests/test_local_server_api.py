"""The local server's HTTP contract: auth, versions, request checks, lifecycle, listing, refusals."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import httpx
import pyarrow as pa
import pytest

from pinecone_imports.local_server import LocalImportServer
from pinecone_imports_generated import API_VERSIONS
from tests._emulators import free_port
from tests.local_server_helpers import api_client, start, wait_for
from tests.preflight_builders import dense_table, replace_value, valid_dataset, with_column, write

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


def rpc(response: httpx.Response, status: int, code: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "details"} and body["details"] == []
    assert body["code"] == code
    message: str = body["message"]
    return message


def stats(http: httpx.Client) -> dict[str, object]:
    body: dict[str, object] = http.post("/describe_index_stats", json={}).json()
    return body


def test_missing_or_wrong_key_is_refused(ls_server: LocalImportServer) -> None:
    with httpx.Client(base_url=ls_server.url) as anonymous:
        rpc(anonymous.get("/bulk/imports"), 401, 16)
        rpc(anonymous.get("/bulk/imports", headers={"Api-Key": ls_server.api_key + "x"}), 401, 16)
        rpc(anonymous.post("/describe_index_stats", headers={"Api-Key": ""}), 401, 16)
    assert ls_server.api_key not in repr(ls_server)


@pytest.mark.parametrize("version", [None, *API_VERSIONS, "2027-01", "2031-01"])
def test_supported_versions_are_answered(ls_server: LocalImportServer, version: str | None) -> None:
    with api_client(ls_server.url, ls_server.api_key, version) as http:
        assert http.get("/bulk/imports").status_code == 200


@pytest.mark.parametrize("version", ["2024-07", "2025-07", "latest", "2025-13", "2026-04-01"])
def test_unknown_versions_name_the_supported_ones(ls_server: LocalImportServer, version: str) -> None:
    with api_client(ls_server.url, ls_server.api_key, version) as http:
        message = rpc(http.get("/bulk/imports"), 400, 3)
    assert all(v in message for v in API_VERSIONS)


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"not json", "not valid JSON"),
        (b"[1]", "JSON object"),
        (b"{}", "uri is required"),
        (b'{"uri": ""}', "1 to 1500"),
        (b'{"uri": "s3://b/' + b"x" * 1500 + b'"}', "1 to 1500"),
        (b'{"uri": "s3://b/p", "integrationId": "' + b"i" * 1001 + b'"}', "integrationId"),
        (b'{"uri": "s3://b/p", "errorMode": {"onError": "ignore"}}', "abort' or 'continue"),
        (b'{"uri": "s3://b/p", "errorMode": "abort"}', "errorMode must be an object"),
        (b'{"uri": "http://example.com/data"}', "s3://BUCKET/DIR, gs://"),
    ],
)
def test_start_request_checks(ls_client: httpx.Client, payload: bytes, needle: str) -> None:
    message = rpc(ls_client.post("/bulk/imports", content=payload), 400, 3)
    assert needle in message


def test_uri_schemes_per_version(
    ls_server: LocalImportServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    azure = "https://acct.blob.core.windows.net/container/dir"
    with api_client(ls_server.url, ls_server.api_key, "2025-01") as old:
        assert "only from Amazon S3" in rpc(old.post("/bulk/imports", json={"uri": "gs://b/d"}), 400, 3)
        assert "only from Amazon S3" in rpc(old.post("/bulk/imports", json={"uri": azure}), 400, 3)
    # From 2025-04 both are accepted and read for real: here with nothing to read from (a closed
    # loopback port for GCS, no Azure credentials), so the imports fail saying what to set.
    for name in ("AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT_KEY", "AZURE_STORAGE_SAS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("PINECONE_IMPORTS_STORAGE_TIMEOUT", "1")
    with api_client(ls_server.url, ls_server.api_key, "2025-04") as new:
        failed_gs = wait_for(new, start(new, "gs://bucket/d"))
        assert failed_gs["status"] == "Failed" and "cannot reach" in str(failed_gs["error"])
        failed_azure = wait_for(new, start(new, azure))
        assert failed_azure["status"] == "Failed"
        assert "no Azure credentials found" in str(failed_azure["error"])


def test_list_and_describe_argument_checks(ls_client: httpx.Client) -> None:
    for limit in ("0", "101", "ten"):
        rpc(ls_client.get("/bulk/imports", params={"limit": limit}), 400, 3)
    rpc(ls_client.get("/bulk/imports", params={"paginationToken": "bm9wZQ"}), 400, 3)
    assert "not found" in rpc(ls_client.get("/bulk/imports/12345"), 404, 5)
    rpc(ls_client.delete("/bulk/imports/12345"), 404, 5)
    rpc(ls_client.get("/bulk/imports/" + "9" * 1001), 400, 3)
    rpc(ls_client.get("/no/such/route"), 404, 5)


def test_import_completes_and_is_visible(ls_client: httpx.Client, ls_data_root: Path) -> None:
    valid_dataset(ls_data_root / "set", dimension=4, per_file=5)
    assert stats(ls_client)["totalVectorCount"] == 0
    import_id = start(ls_client, (ls_data_root / "set").as_uri(), "continue")
    done = wait_for(ls_client, import_id)
    assert done["status"] == "Completed", done
    assert done["recordsImported"] == 20 and done["percentComplete"] == 100.0
    assert done["uri"] == (ls_data_root / "set").as_uri()
    assert TIMESTAMP.fullmatch(str(done["createdAt"])) and TIMESTAMP.fullmatch(str(done["finishedAt"]))
    assert "error" not in done and None not in done.values()
    assert stats(ls_client) == {
        "namespaces": {"alpha": {"vectorCount": 10}, "beta": {"vectorCount": 10}},
        "dimension": 4,
        "indexFullness": 0.0,
        "totalVectorCount": 20,
        "vectorType": "dense",
    }
    # The namespaces now exist, so the same data cannot be imported again.
    again = wait_for(ls_client, start(ls_client, (ls_data_root / "set").as_uri()))
    assert again["status"] == "Failed" and "'alpha' already exists" in str(again["error"])
    assert stats(ls_client)["totalVectorCount"] == 20


def test_abort_names_file_and_row_and_imports_nothing(ls_client: httpx.Client, ls_data_root: Path) -> None:
    write(ls_data_root / "set", "good", dense_table(4, 4))
    write(ls_data_root / "set", "ns", replace_value(dense_table(4, 4), "id", 2, ""))
    failed = wait_for(ls_client, start(ls_client, (ls_data_root / "set").as_uri(), "abort"))
    assert failed["status"] == "Failed" and failed["recordsImported"] == 0
    assert "ns/part-0.parquet, row 2" in str(failed["error"]) and "id is empty" in str(failed["error"])
    assert stats(ls_client)["totalVectorCount"] == 0


def test_omitted_error_mode_aborts(ls_client: httpx.Client, ls_data_root: Path) -> None:
    write(ls_data_root / "set", "ns", replace_value(dense_table(4, 4), "metadata", 1, "[]"))
    failed = wait_for(ls_client, start(ls_client, (ls_data_root / "set").as_uri()))
    assert failed["status"] == "Failed" and "row 1" in str(failed["error"])


def test_continue_skips_bad_records(ls_client: httpx.Client, ls_data_root: Path) -> None:
    table = replace_value(replace_value(dense_table(6, 4), "id", 1, ""), "values", 4, [1.0])
    write(ls_data_root / "set", "ns", table)
    done = wait_for(ls_client, start(ls_client, (ls_data_root / "set").as_uri(), "continue"))
    assert done["status"] == "Completed" and done["recordsImported"] == 4
    assert stats(ls_client)["namespaces"] == {"ns": {"vectorCount": 4}}


def test_continue_fails_when_every_record_is_bad(ls_client: httpx.Client, ls_data_root: Path) -> None:
    write(
        ls_data_root / "set", "ns", with_column(dense_table(3, 4), "metadata", ["x", "y", "z"], pa.string())
    )
    failed = wait_for(ls_client, start(ls_client, (ls_data_root / "set").as_uri(), "continue"))
    assert failed["status"] == "Failed" and "all 3 records were skipped" in str(failed["error"])


def test_schema_problems_fail_even_in_continue_mode(ls_client: httpx.Client, ls_data_root: Path) -> None:
    write(ls_data_root / "set", "ns", with_column(dense_table(3, 4), "extra", [1, 2, 3], pa.int32()))
    failed = wait_for(ls_client, start(ls_client, (ls_data_root / "set").as_uri(), "continue"))
    assert failed["status"] == "Failed" and "'extra' is not allowed" in str(failed["error"])


def test_default_namespace_rules_per_version(ls_server: LocalImportServer, ls_data_root: Path) -> None:
    write(ls_data_root / "set", "__default__", dense_table(3, 4))
    uri = (ls_data_root / "set").as_uri()
    with api_client(ls_server.url, ls_server.api_key, "2025-01") as old:
        message = rpc(old.post("/bulk/imports", json={"uri": uri}), 400, 3)
        assert message == "Use of namespace='__default__' is not allowed in API versions prior to 2025-04"
    with api_client(ls_server.url, ls_server.api_key, "2025-04") as new:
        assert wait_for(new, start(new, uri))["status"] == "Completed"
        assert stats(new)["namespaces"] == {"__default__": {"vectorCount": 3}}


def test_listing_pages_in_creation_order_while_imports_are_added(
    ls_client: httpx.Client,
    ls_data_root: Path,
) -> None:
    uri = (ls_data_root / "missing").as_uri()
    created = [start(ls_client, uri) for _ in range(5)]
    seen: list[str] = []
    token: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if token:
            params["paginationToken"] = token
        body = ls_client.get("/bulk/imports", params=params).json()
        seen += [item["id"] for item in body["data"]]
        pages += 1
        if pages == 1:
            created += [start(ls_client, uri) for _ in range(3)]
        token = body.get("pagination", {}).get("next")
        if not token:
            break
    assert seen == created and pages == 4
    full = ls_client.get("/bulk/imports").json()
    assert [item["id"] for item in full["data"]] == created and "pagination" not in full


def test_path_tricks_are_refused(ls_client: httpx.Client, ls_data_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, "ns", dense_table(2, 4))
    (ls_data_root / "link").symlink_to(outside, target_is_directory=True)
    inner = ls_data_root / "inner"
    write(inner, "ok", dense_table(2, 4))
    (inner / "ok" / "sneaky.parquet").symlink_to(outside / "ns" / "part-0.parquet")
    for uri in (
        outside.as_uri(),
        f"file://{ls_data_root}/../outside",
        (ls_data_root / "link").as_uri(),
        inner.as_uri(),
        "file:///etc",
    ):
        message = rpc(ls_client.post("/bulk/imports", json={"uri": uri}), 400, 3)
        assert "outside the server's data root" in message, uri
    assert ls_client.get("/bulk/imports").json()["data"] == []


def test_file_uris_need_a_data_root(tmp_path: Path) -> None:
    write(tmp_path, "ns", dense_table(2, 4))
    with LocalImportServer() as bare, api_client(bare.url, bare.api_key) as http:
        assert "without a data root" in rpc(
            http.post("/bulk/imports", json={"uri": tmp_path.as_uri()}), 400, 3
        )


def test_missing_folder_fails_the_import_not_the_request(ls_client: httpx.Client, ls_data_root: Path) -> None:
    failed = wait_for(ls_client, start(ls_client, (ls_data_root / "nothing").as_uri()))
    assert failed["status"] == "Failed" and "not a directory" in str(failed["error"])


def test_concurrent_clients(ls_server: LocalImportServer, ls_data_root: Path) -> None:
    for n in range(6):
        write(ls_data_root / f"set{n}", f"ns{n}", dense_table(20, 4, prefix=f"n{n}"))
    ids: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        try:
            with api_client(ls_server.url, ls_server.api_key) as http:
                import_id = start(http, (ls_data_root / f"set{n}").as_uri())
                with lock:
                    ids.append(import_id)
                for _ in range(5):
                    assert http.get(f"/bulk/imports/{import_id}").status_code == 200
                    assert http.get("/bulk/imports").status_code == 200
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 6
    with api_client(ls_server.url, ls_server.api_key) as http:
        assert all(wait_for(http, i)["status"] == "Completed" for i in ids)
        assert stats(http)["totalVectorCount"] == 120


def test_version_header_can_be_required(ls_data_root: Path) -> None:
    with LocalImportServer(data_root=ls_data_root, require_version_header=True) as strict:
        with api_client(strict.url, strict.api_key, None) as bare:
            message = rpc(bare.get("/bulk/imports"), 400, 3)
            assert "required" in message and API_VERSIONS[-1] in message
        with api_client(strict.url, strict.api_key, API_VERSIONS[0]) as versioned:
            assert versioned.get("/bulk/imports").status_code == 200
