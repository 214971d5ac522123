"""Fixtures shared by the local server tests; tests/conftest.py makes them available everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer

from pinecone_imports.local_server import LocalImportServer
from tests.local_server_helpers import S3, api_client


@pytest.fixture
def ls_data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    return root


@pytest.fixture
def ls_server(ls_data_root: Path) -> Iterator[LocalImportServer]:
    with LocalImportServer(data_root=ls_data_root) as running:
        yield running


@pytest.fixture
def ls_client(ls_server: LocalImportServer) -> Iterator[httpx.Client]:
    with api_client(ls_server.url, ls_server.api_key) as http:
        yield http


@pytest.fixture
def ls_moto_s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3]:
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
