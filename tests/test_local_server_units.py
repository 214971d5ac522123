"""Pure pieces of the server and the validator: version choice, tokens, S3 settings, read-ahead."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pinecone_imports._sample_data import write_sample_dataset
from pinecone_imports._storage import _hints
from pinecone_imports._storage._s3 import s3_options_from_env
from pinecone_imports.local_server._api_version import resolve_api_version
from pinecone_imports.local_server._requests import make_token, parse_token
from pinecone_imports.local_server._rpc import ApiError
from pinecone_imports.preflight._prefetch import prefetch
from pinecone_imports.preflight._source import DataFile
from pinecone_imports_generated import API_VERSIONS


def test_version_choice() -> None:
    assert resolve_api_version(None) == API_VERSIONS[0]
    assert resolve_api_version(" ") == API_VERSIONS[0]
    with pytest.raises(ApiError) as missing:
        resolve_api_version(None, require=True)
    assert "required" in missing.value.message and all(v in missing.value.message for v in API_VERSIONS)
    assert resolve_api_version(API_VERSIONS[-1], require=True) == API_VERSIONS[-1]
    for version in API_VERSIONS:
        assert resolve_api_version(version) == version
    assert resolve_api_version("2999-12") == API_VERSIONS[-1]
    for bad in ("2024-01", "2026-4", "v2026-04", "2026-00"):
        with pytest.raises(ApiError) as refused:
            resolve_api_version(bad)
        assert refused.value.http_status == 400 and API_VERSIONS[-1] in refused.value.message


def test_tokens_round_trip_and_reject_forgeries() -> None:
    for seq in (0, 1, 99, 10**12):
        assert parse_token(make_token(seq)) == seq
    assert parse_token(None) == 0 and parse_token("") == 0
    for forged in ("!!!", "YWZ0ZXI6LTE", "Zm9vOjE", make_token(5) + "x"):
        with pytest.raises(ApiError):
            parse_token(forged)


def test_s3_settings_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No credentials anywhere (no variables, no ~/.aws, not on EC2): public buckets are read anonymously.
    monkeypatch.setattr(_hints, "_DMI", tmp_path / "no-dmi")
    assert s3_options_from_env({"HOME": str(tmp_path)}) == {"region": "us-east-1", "anonymous": True}
    assert s3_options_from_env({"HOME": str(tmp_path), "AWS_PROFILE": "dev"}) == {"region": "us-east-1"}
    options = s3_options_from_env(
        {
            "AWS_REGION": "eu-west-1",
            "AWS_ENDPOINT_URL": "http://ignored:1",
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000",
            "AWS_ACCESS_KEY_ID": "id",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_SESSION_TOKEN": "token",
        }
    )
    assert options == {
        "region": "eu-west-1",
        "endpoint_override": "127.0.0.1:9000",
        "scheme": "http",
        "force_virtual_addressing": False,
        "access_key": "id",
        "secret_key": "secret",
        "session_token": "token",
    }
    assert s3_options_from_env({"AWS_ENDPOINT_URL": "minio.local:9000"})["scheme"] == "https"


def test_prefetch_keeps_order_and_passes_errors_on() -> None:
    def numbers() -> Iterator[int]:
        yield from range(5)
        raise ValueError("broken source")

    seen: list[int] = []
    with pytest.raises(ValueError, match="broken source"):
        for number in prefetch(numbers()):
            seen.append(number)
    assert seen == [0, 1, 2, 3, 4]


def test_prefetch_stops_its_thread_when_closed_early() -> None:
    produced: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    before = threading.active_count()
    items = prefetch(endless(), depth=2)
    assert next(items) == 0
    items.close()
    assert threading.active_count() == before
    # Bounded read-ahead: the consumer took one item, the queue holds at most two more.
    assert len(produced) <= 4


def test_prefetch_starts_reading_before_the_first_item_is_asked_for() -> None:
    # The validator opens a reader per file in flight and consumes them one after another: each
    # must already be reading, or the files are read one at a time after all.
    started = threading.Event()

    def announced() -> Iterator[int]:
        started.set()
        yield 1

    before = threading.active_count()
    items = prefetch(announced())
    assert started.wait(timeout=5)
    items.close()  # never consumed: closing still stops the thread
    assert threading.active_count() == before
    assert list(items) == []


def test_files_in_flight_are_read_at_once(tmp_path: Path) -> None:
    from pinecone_imports.preflight._scan import _read_files  # noqa: PLC0415
    from pinecone_imports.preflight._schema import VectorType  # noqa: PLC0415
    from pinecone_imports.preflight._source import open_source  # noqa: PLC0415

    write_sample_dataset(tmp_path / "data", records=400, dimension=4, namespaces=1, files_per_namespace=4)
    source = open_source(tmp_path / "data")
    files = source.listing().files
    opened: list[str] = []
    original = source.open_parquet

    def recording_open(data_file: DataFile) -> pq.ParquetFile:
        opened.append(data_file.name)
        return original(data_file)

    source.open_parquet = recording_open  # type: ignore[method-assign]
    events = _read_files(source, files, VectorType.DENSE, 1000, files_in_flight=3)
    first = next(events)
    deadline = time.monotonic() + 5
    while len(opened) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    # One event consumed, and yet three files are open: their readers run ahead on their own.
    assert first.file == files[0] and len(opened) == 3
    events.close()
