"""The storage layer's pure parts: each cloud's settings from its variables, the listing of object
keys as namespaces, and the recognition of each cloud SDK's failure messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyarrow import fs

from pinecone_imports._storage import _hints
from pinecone_imports._storage._azure import (
    DEVELOPMENT_KEY,
    AzureSettingsError,
    azure_options_from_env,
    parse_connection_string,
)
from pinecone_imports._storage._failures import kind_of_failure
from pinecone_imports._storage._gcs import gcs_options_from_env
from pinecone_imports._storage._location import _from_keys


@pytest.fixture
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment with no credentials of any cloud: empty HOME, not on any cloud's VM."""
    monkeypatch.setattr(_hints, "_DMI", tmp_path / "no-dmi")
    return {"HOME": str(tmp_path)}


def test_connection_string_keeps_equals_signs_and_ignores_case() -> None:
    parsed = parse_connection_string("AccountName=acct;ACCOUNTKEY=abc==;SharedAccessSignature=sv=1&sig=x=;")
    assert parsed == {"accountname": "acct", "accountkey": "abc==", "sharedaccesssignature": "sv=1&sig=x="}


def test_azure_connection_string_forms(bare_machine: dict[str, str]) -> None:
    env = {**bare_machine, "AZURE_STORAGE_CONNECTION_STRING": "UseDevelopmentStorage=true"}
    assert azure_options_from_env("devstoreaccount1", env) == {
        "account_name": "devstoreaccount1",
        "account_key": DEVELOPMENT_KEY,
        "blob_storage_authority": "127.0.0.1:10000",
        "dfs_storage_authority": "127.0.0.1:10000",
        "blob_storage_scheme": "http",
        "dfs_storage_scheme": "http",
    }
    real = "AccountName=acct01;AccountKey=k;BlobEndpoint=https://acct01.blob.core.windows.net/"
    options = azure_options_from_env("acct01", {"AZURE_STORAGE_CONNECTION_STRING": real})
    assert options["blob_storage_authority"] == ".blob.core.windows.net"
    assert options["dfs_storage_authority"] == ".dfs.core.windows.net"
    sovereign = (
        "AccountName=acct01;AccountKey=k;EndpointSuffix=core.chinacloudapi.cn;DefaultEndpointsProtocol=https"
    )
    options = azure_options_from_env("acct01", {"AZURE_STORAGE_CONNECTION_STRING": sovereign})
    assert options["dfs_storage_authority"] == ".dfs.core.chinacloudapi.cn"
    with pytest.raises(AzureSettingsError, match="is for account 'other', not 'acct01'"):
        azure_options_from_env(
            "acct01", {"AZURE_STORAGE_CONNECTION_STRING": "AccountName=other;AccountKey=k"}
        )


def test_azure_key_sas_and_service_principal(bare_machine: dict[str, str]) -> None:
    assert (
        azure_options_from_env("acct01", {**bare_machine, "AZURE_STORAGE_ACCOUNT_KEY": "k"})["account_key"]
        == "k"
    )
    sas = azure_options_from_env("acct01", {**bare_machine, "AZURE_STORAGE_SAS_TOKEN": "sv=1&sig=x"})
    assert sas["sas_token"] == "?sv=1&sig=x"
    principal = {"AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t", "AZURE_CLIENT_SECRET": "s"}
    options = azure_options_from_env("acct01", {**bare_machine, **principal})
    assert (options["client_id"], options["tenant_id"], options["client_secret"]) == ("c", "t", "s")
    with pytest.raises(AzureSettingsError, match="no Azure credentials found"):
        azure_options_from_env("acct01", bare_machine)
    (Path(bare_machine["HOME"]) / ".azure").mkdir()
    (Path(bare_machine["HOME"]) / ".azure" / "azureProfile.json").write_text("{}")
    # An Azure CLI login: the default chain gets its chance.
    assert azure_options_from_env("acct01", bare_machine) == {"account_name": "acct01"}


def test_gcs_emulator_variables_and_credentials(bare_machine: dict[str, str]) -> None:
    emulator = {"anonymous": True, "endpoint_override": "127.0.0.1:4443", "scheme": "http"}
    assert gcs_options_from_env({"STORAGE_EMULATOR_HOST": "127.0.0.1:4443"}) == emulator
    assert gcs_options_from_env({"CLOUD_STORAGE_EMULATOR_ENDPOINT": "http://127.0.0.1:4443"}) == emulator
    assert gcs_options_from_env({"STORAGE_EMULATOR_HOST": "https://gcs.local"})["scheme"] == "https"
    assert gcs_options_from_env(bare_machine) == {"anonymous": True}
    assert gcs_options_from_env({**bare_machine, "GOOGLE_APPLICATION_CREDENTIALS": "/k.json"}) == {}


def _info(path: str, kind: fs.FileType = fs.FileType.File, size: int = 1) -> fs.FileInfo:
    return fs.FileInfo(path, kind, size=size if kind == fs.FileType.File else None)


def test_namespaces_come_from_object_keys() -> None:
    infos = [
        _info("bkt/run/a/part-0.parquet", size=10),
        _info("bkt/run/a/deep/more/x.parquet"),
        _info("bkt/run/b", fs.FileType.Directory),
        _info("bkt/run/b/part-0.parquet", size=20),
        _info("bkt/run/top.parquet"),
        _info("bkt/other/c/x.parquet"),
    ]
    found = {(e.name, e.is_dir, e.size) for e in _from_keys("bkt/run", infos)}
    assert found == {
        ("a", True, 0),
        ("a/part-0.parquet", False, 10),
        ("a/deep", True, 0),
        ("b", True, 0),
        ("b/part-0.parquet", False, 20),
        ("top.parquet", False, 1),
    }


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            "When listing objects under key 'd/' in bucket 'b': AWS Error ACCESS_DENIED during ListObjectsV2",
            "denied",
        ),
        (
            "AWS Error NETWORK_CONNECTION during ListObjectsV2 operation: curlCode: 7, Could not connect",
            "unreachable",
        ),
        ("Bucket 'b' not found. AWS Error NO_SUCH_BUCKET during ListObjectsV2 operation", "missing"),
        ("google::cloud::Status(PERMISSION_DENIED: Permanent error ... http_status_code=403)", "denied"),
        (
            "google::cloud::Status(UNAVAILABLE: Retry policy exhausted ... CURL error [7]=Could not connect)",
            "unreachable",
        ),
        ("google::cloud::Status(NOT_FOUND: Permanent error, with a last message of Not Found", "missing"),
        ("Could not create a OAuth2 access token ... Cannot open credentials file /k.json", "credentials"),
        ("Azure Error: [AuthorizationFailure] 403 Server failed to authenticate the request.", "denied"),
        (
            "Check for Hierarchical Namespace support failed. Fail to get a new connection for: http://x",
            "unreachable",
        ),
        ("Path does not exist 'c/d'. Detail: [errno 2] No such file or directory", "missing"),
        ("Parquet magic bytes not found in footer", "other"),
    ],
)
def test_failures_are_recognised_from_each_sdk(message: str, kind: str) -> None:
    assert kind_of_failure(OSError(message)) == kind
