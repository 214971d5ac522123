"""Fixtures shared by the local server tests; test modules load them with `pytest_plugins`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import httpx
import pytest
from local_server_helpers import api_client
from moto.server import ThreadedMotoServer
from pinecone_imports._local_server import LocalImportServer


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    return root


@pytest.fixture
def server(data_root: Path) -> Iterator[LocalImportServer]:
    with LocalImportServer(data_root=data_root) as running:
        yield running


@pytest.fixture
def client(server: LocalImportServer) -> Iterator[httpx.Client]:
    with api_client(server.url, server.api_key) as http:
        yield http


@dataclass
class S3:
    endpoint: str
    bucket: str


@pytest.fixture
def moto_s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3]:
    """A moto S3 server on a free loopback port, with the AWS variables pointing at it."""
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ENDPOINT_URL_S3": endpoint,
        "AWS_EC2_METADATA_DISABLED": "true",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket="imports")
    try:
        yield S3(endpoint, "imports")
    finally:
        moto.stop()


def upload_folder(s3: S3, folder: Path, prefix: str) -> str:
    """Copies every file under `folder` to `s3://bucket/prefix/...` and returns that URI."""
    client = boto3.client("s3", endpoint_url=s3.endpoint, region_name="us-east-1")
    for path in folder.rglob("*"):
        if path.is_file():
            client.upload_file(str(path), s3.bucket, f"{prefix}/{path.relative_to(folder).as_posix()}")
    return f"s3://{s3.bucket}/{prefix}"
