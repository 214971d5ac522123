"""Version selection: by argument, by environment-free import, and refusal of unknown versions."""

from __future__ import annotations

import importlib

import pytest

from pinecone_imports import (
    SUPPORTED_API_VERSIONS,
    AsyncImportsClient,
    ImportsClient,
    InvalidRequestError,
    UnsupportedApiVersionError,
)
from pinecone_imports.v2024_10 import ImportsClient as Pinned
from tests._fake_service import FakeService


def test_unknown_version_lists_the_supported_ones() -> None:
    with pytest.raises(UnsupportedApiVersionError) as caught:
        ImportsClient("http://127.0.0.1:1", "k", "2023-01")
    message = str(caught.value)
    assert all(v in message for v in SUPPORTED_API_VERSIONS)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
def test_pinned_modules_fix_the_version(service: FakeService, version: str) -> None:
    module = importlib.import_module("pinecone_imports.v" + version.replace("-", "_"))
    assert version == module.API_VERSION
    with module.ImportsClient(service.url, FakeService.API_KEY) as client:
        assert client.api_version == version
        client.start_import("s3://bucket/dir")
    assert service.requests[-1].headers["x-pinecone-api-version"] == version
    async_client = module.AsyncImportsClient(service.url, FakeService.API_KEY)
    assert isinstance(async_client, AsyncImportsClient) and async_client.api_version == version


def test_a_pinned_client_refuses_another_version() -> None:
    with pytest.raises(InvalidRequestError, match="pinned to API version 2024-10"):
        Pinned("http://127.0.0.1:1", "k", "2025-10")


def test_host_and_key_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, service: FakeService
) -> None:
    monkeypatch.setenv("PINECONE_HOST", service.url)
    monkeypatch.setenv("PINECONE_API_KEY", FakeService.API_KEY)
    with ImportsClient() as client:
        assert client.host == service.url
        client.list_imports_paginated()
    assert service.requests[-1].headers["api-key"] == FakeService.API_KEY


def test_missing_host_or_key_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PINECONE_HOST", raising=False)
    monkeypatch.delenv("PINECONE_API_KEY", raising=False)
    with pytest.raises(InvalidRequestError, match="PINECONE_HOST"):
        ImportsClient(api_key="k")
    with pytest.raises(InvalidRequestError, match="PINECONE_API_KEY"):
        ImportsClient(host="http://127.0.0.1:1")


def test_host_without_scheme_means_https() -> None:
    client = ImportsClient("my-index-abc123.svc.pinecone.io", "k")
    assert client.host == "https://my-index-abc123.svc.pinecone.io"


def test_with_options_keeps_the_rest(service: FakeService) -> None:
    with ImportsClient(service.url, FakeService.API_KEY, "2025-01", max_retries=5) as client:
        other = client.with_options(api_version="2025-10", timeout=3)
        assert (other.api_version, other.max_retries, other.host) == ("2025-10", 5, service.url)
        assert other.timeout.read == 3
        other.start_import("s3://b/d")
    assert service.requests[-1].headers["x-pinecone-api-version"] == "2025-10"
