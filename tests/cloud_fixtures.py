"""One bucket per test on each emulated cloud, with that cloud's usual variables pointing at it.

The emulators start once per test process (session scope) and stop at its end; every test gets a
fresh bucket (or container) of its own and the environment a user of that cloud would set."""

from __future__ import annotations

import itertools
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyarrow import fs

from pinecone_imports._storage._azure import DEVELOPMENT_ACCOUNT, DEVELOPMENT_KEY
from pinecone_imports._storage._settings import TIMEOUT_ENV
from tests import _netns
from tests._emulators import Emulator, start_azurite, start_fake_gcs, start_moto

CLOUDS = ("s3", "gs", "azure")
_numbers = itertools.count()
# Variables of every cloud that the tests set or that would change where requests go.
CLOUD_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "STORAGE_EMULATOR_HOST",
    "CLOUD_STORAGE_EMULATOR_ENDPOINT",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "AZURE_STORAGE_CONNECTION_STRING",
    "AZURE_STORAGE_ACCOUNT_KEY",
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_SAS_TOKEN",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
)


@dataclass
class Bucket:
    """An empty bucket (S3, GCS) or container (Azure) on an emulator, and how to reach it."""

    cloud: str
    name: str
    filesystem: fs.FileSystem
    env: dict[str, str]

    def uri(self, prefix: str) -> str:
        if self.cloud == "azure":
            return f"https://{DEVELOPMENT_ACCOUNT}.blob.core.windows.net/{self.name}/{prefix}"
        return f"{self.cloud}://{self.name}/{prefix}"

    def upload(self, folder: Path, prefix: str) -> str:
        """Copies every file under `folder` to `prefix` in the bucket and returns the prefix's URI."""
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                key = f"{self.name}/{prefix}/{path.relative_to(folder).as_posix()}"
                with self.filesystem.open_output_stream(key) as out:
                    out.write(path.read_bytes())
        return self.uri(prefix)


@pytest.fixture(scope="session")
def emulator_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="emulators-") as folder:
        yield Path(folder)


def _running(start: Callable[..., Emulator], workdir: Path) -> Iterator[Emulator]:
    emulator = start(workdir, isolate=True)
    reason = _netns.unavailable_reason()
    if not emulator.isolated and reason is not None:
        warnings.warn(f"{emulator.name} runs without network isolation: {reason}", stacklevel=1)
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(scope="session")
def moto_s3(emulator_dir: Path) -> Iterator[Emulator]:
    yield from _running(start_moto, emulator_dir)


@pytest.fixture(scope="session")
def fake_gcs(emulator_dir: Path) -> Iterator[Emulator]:
    yield from _running(start_fake_gcs, emulator_dir)


@pytest.fixture(scope="session")
def azurite(emulator_dir: Path) -> Iterator[Emulator]:
    yield from _running(start_azurite, emulator_dir)


def s3_env(endpoint: str) -> dict[str, str]:
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": endpoint,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def gcs_env(endpoint: str) -> dict[str, str]:
    return {"STORAGE_EMULATOR_HOST": endpoint}


def azure_env(endpoint: str) -> dict[str, str]:
    return {
        "AZURE_STORAGE_CONNECTION_STRING": (
            f"DefaultEndpointsProtocol=http;AccountName={DEVELOPMENT_ACCOUNT};AccountKey={DEVELOPMENT_KEY};"
            f"BlobEndpoint={endpoint}/{DEVELOPMENT_ACCOUNT};"
        )
    }


def make_filesystem(cloud: str, endpoint: str) -> fs.FileSystem:
    """A filesystem with full rights on `cloud`'s emulator at `endpoint`, to create and fill buckets."""
    host = endpoint.removeprefix("http://")
    if cloud == "s3":
        return fs.S3FileSystem(
            access_key="testing",
            secret_key="testing",
            endpoint_override=host,
            scheme="http",
            region="us-east-1",
            allow_bucket_creation=True,
        )
    if cloud == "gs":
        return fs.GcsFileSystem(anonymous=True, endpoint_override=host, scheme="http", project_id="test")
    return fs.AzureFileSystem(
        account_name=DEVELOPMENT_ACCOUNT,
        account_key=DEVELOPMENT_KEY,
        blob_storage_authority=host,
        dfs_storage_authority=host,
        blob_storage_scheme="http",
        dfs_storage_scheme="http",
    )


def make_bucket(cloud: str, request: pytest.FixtureRequest) -> Bucket:
    """A new bucket on `cloud`'s emulator (started on first use)."""
    name = f"bucket-{next(_numbers)}"
    fixture = {"s3": "moto_s3", "gs": "fake_gcs", "azure": "azurite"}[cloud]
    endpoint = request.getfixturevalue(fixture).endpoint
    env = {"s3": s3_env, "gs": gcs_env, "azure": azure_env}[cloud](endpoint)
    filesystem = make_filesystem(cloud, endpoint)
    filesystem.create_dir(name)
    return Bucket(cloud, name, filesystem, env)


@pytest.fixture(params=CLOUDS)
def bucket(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A fresh bucket on each cloud in turn, with only that cloud's variables set, pointing at it."""
    made = make_bucket(request.param, request)
    for name in CLOUD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in made.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(TIMEOUT_ENV, "3")
    return made
