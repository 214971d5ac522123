"""The first day with the command line (issue 12): each item checked through the real command."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pinecone_imports._cli import _validation_view
from pinecone_imports._sample_data import write_sample_dataset
from tests._cli_runner import ENVIRONMENT, Cli, invoke
from tests._fake_service import Canned, FakeService
from tests.preflight_builders import dense_table, sparse_table, write

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- 1. the listing at 80 columns keeps the ID and shows the error -----------------------------------


def test_list_at_80_columns_keeps_the_id_and_shows_errors(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_uri = "s3://a-bucket-with-a-long-name/and/a/deeply/nested/prefix/for/the/import/data/"
    done = service.add_import(uri=long_uri, script=["Completed"])
    failed = service.add_import(uri=long_uri, script=["Failed"])
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert all(len(line) <= 80 for line in lines), result.out
    assert lines[0].split()[:2] == ["ID", "Status"] and "URI" in lines[0] and "Error" in lines[0]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {done.id, failed.id}
    assert "s3://a-bucket" in rows[failed.id] and "…" in rows[failed.id]  # the URI gives way
    assert "file ns1/part-0" in rows[failed.id]  # the start of the failure's reason


def test_list_in_a_wide_pipe_shows_every_column_whole(cli: Cli, service: FakeService) -> None:
    failed = service.add_import(script=["Failed"])
    result = cli("list")
    header, _, row = result.out.splitlines()[:3]
    assert header.split() == [
        "ID", "Status", "Progress", "Records", "Created", "(UTC)", "Finished", "(UTC)", "URI", "Error",
    ]  # fmt: skip
    assert row.split()[:3] == [failed.id, "Failed", "0.0%"]
    assert row.endswith("file ns1/part-0.parquet row 7: values has 3 dimensions, index has 4")


# -- 2. short keys: redaction never mangles other text, --json never crashes -------------------------


def test_a_short_key_does_not_mangle_messages(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "--host", "http://example.invalid", "--api-key", "x", "list")
    assert result.code == 2
    assert "'http://example.invalid'" in result.error_line()
    assert "<redacted>" not in result.err


@pytest.mark.parametrize("key", ["1", "x", "test", '"', "{", "message", "exitCode"])
def test_a_short_key_keeps_the_json_error_document_valid(
    capsys: pytest.CaptureFixture[str], key: str
) -> None:
    port = _closed_port()
    result = invoke(
        capsys, "--json", "--host", f"http://127.0.0.1:{port}", "--api-key", key, "describe", "example-1"
    )
    assert result.code == 1
    error = result.json()["error"]  # one valid JSON document, whatever the key looks like
    assert error["exitCode"] == 1 and error["type"] == "APIConnectionError"
    assert f"http://127.0.0.1:{port}/bulk/imports/example-1" in error["message"]
    assert "Traceback" not in result.err


def test_a_short_key_standing_alone_is_still_hidden(cli: Cli, service: FakeService) -> None:
    service.enqueue(
        Canned(
            400, json.dumps({"message": "echo: Api-Key: x"}).encode(), {"Content-Type": "application/json"}
        )
    )
    result = cli("--json", "describe", "x-ray", key="x")
    document = result.json()["error"]
    assert "Api-Key: <redacted>" in document["message"] and "x-ray" not in document["message"]
    assert "Api-Key: x" not in result.out + result.err


# -- 4. validate ------------------------------------------------------------------------------------


def test_validate_stops_before_reading_when_a_listing_limit_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(10_001):
        (tmp_path / f"ns-{n:05d}").mkdir()
    write(tmp_path, "ns-00000", dense_table(3, 4))
    result = invoke(capsys, "validate", str(tmp_path))
    assert result.code == 6
    assert "[limit.namespaces] 10,001 namespaces; one import takes at most 10,000" in result.out
    assert "records were not read" in result.out
    assert "10,001 namespaces, 1 file, records not read" in result.out
    # 10,000 empty folders: ten named, the others counted on one line.
    assert result.out.count("[layout.empty_namespace]") == 11
    assert "warning [layout.empty_namespace] ... and 9,990 more places (9,990 problems)" in result.out
    document = invoke(capsys, "--json", "validate", str(tmp_path)).json()
    assert document["recordsChecked"] is False and document["summary"]["records"] == 0


def test_validate_groups_repeated_problems_per_file_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "ns", dense_table(10, 4), "part-0.parquet")
    write(tmp_path, "ns", dense_table(3, 8, prefix="w"), "part-1.parquet")
    result = invoke(capsys, "validate", str(tmp_path), "--dimension", "4")
    assert result.code == 6
    problems = [line for line in result.out.splitlines() if line.startswith("error")]
    assert problems == [
        "error   [values.dimension] ns/part-1.parquet, column 'values': 3 rows (0, 1, 2); "
        "first: values has 8 entries; expected the index dimension 4"
    ]
    assert result.out.splitlines()[-1] == (
        "1 namespace, 2 files, 13 records, "
        f"{_validation_view.size_text(sum(f.stat().st_size for f in tmp_path.glob('ns/*')))}, "
        "dimension 4: 3 errors, 0 warnings, 0 notes; the data would NOT import cleanly"
    )
    assert result.error_line() == "Error: 3 problems would stop this import"


def test_validate_names_the_duplicated_id_and_where_it_was_first_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "ns", dense_table(5, 4), "part-0.parquet")
    write(tmp_path, "ns", dense_table(1, 4, start=3), "part-1.parquet")
    result = invoke(capsys, "--json", "validate", str(tmp_path))
    [problem] = result.json()["problems"]
    assert problem["rule"] == "id.duplicate" and problem["row"] == 0
    assert problem["message"] == (
        "id 'v-3' appears more than once in this namespace; first seen in ns/part-0.parquet, row 3"
    )
    assert result.json()["problemGroups"] == [
        {"rule": "id.duplicate", "severity": "error", "count": 1, "where": "ns/part-1.parquet"}
    ]
    assert result.error_line() == "Error: 1 problem would stop this import"


def test_validate_of_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    result = invoke(capsys, "validate", str(missing))
    assert result.code == 2
    assert result.error_line().startswith(f"Error: cannot validate {missing}: ")
    as_json = invoke(capsys, "--json", "validate", str(missing))
    assert as_json.code == 2 and as_json.json()["error"]["exitCode"] == 2


def test_validate_hints_at_vector_type_sparse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "ns", sparse_table(4))
    result = invoke(capsys, "validate", str(tmp_path))
    assert result.code == 6
    assert "the file holds sparse_values: for a sparse index, check with --vector-type sparse" in result.out
    assert invoke(capsys, "validate", str(tmp_path), "--vector-type", "sparse").code == 0


def test_validate_writes_progress_lines_to_stderr_in_a_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_validation_view, "LINE_EVERY_SECONDS", 0.0)
    write_sample_dataset(tmp_path, records=400, dimension=4, namespaces=2)
    result = invoke(capsys, "validate", str(tmp_path))
    assert result.code == 0
    lines = result.err.splitlines()
    assert lines and all(line.startswith("validating: ") for line in lines)
    assert "100% of" in lines[-1] and "4 of 4 files, 400 records checked" in lines[-1]
    # --json keeps stderr for errors away from a terminal.
    assert invoke(capsys, "--json", "validate", str(tmp_path)).err == ""


# -- 5. wait gives up on a dead host ------------------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
def test_wait_gives_up_after_consecutive_failed_polls(capsys: pytest.CaptureFixture[str]) -> None:
    host = f"http://127.0.0.1:{_closed_port()}"
    args = ("--host", host, "--api-key", "key-0123456789", "wait", "7", "--interval", "0.01")
    result = invoke(capsys, *args, "--max-failed-polls", "2")
    assert result.code == 1
    last = result.err.splitlines()[-1]
    assert last.startswith("Error: gave up waiting after 2 consecutive failed polls; the last one: GET ")
    default = invoke(capsys, "--json", *args)
    assert default.json()["error"]["message"].startswith("gave up waiting after 5 consecutive failed polls")
    assert default.json()["error"]["importId"] == "7"


# -- 6. messages name flags and commands -------------------------------------------------------------


def _loopback_name() -> str:
    """A name of this machine that resolves to a loopback address but is not `localhost`."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if not address.startswith("127.") or name == "localhost":
        pytest.skip(f"this machine's name {name!r} does not resolve to a loopback address")
    return name


def test_allow_insecure_http_reaches_a_plain_http_host(cli: Cli, service: FakeService) -> None:
    service.add_import()
    host = service.url.replace("127.0.0.1", _loopback_name())
    refused = invoke(cli.capsys, "--host", host, "--api-key", FakeService.API_KEY, "list")
    assert refused.code == 2
    assert "pass --allow-insecure-http if this network is trusted" in refused.error_line()
    assert "allow_insecure_http=True" not in refused.err
    allowed = invoke(
        cli.capsys, "--allow-insecure-http", "--host", host, "--api-key", FakeService.API_KEY, "list"
    )
    assert allowed.code == 0, allowed.err
    assert "s3://bucket/dir" in allowed.out


def test_library_wording_is_translated_for_the_shell(cli: Cli, service: FakeService) -> None:
    unsupported = cli("--api-version", "2019-01", "list")
    assert unsupported.code == 2
    assert "scripts/regenerate" not in unsupported.err
    assert "pip install -U pinecone-imports" in unsupported.error_line()
    empty_id = cli("describe", "..")
    assert empty_id.error_line() == "Error: the import ID '..' is not an import id"


def test_start_answered_with_a_5xx_says_how_to_look_for_the_import(cli: Cli, service: FakeService) -> None:
    for _ in range(2):
        service.enqueue(FakeService._json(503, {"code": 14, "message": "unavailable", "details": []}))
    text = cli("start", "s3://bucket/dir")
    assert text.code == 1
    line = text.error_line()
    assert "may or may not have started" in line
    assert "list_imports()" not in line and "'pinecone-imports list'" in line
    assert "Look for it in 'pinecone-imports list' before starting it again (sent at 20" in line
    assert line.count("pinecone-imports list") == 1
    error = cli("--json", "start", "s3://bucket/dir").json()["error"]
    assert error["type"] == "StartServerError" and error["statusCode"] == 503
    assert error["uri"] == "s3://bucket/dir" and error["sentAt"].startswith("20")
    assert error["lookWith"] == "pinecone-imports list"


# -- 7. hints that point the right way ---------------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
def test_https_to_a_plain_http_server_suggests_http(cli: Cli, service: FakeService) -> None:
    address = service.url.removeprefix("http://")
    result = invoke(cli.capsys, "--host", address, "--api-key", FakeService.API_KEY, "list")
    assert result.code == 1
    assert result.error_line().endswith(
        f"(the server speaks plain http: did you mean --host http://{address}?)"
    )


def test_local_folders_given_as_uris_get_the_file_form(
    cli: Cli, service: FakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_slashes = cli("start", "file://data/ns")
    assert two_slashes.code == 2
    assert "file:///ABS/PATH, e.g. file:///data/ns)" in two_slashes.error_line()
    monkeypatch.chdir(tmp_path)
    bare = cli("start", "data")
    assert bare.code == 2
    assert f"here file://{tmp_path}/data;" in bare.error_line()
    assert service.requests == []


def test_list_against_a_wrong_host_blames_the_host_not_an_import_id(cli: Cli, service: FakeService) -> None:
    result = invoke(cli.capsys, "--host", service.url + "/v1", "--api-key", FakeService.API_KEY, "list")
    assert result.code == 1
    line = result.error_line()
    assert "check --host" in line and "import ID" not in line


# -- 8. --debug (and --verbose, --json) anywhere; usage errors never print a traceback ---------------


def test_debug_after_the_command_is_accepted(cli: Cli, service: FakeService) -> None:
    service.add_import()
    assert cli("list", "--debug").code == 0
    failed = cli("describe", "nope", "--debug")
    assert failed.code == 1 and "Traceback (most recent call last)" in failed.err


def test_a_usage_error_is_one_line_even_with_debug(cli: Cli) -> None:
    result = cli("list", "--no-such-option", "--debug")
    assert result.code == 2
    assert result.error_line().startswith("Error: No such option: --no-such-option")


# -- 9. serve checks its paths and port up front ----------------------------------------------------


def test_serve_refuses_a_missing_data_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "serve", "--data-root", str(tmp_path / "missing"))
    assert result.code == 2
    assert result.error_line() == (
        f"Error: --data-root {tmp_path / 'missing'} does not exist; pass the folder that holds your "
        "namespace folders"
    )


def test_serve_does_not_create_the_folder_of_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "serve", "--db", str(tmp_path / "missing" / "x.db"))
    assert result.code == 2
    assert "the folder" in result.error_line() and "does not exist" in result.error_line()
    assert not (tmp_path / "missing").exists()


def test_serve_on_a_busy_port_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke(capsys, "serve", "--port", str(port))
    assert result.code == 2
    assert result.error_line() == (
        f"Error: port {port} on 127.0.0.1 is already in use (another 'pinecone-imports serve'?); "
        "pick another with --port N, or --port 0 for a free one"
    )


# -- 10. verbosity, completion ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_logs_each_request_and_answer(cli: Cli, service: FakeService, where: str) -> None:
    item = service.add_import()
    args = ["-v", "describe", item.id] if where == "before" else ["describe", item.id, "--verbose"]
    result = cli(*args)
    assert result.code == 0
    [logged] = [line for line in result.err.splitlines() if "pinecone_imports.http" in line]
    assert f"pinecone_imports.http: GET {service.url}/bulk/imports/{item.id} -> 200 (" in logged
    assert logged.endswith(" ms)")
    # Not verbose: nothing on stderr.
    assert cli("describe", item.id).err == ""


def test_verbose_logs_failed_exchanges_without_the_key(cli: Cli, service: FakeService) -> None:
    result = cli("-v", "list", key="canary-wrong-key-5b1e0c")
    assert result.code == 1
    assert f"GET {service.url}/bulk/imports -> 401 (" in result.err


def test_shell_completion_is_typers_own() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "pinecone_imports", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "complete -o default -F _pinecone_imports_completion pinecone-imports" in shown.stdout
    helped = subprocess.run(
        [sys.executable, "-m", "pinecone_imports", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "--install-completion" in helped.stdout


def test_license_is_apache_2() -> None:
    text = (REPO / "LICENSE").read_text()
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert 'license-files = ["LICENSE"]' in (REPO / "pyproject.toml").read_text()
