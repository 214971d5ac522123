"""Validation and local imports from each cloud, against real emulators on loopback ports:
moto (S3), fake-gcs-server (GCS) and Azurite (Azure Blob); plus each error a user can act on."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pyarrow as pa
import pytest
from pyarrow import fs

from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports._storage import StorageError, open_location
from pinecone_imports._storage._azure import DEVELOPMENT_KEY
from pinecone_imports._storage._settings import TIMEOUT_ENV
from pinecone_imports.local_server import LocalImportServer
from pinecone_imports.preflight import Rule, validate_source
from tests import _netns
from tests._cli_runner import invoke
from tests._emulators import Emulator, free_port, start_moto
from tests.cloud_fixtures import CLOUD_VARIABLES, Bucket, make_bucket, s3_env
from tests.local_server_helpers import api_client, start, wait_for
from tests.preflight_builders import dense_table, replace_value, with_column, write


def test_valid_two_namespace_dataset_validates_and_imports(bucket: Bucket, tmp_path: Path) -> None:
    dataset = write_sample_dataset(tmp_path / "data", records=300, dimension=8, namespaces=2)
    uri = bucket.upload(tmp_path / "data", "exports/run-1")
    place = open_location(uri)
    assert place.cloud == bucket.cloud

    report = validate_source(uri)
    assert report.ok, [p.describe() for p in report.problems]
    summary = report.summary
    assert (summary.namespaces, summary.records, summary.dimension) == (2, 300, 8)
    assert summary.files == len(dataset.files) and summary.bytes > 0

    with LocalImportServer() as server, api_client(server.url, server.api_key, "2025-04") as http:
        done = wait_for(http, start(http, uri, "abort"))
        assert done["status"] == "Completed", done
        assert done["recordsImported"] == 300 and done["uri"] == uri
        stats = http.post("/describe_index_stats", json={}).json()
        assert {k: v["vectorCount"] for k, v in stats["namespaces"].items()} == dataset.records_per_namespace


def test_each_kind_of_problem_is_named_by_file(bucket: Bucket, tmp_path: Path) -> None:
    data = tmp_path / "bad"
    write(data, "alpha", dense_table(4, 8))
    write(data, "alpha", replace_value(dense_table(3, 8, prefix="e"), "id", 1, ""), "empty-id.parquet")
    write(data, "alpha", dense_table(2, 5, prefix="d"), "short.parquet")
    write(
        data, "beta", with_column(dense_table(2, 8, prefix="x"), "extra", [1, 2], pa.int64()), "extra.parquet"
    )
    (data / "beta" / "broken.parquet").write_bytes(b"not parquet at all")
    (data / "beta" / "notes.txt").write_text("ignored")
    write(data, "", dense_table(1, 8, prefix="t"), "stray.parquet")
    write(data / "beta", "nested", dense_table(1, 8, prefix="n"))
    uri = bucket.upload(data, "bad")

    report = validate_source(uri, dimension=8)
    found = {(p.rule, p.file) for p in report.problems}
    assert (Rule.ID_EMPTY, "alpha/empty-id.parquet") in found
    assert (Rule.VALUES_DIMENSION, "alpha/short.parquet") in found
    assert (Rule.FILE_UNREADABLE, "beta/broken.parquet") in found
    assert (Rule.LAYOUT_TOP_LEVEL_FILE, "stray.parquet") in found
    assert (Rule.LAYOUT_IGNORED_FILE, "beta/notes.txt") in found
    assert (Rule.LAYOUT_IGNORED_FILE, "beta/nested/") in found
    assert any(p.file == "beta/extra.parquet" and p.rule.value.startswith("schema") for p in report.problems)
    assert not any(p.file == "alpha/part-0.parquet" for p in report.problems)
    assert report.summary.namespaces == 2


def test_missing_bucket_and_missing_prefix(bucket: Bucket) -> None:
    word = "container" if bucket.cloud == "azure" else "bucket"
    absent = bucket.uri("x").replace(bucket.name, "no-such-place")
    report = validate_source(absent)
    assert not report.ok
    message = report.errors[0].message
    assert message.startswith(absent) and f"{word} 'no-such-place' does not exist" in message

    empty = bucket.uri("nothing-here")
    message = validate_source(empty).errors[0].message
    assert message == f"{empty} does not exist (nothing is stored under it)"


def test_unreachable_endpoint_fails_fast_naming_the_variable(
    bucket: Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    variable = {"s3": "AWS_ENDPOINT_URL_S3", "gs": "STORAGE_EMULATOR_HOST"}.get(bucket.cloud)
    if variable is None:
        env = bucket.env["AZURE_STORAGE_CONNECTION_STRING"]
        monkeypatch.setenv(
            "AZURE_STORAGE_CONNECTION_STRING", env.split("BlobEndpoint=")[0] + f"BlobEndpoint={closed}/x"
        )
    else:
        monkeypatch.setenv(variable, closed)
    began = time.monotonic()
    with pytest.raises(StorageError) as caught:
        open_location(bucket.uri("data")).entries()
    assert time.monotonic() - began < 15
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"cannot reach {closed}")
    assert bucket.uri("data") in message
    assert (variable or "BlobEndpoint=") in message


@pytest.mark.parametrize(
    ("uri", "needle"),
    [
        ("gs:///dir", "is not a Google Cloud Storage location; use gs://BUCKET/DIR"),
        ("s3://", "is not a Amazon S3 location; use s3://BUCKET/DIR"),
        ("gs://My_Bucket/dir", "'My_Bucket' is not a valid bucket name"),
        ("https://acct01.blob.core.windows.net/", "use https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR"),
        ("https://example.com/container/dir", "is not a Azure Blob Storage location"),
        ("https://acct01.blob.core.windows.net/ab/dir", "'ab' is not a valid container name"),
        ("abfs://container/dir", "unsupported location"),
    ],
)
def test_wrong_uri_forms_are_refused_before_any_request(uri: str, needle: str) -> None:
    with pytest.raises(StorageError) as caught:
        open_location(uri)
    assert needle in str(caught.value) and uri in str(caught.value)


def _azure_env(azurite: Emulator, **fields: str) -> str:
    parts = {"DefaultEndpointsProtocol": "http", "AccountName": "devstoreaccount1", **fields}
    parts.setdefault("BlobEndpoint", f"{azurite.endpoint}/devstoreaccount1")
    return ";".join(f"{k}={v}" for k, v in parts.items() if v)


@pytest.fixture
def azure_container(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A container with one valid namespace, and no Azure variable set."""
    made = make_bucket("azure", request)
    write(tmp_path / "data", "ns", dense_table(3, 4))
    for name in CLOUD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(TIMEOUT_ENV, "3")
    return made.upload(tmp_path / "data", "data")


def test_azure_without_credentials_says_what_to_set(azure_container: str) -> None:
    message = validate_source(azure_container).errors[0].message
    assert message == (
        f"cannot read {azure_container}: no Azure credentials found; set AZURE_STORAGE_CONNECTION_STRING,"
        " AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN"
    )


def test_azure_credentials_from_each_variable(
    azure_container: str, azurite: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An endpoint-only connection string takes its key from AZURE_STORAGE_ACCOUNT_KEY.
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", _azure_env(azurite))
    monkeypatch.setenv("AZURE_STORAGE_ACCOUNT_KEY", DEVELOPMENT_KEY)
    assert validate_source(azure_container).ok

    monkeypatch.setenv("AZURE_STORAGE_ACCOUNT_KEY", base64.b64encode(b"not the key").decode())
    message = validate_source(azure_container).errors[0].message
    assert message.startswith(f"access to {azure_container} was denied with the credentials found;")
    assert "AZURE_STORAGE_CONNECTION_STRING" in message

    monkeypatch.delenv("AZURE_STORAGE_ACCOUNT_KEY")
    monkeypatch.setenv(
        "AZURE_STORAGE_SAS_TOKEN", "sv=2020-08-04&ss=b&srt=sco&sp=rl&se=2020-01-01T00:00:00Z&sig=x"
    )
    assert "was denied" in validate_source(azure_container).errors[0].message

    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", _azure_env(azurite, AccountName="otheraccount"))
    message = validate_source(azure_container).errors[0].message
    assert "is for account 'otheraccount', not 'devstoreaccount1'" in message


def test_google_key_file_that_is_missing_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in CLOUD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing-key.json"))
    monkeypatch.setenv(TIMEOUT_ENV, "2")
    began = time.monotonic()
    report = validate_source("gs://some-bucket/data")
    assert time.monotonic() - began < 10
    message = report.errors[0].message
    assert "\n" not in message and "gs://some-bucket/data" in message
    assert "missing-key.json" in message


def test_cli_validates_each_cloud(bucket: Bucket, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "data", "ns", dense_table(3, 4))
    uri = bucket.upload(tmp_path / "data", "cli")
    ok = invoke(capsys, "validate", uri, "--json")
    assert ok.code == 0 and ok.json()["summary"]["records"] == 3
    absent = bucket.uri("missing")
    failed = invoke(capsys, "validate", absent)
    # A location that does not exist is a usage error (exit 2), as for a missing local folder.
    assert failed.code == 2 and f"{absent} does not exist" in failed.out + failed.err


def test_serve_help_says_how_to_point_at_each_cloud(capsys: pytest.CaptureFixture[str]) -> None:
    shown = invoke(capsys, "serve", "--help")
    text = " ".join(shown.out.split())
    for needle in (
        "AWS_ENDPOINT_URL_S3",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "STORAGE_EMULATOR_HOST",
        "AZURE_STORAGE_CONNECTION_STRING",
        "UseDevelopmentStorage=true",
        "https://ACCOUNT.blob.core.windows.net/CONTAINER/DIR",
    ):
        assert needle in text, needle


@pytest.mark.parametrize("fixture", ["moto_s3", "fake_gcs", "azurite"])
def test_emulators_run_in_a_network_namespace_of_their_own(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    emulator: Emulator = request.getfixturevalue(fixture)
    if _netns.unavailable_reason() is not None:
        pytest.skip(f"no network isolation on this machine: {_netns.unavailable_reason()}")
    assert emulator.isolated
    own = os.readlink("/proc/self/ns/net")
    assert os.readlink(f"/proc/{emulator.process.pid}/ns/net") != own
    # Inside, only loopback exists: nothing the emulator sends can leave the machine.
    interfaces = subprocess.run(
        ["nsenter", f"--net=/proc/{emulator.process.pid}/ns/net", "ip", "-o", "link"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert [line.split(":")[1].strip() for line in interfaces.splitlines()] == ["lo"]


def test_s3_denied_names_the_variables(
    emulator_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    strict = start_moto(emulator_dir, isolate=True, enforce_auth=True)
    try:
        for name in CLOUD_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))
        for name, value in s3_env(strict.endpoint).items():
            monkeypatch.setenv(name, value)
        message = validate_source("s3://imports/data").errors[0].message
        assert message == (
            "access to s3://imports/data was denied with the credentials found; set AWS_ACCESS_KEY_ID"
            " and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for an identity allowed to list and read it"
        )
    finally:
        strict.stop()


def _iam_user_allowed_s3(endpoint: str) -> tuple[str, str]:
    """A user of moto's IAM allowed every S3 action, and its access key (three unchecked requests)."""
    import boto3  # noqa: PLC0415  (moto's own dependency)

    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    iam.create_user(UserName="loader")
    allow_s3 = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
    }
    iam.put_user_policy(UserName="loader", PolicyName="s3", PolicyDocument=json.dumps(allow_s3))
    key = iam.create_access_key(UserName="loader")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def test_s3_credentials_come_from_the_profile_a_user_names(
    emulator_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The default chain of the AWS SDK under pyarrow, as a user with ~/.aws/credentials has it. moto
    # checks every signature against its IAM users, so only the named profile's key can read.
    strict = start_moto(emulator_dir, isolate=True, enforce_auth=True, unchecked_requests=3)
    try:
        key_id, secret = _iam_user_allowed_s3(strict.endpoint)
        filesystem = fs.S3FileSystem(
            access_key=key_id,
            secret_key=secret,
            region="us-east-1",
            endpoint_override=strict.endpoint.split("://", 1)[1],
            scheme="http",
            allow_bucket_creation=True,
        )
        filesystem.create_dir("imports")
        write_sample_dataset(tmp_path / "data", records=40, dimension=4, namespaces=2)
        for path in sorted((tmp_path / "data").rglob("*.parquet")):
            with filesystem.open_output_stream(f"imports/data/{path.relative_to(tmp_path / 'data')}") as out:
                out.write(path.read_bytes())
        (tmp_path / "home" / ".aws").mkdir(parents=True)
        (tmp_path / "home" / ".aws" / "credentials").write_text(
            f"[loader]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n\n"
            "[stranger]\naws_access_key_id = AKIAUNKNOWN\naws_secret_access_key = unknown\n"
        )
        for name in CLOUD_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.setenv("AWS_ENDPOINT_URL_S3", strict.endpoint)
        monkeypatch.setenv("AWS_REGION", "us-east-1")
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

        monkeypatch.setenv("AWS_PROFILE", "loader")
        report = validate_source("s3://imports/data")
        assert report.ok, [problem.describe() for problem in report.problems]
        assert (report.summary.namespaces, report.summary.records) == (2, 40)

        monkeypatch.setenv("AWS_PROFILE", "stranger")
        denied = validate_source("s3://imports/data")
        assert "was denied with the credentials found" in denied.errors[0].message
    finally:
        strict.stop()


def test_an_endpoint_that_never_answers_is_given_up_on(
    bucket: Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Accepts connections (the kernel completes them) and never answers: the SDKs of GCS and Azure
    # would wait on it without end.
    with socket.create_server(("127.0.0.1", 0), backlog=64) as silent:
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
        if bucket.cloud == "azure":
            string = bucket.env["AZURE_STORAGE_CONNECTION_STRING"].split("BlobEndpoint=")[0]
            monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", f"{string}BlobEndpoint={endpoint}/x")
        else:
            variable = "AWS_ENDPOINT_URL_S3" if bucket.cloud == "s3" else "STORAGE_EMULATOR_HOST"
            monkeypatch.setenv(variable, endpoint)
        monkeypatch.setenv(TIMEOUT_ENV, "2")
        began = time.monotonic()
        message = validate_source(bucket.uri("data")).errors[0].message
        assert time.monotonic() - began < 15
    assert bucket.uri("data") in message and "\n" not in message
    assert message.startswith((f"no answer from {endpoint}", f"cannot reach {endpoint}"))
