"""The spec's rules in one place: URI forms per version and the request limits."""

from __future__ import annotations

import pytest

from pinecone_imports._api._rules import ImportUri, list_limit_problem, parse_import_uri, uri_problem


@pytest.mark.parametrize(
    ("uri", "parsed"),
    [
        ("s3://bucket/a/b/", ImportUri("s3", "bucket", "a/b")),
        ("gs://bucket", ImportUri("gs", "bucket", "")),
        (
            "https://acct01.blob.core.windows.net/container/dir/sub",
            ImportUri("azure", "container", "dir/sub", account="acct01"),
        ),
        ("file:///data/x%20y/", ImportUri("file", "", "/data/x y/")),
        ("s3:///no-bucket", None),
        ("https://acct01.blob.core.windows.net/", None),
        ("https://ACCT.blob.core.windows.net.evil.example/c/d", None),
        ("https://acct01.blob.core.windows.net:8443/c/d", None),
        ("file://relative/dir", None),
        ("bucket/dir", None),
    ],
)
def test_parse_import_uri(uri: str, parsed: ImportUri | None) -> None:
    assert parse_import_uri(uri) == parsed


def test_cloud_forms_depend_on_the_version() -> None:
    azure = "https://acct01.blob.core.windows.net/container/dir"
    assert uri_problem("gs://b/d", "2025-04", allow_file=False) is None
    assert uri_problem(azure, "2026-04", allow_file=False) is None
    old = uri_problem(azure, "2025-01", allow_file=False)
    assert old is not None and "2025-04 or newer" in old
    assert uri_problem("s3://b/d", "2024-10", allow_file=False) is None


def test_file_uris_only_where_allowed() -> None:
    assert uri_problem("file:///tmp/d", "2026-04", allow_file=True) is None
    refused = uri_problem("file:///tmp/d", "2026-04", allow_file=False)
    assert refused is not None and "local import server" in refused


@pytest.mark.parametrize("limit", [0, 101, True, 1.5, "10"])
def test_list_limit_range(limit: object) -> None:
    assert list_limit_problem(limit) is not None


def test_list_limit_bounds_are_accepted() -> None:
    assert list_limit_problem(1) is None and list_limit_problem(100) is None
