"""The command line against a loopback FakeService: every command, --json, exit codes, errors.

Every run goes through tests._cli_runner.invoke, which also checks that no API key and no
terminal escape code was printed.
"""

from __future__ import annotations

import errno
import io
import sys
import time

import pytest

from pinecone_imports import SUPPORTED_API_VERSIONS, __version__
from tests._cli_runner import WRONG_KEY, Cli, invoke
from tests._fake_service import Canned, FakeService

FAST = ("--interval", "0.01")


# -- start -------------------------------------------------------------------------------------


def test_start_prints_the_new_id_and_sends_only_what_was_given(cli: Cli, service: FakeService) -> None:
    plain = cli("start", "s3://bucket/dir/")
    detailed = cli("start", "s3://bucket/other/", "--integration-id", "integ-7", "--error-mode", "continue")
    assert plain.code == detailed.code == 0
    assert "Started import 1" in plain.out and "pinecone-imports wait 1" in plain.out
    assert "Started import 2" in detailed.out
    assert plain.err == detailed.err == ""
    first, second = service.requests
    assert (first.method, first.path, first.body) == ("POST", "/bulk/imports", {"uri": "s3://bucket/dir/"})
    assert second.body == {
        "uri": "s3://bucket/other/",
        "integrationId": "integ-7",
        "errorMode": {"onError": "continue"},
    }


def test_start_json_is_one_document_with_the_id(cli: Cli) -> None:
    result = cli("--json", "start", "s3://bucket/dir/")
    assert result.code == 0
    assert result.json() == {"id": "1"}
    assert result.err == ""


def test_start_wait_follows_the_import_to_completion(cli: Cli, service: FakeService) -> None:
    result = cli("start", "s3://bucket/dir/", "--wait", *FAST)
    assert result.code == 0
    assert "Started import 1" in result.out
    assert "Import 1 Completed: 1,000 records imported" in result.out
    # Away from a terminal progress is plain lines on stderr, one per change.
    assert [line.split(",")[0] for line in result.err.splitlines()] == [
        "import 1: Pending",
        "import 1: InProgress",
        "import 1: Completed",
    ]
    assert [r.method for r in service.requests] == ["POST", "GET", "GET", "GET"]


def test_start_wait_json_prints_only_the_final_state(cli: Cli) -> None:
    result = cli("start", "s3://bucket/dir/", "--wait", "--json", *FAST)
    assert result.code == 0
    document = result.json()
    assert document["id"] == "1" and document["status"] == "Completed"
    assert document["recordsImported"] == 1000
    assert result.err == ""


def test_start_wait_exits_3_when_the_import_fails(cli: Cli, service: FakeService) -> None:
    service.default_script = ["Pending", "Failed"]
    result = cli("start", "s3://bucket/dir/", "--wait", *FAST)
    assert result.code == 3
    assert "Failed" in result.err.splitlines()[-1] and "row 7" in result.err.splitlines()[-1]


def test_start_rejects_a_timeout_without_wait(cli: Cli, service: FakeService) -> None:
    result = cli("start", "s3://bucket/dir/", "--timeout", "5")
    assert result.code == 2
    assert "--timeout only applies with --wait" in result.error_line()
    assert service.requests == []


# -- list --------------------------------------------------------------------------------------


def test_list_shows_one_page_and_how_to_get_the_next(cli: Cli, service: FakeService) -> None:
    for n in range(3):
        service.add_import(uri=f"s3://bucket/part-{n}")
    first = cli("list", "--limit", "2")
    assert first.code == 0
    assert "s3://bucket/part-0" in first.out and "s3://bucket/part-1" in first.out
    assert "s3://bucket/part-2" not in first.out
    token = first.out.rsplit("--pagination-token ", 1)[1].strip()
    assert "pinecone-imports list --limit 2 --pagination-token" in first.out
    second = cli("list", "--limit", "2", "--pagination-token", token)
    assert "s3://bucket/part-2" in second.out and "s3://bucket/part-0" not in second.out
    assert "--pagination-token" not in second.out
    assert service.requests[-1].query == {"limit": ["2"], "paginationToken": [token]}


def test_list_json_has_the_imports_and_the_next_token(cli: Cli, service: FakeService) -> None:
    for n in range(3):
        service.add_import(uri=f"s3://bucket/part-{n}")
    first = cli("--json", "list", "--limit", "2").json()
    assert [item["uri"] for item in first["imports"]] == ["s3://bucket/part-0", "s3://bucket/part-1"]
    assert first["imports"][0] == service.imports["1"].wire()
    assert isinstance(first["nextToken"], str)
    last = cli("list", "--json", "--limit", "2", "--pagination-token", first["nextToken"]).json()
    assert [item["id"] for item in last["imports"]] == ["3"]
    assert last["nextToken"] is None


def test_list_all_follows_every_page(cli: Cli, service: FakeService) -> None:
    for n in range(5):
        service.add_import(uri=f"s3://bucket/part-{n}")
    result = cli("--json", "list", "--all", "--limit", "2")
    assert result.code == 0
    assert [item["id"] for item in result.json()["imports"]] == ["1", "2", "3", "4", "5"]
    assert result.json()["nextToken"] is None
    assert len(service.requests) == 3
    human = cli("list", "--all", "--limit", "2")
    assert all(f"s3://bucket/part-{n}" in human.out for n in range(5))
    assert "--pagination-token" not in human.out


def test_list_with_no_imports(cli: Cli) -> None:
    result = cli("list")
    assert (result.code, result.out.strip()) == (0, "No imports.")
    assert cli("list", "--json").json() == {"imports": [], "nextToken": None}


# -- describe and cancel -------------------------------------------------------------------------


def test_describe_shows_every_field(cli: Cli, service: FakeService) -> None:
    item = service.add_import(uri="s3://bucket/broken", script=["Failed"], importErrors=2)
    result = cli("describe", item.id)
    assert result.code == 0  # describing a Failed import succeeds; `wait` is the one that branches
    for expected in (
        "s3://bucket/broken",
        "Failed",
        "2024-08-27 17:10:32",
        "2024-08-27 17:20:00",
        "row 7: values has 3 dimensions",
        "importErrors",
    ):
        assert expected in result.out


def test_describe_json_is_the_api_document(cli: Cli, service: FakeService) -> None:
    item = service.add_import(script=["InProgress"], importSuccesses=3)
    expected = item.wire()
    result = cli("describe", item.id, "--json")
    assert result.code == 0 and result.err == ""
    document = result.json()
    assert document == expected
    assert document["importSuccesses"] == 3


def test_json_gives_timestamps_exactly_as_the_service_sent_them(cli: Cli, service: FakeService) -> None:
    # Forms a parse and re-format would change; the table still reads them as times.
    sent = {"createdAt": "2024-08-27T17:10:32Z", "finishedAt": "2024-08-27t19:20:00.206413987+02:00"}
    item = service.add_import(script=["Completed"], **sent)
    described = cli("describe", item.id, "--json").json()
    listed = cli("--json", "list").json()["imports"][0]
    for document in (described, listed):
        assert (document["createdAt"], document["finishedAt"]) == (sent["createdAt"], sent["finishedAt"])
    human = cli("describe", item.id)
    assert "2024-08-27 17:10:32" in human.out and "2024-08-27 17:20:00" in human.out


def test_cancel_asks_the_service_and_confirms(cli: Cli, service: FakeService) -> None:
    item = service.add_import()
    result = cli("cancel", item.id)
    assert result.code == 0
    assert f"cancel import {item.id}" in result.out
    assert (service.requests[-1].method, service.requests[-1].path) == ("DELETE", f"/bulk/imports/{item.id}")
    assert service.imports[item.id].status == "Cancelled"
    running = service.add_import()
    assert cli("--json", "cancel", running.id).json() == {"id": running.id, "cancelRequested": True}


def test_cancel_of_a_finished_import_says_there_is_nothing_to_cancel(cli: Cli, service: FakeService) -> None:
    item = service.add_import()
    assert cli("cancel", item.id).code == 0  # now Cancelled
    again = cli("cancel", item.id)
    assert again.code == 0
    assert f"Import {item.id} already finished (Cancelled); there is nothing to cancel" in again.out
    assert service.requests[-1].method == "GET"  # nothing was sent to cancel it
    document = cli("--json", "cancel", item.id).json()
    assert document == {"id": item.id, "cancelRequested": False, "status": "Cancelled"}


# -- wait and its exit codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "code"),
    [
        (["Pending", "InProgress", "Completed"], 0),
        (["InProgress", "Failed"], 3),
        (["InProgress", "Cancelled"], 4),
    ],
)
def test_wait_exit_code_follows_the_final_status(
    cli: Cli, service: FakeService, script: list[str], code: int
) -> None:
    item = service.add_import(script=script)
    human = cli("wait", item.id, *FAST)
    assert human.code == code
    final = script[-1]
    if code == 0:
        assert f"Import {item.id} Completed" in human.out
    else:
        assert human.out == ""
        assert human.err.splitlines()[-1].startswith(f"Import {item.id} ")
        assert final in human.err.splitlines()[-1]
    again = service.add_import(script=script)
    machine = cli("--json", "wait", again.id, *FAST)
    assert machine.code == code
    assert machine.json()["status"] == final
    assert len(machine.err.splitlines()) == (0 if code == 0 else 1)


def test_wait_timeout_exits_5_and_reports_the_last_state(cli: Cli, service: FakeService) -> None:
    item = service.add_import(script=["InProgress"])
    human = cli("wait", item.id, "--timeout", "0", *FAST)
    assert human.code == 5
    assert "keeps running" in human.err.splitlines()[-1]
    machine = cli("--json", "wait", item.id, "--timeout", "0.05", *FAST)
    assert machine.code == 5
    error = machine.json()["error"]
    assert error["type"] == "ImportWaitTimeoutError" and error["exitCode"] == 5
    assert error["importId"] == item.id and error["import"]["status"] == "InProgress"
    assert "keeps running" in machine.error_line()


def test_ctrl_c_while_waiting_exits_130_and_says_the_import_keeps_running(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = service.add_import(script=["InProgress"])

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", interrupted)
    result = cli("wait", item.id, *FAST)
    assert result.code == 130
    line = result.err.splitlines()[-1]
    assert "keeps running" in line and f"pinecone-imports cancel {item.id}" in line
    assert "Traceback" not in result.err
    error = cli("--json", "wait", item.id, *FAST).json()["error"]
    assert (error["type"], error["exitCode"], error["importId"]) == ("Interrupted", 130, item.id)


def test_start_wait_json_keeps_the_new_id_when_waiting_fails(cli: Cli, service: FakeService) -> None:
    # The start succeeds, then the service fails every status check: the id must not be lost.
    service.enqueue(Canned(200, b'{"id": "77"}', {"Content-Type": "application/json"}))
    service.enqueue(*[Canned(404, b'{"code": 5, "message": "gone"}')] * 3)
    result = cli("--json", "start", "s3://bucket/dir/", "--wait", *FAST)
    assert result.code == 1
    error = result.json()["error"]
    assert (error["type"], error["statusCode"], error["importId"]) == ("NotFoundError", 404, "77")


# -- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["describe"],
        ["bogus-command"],
        ["list", "--limit", "0"],
        ["list", "--limit", "101"],
        ["list", "--limit", "many"],
        ["start", "s3://bucket/dir/", "--error-mode", "sometimes"],
        ["wait", "1", "--interval", "0"],
        ["wait", "1", "--timeout", "-1"],
        ["start", "ftp://bucket/dir/"],
        ["--api-version", "1999-01", "list"],
        ["describe", "1", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2_with_one_line(cli: Cli, service: FakeService, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.error_line().startswith("Error: ")
    assert service.requests == []
    machine = cli("--json", *args)
    assert machine.code == 2
    assert machine.json()["error"]["exitCode"] == 2
    assert machine.error_line() == result.error_line()


def test_no_command_prints_help_and_exits_2(cli: Cli) -> None:
    result = invoke(cli.capsys)
    assert result.code == 2
    assert "Commands:" in result.err and result.out == ""


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--api-key", "k3y-for-this-test", "list"], ("--host", "PINECONE_HOST")),
        (["--host", "http://127.0.0.1:1", "list"], ("--api-key", "PINECONE_API_KEY")),
    ],
)
def test_missing_host_or_key_is_a_usage_error(cli: Cli, args: list[str], names: tuple[str, str]) -> None:
    result = invoke(cli.capsys, *args)
    assert result.code == 2
    line = result.error_line()
    assert all(name in line for name in names)


# -- API errors -----------------------------------------------------------------------------------


def test_unknown_import_exits_1(cli: Cli) -> None:
    result = cli("describe", "no-such-import")
    assert result.code == 1
    assert result.error_line() == (
        "Error: 404 Not Found: Import no-such-import not found (code 5) "
        "(check the import ID, see 'pinecone-imports list', and --host)"
    )
    error = cli("--json", "describe", "no-such-import").json()["error"]
    assert (error["type"], error["statusCode"], error["code"], error["exitCode"]) == (
        "NotFoundError",
        404,
        5,
        1,
    )


def test_wrong_key_exits_1_without_showing_the_key(cli: Cli) -> None:
    for args in (["list"], ["describe", "1"], ["start", "s3://bucket/dir/"], ["cancel", "1"], ["wait", "1"]):
        result = cli(*args, key=WRONG_KEY)
        assert result.code == 1
        assert "401 Unauthorized" in result.error_line() and "--api-key" in result.error_line()
        machine = cli("--json", *args, key=WRONG_KEY)
        assert machine.json()["error"]["statusCode"] == 401


def test_server_error_with_an_html_body_exits_1(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # the client's retry pauses
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    service.enqueue(*[Canned(502, page, {"Content-Type": "text/html"})] * 3)
    result = cli("list")
    assert result.code == 1
    assert "502" in result.error_line() and "<html>" not in result.err


def test_unreachable_host_exits_1(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # the client's retry pauses
    service_url = cli.service.url
    cli.service.stop()
    result = cli("describe", "1")
    assert result.code == 1
    line = result.error_line()
    assert service_url in line and "--host" in line


def test_the_key_is_kept_out_of_output_even_when_the_server_echoes_it(cli: Cli, service: FakeService) -> None:
    # A server (or proxy) that puts the request's key into a response must not make us print it.
    item = service.add_import(script=["Failed"], error=f"rejected Api-Key {FakeService.API_KEY}")
    for args in (["describe", item.id], ["--json", "describe", item.id], ["wait", item.id, *FAST]):
        result = cli(*args)  # invoke() fails the test if the key is printed
        assert "<redacted>" in result.out + result.err
    service.enqueue(Canned(400, f'{{"code": 3, "message": "bad key {FakeService.API_KEY}"}}'.encode()))
    assert cli("--json", "--debug", "list").code == 1


@pytest.mark.parametrize(
    "key_option", [("--api-key", FakeService.API_KEY), (f"--api-key={FakeService.API_KEY}",)]
)
def test_a_key_pasted_as_an_argument_is_not_echoed_by_a_usage_error(
    cli: Cli, key_option: tuple[str, ...]
) -> None:
    # invoke() fails the test if the key is printed.
    extra = invoke(cli.capsys, *key_option, "--host", cli.service.url, "describe", "1", FakeService.API_KEY)
    assert extra.code == 2 and "<redacted>" in extra.error_line()
    # An unknown command is reported before the global options are even read.
    unknown = invoke(cli.capsys, *key_option, "--host", cli.service.url, FakeService.API_KEY)
    assert unknown.code == 2 and "No such command '<redacted>'" in unknown.error_line()


def test_debug_adds_the_traceback_and_keeps_the_key_hidden(cli: Cli) -> None:
    result = cli("--debug", "describe", "missing")
    assert result.code == 1
    assert "Traceback" in result.err and "NotFoundError" in result.err
    assert result.err.splitlines()[-1].startswith("Error: 404 Not Found")
    waited = cli("--debug", "wait", "missing", *FAST)
    assert "Traceback" in waited.err and waited.err.splitlines()[-1].startswith("Error: 404 Not Found")
    assert "Traceback" not in cli("describe", "missing").err


@pytest.mark.parametrize("error_number", [errno.EPIPE, None])
def test_a_closed_stdout_ends_quietly_with_1(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch, error_number: int | None
) -> None:
    # `pinecone-imports list --json | head -1`: the reader is gone before everything is written.
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(error_number, "Broken pipe")

    service.add_import()
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    monkeypatch.setattr(sys, "stderr", sys.stderr)  # typer may wrap it; put it back afterwards
    result = cli("--json", "list")
    assert result.code == 1
    assert result.err == ""


# -- global options and the environment ------------------------------------------------------------


def test_environment_variables_are_honoured(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.add_import()
    monkeypatch.setenv("PINECONE_HOST", service.url)
    monkeypatch.setenv("PINECONE_API_KEY", FakeService.API_KEY)
    monkeypatch.setenv("PINECONE_API_VERSION", "2025-01")
    result = invoke(cli.capsys, "describe", "1")
    assert result.code == 0 and "s3://bucket/dir" in result.out
    assert service.requests[-1].headers["x-pinecone-api-version"] == "2025-01"
    # Options win over the environment.
    invoke(cli.capsys, "--api-version", "2025-10", "describe", "1")
    assert service.requests[-1].headers["x-pinecone-api-version"] == "2025-10"


def test_an_empty_key_in_the_environment_is_no_key(
    cli: Cli, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_HOST", service.url)
    monkeypatch.setenv("PINECONE_API_KEY", "")
    result = invoke(cli.capsys, "list")
    assert result.code == 2 and "PINECONE_API_KEY" in result.error_line()


@pytest.mark.parametrize("version", SUPPORTED_API_VERSIONS)
def test_every_api_version_works_end_to_end(cli: Cli, service: FakeService, version: str) -> None:
    result = cli("--api-version", version, "--json", "start", "s3://bucket/dir/", "--wait", *FAST)
    assert result.code == 0 and result.json()["status"] == "Completed"
    assert {r.headers["x-pinecone-api-version"] for r in service.requests} == {version}


def test_version_and_help(cli: Cli) -> None:
    version = invoke(cli.capsys, "--version")
    assert version.code == 0 and __version__ in version.out
    helped = invoke(cli.capsys, "--help")
    assert helped.code == 0
    for word in ("start", "wait", "list", "describe", "cancel", "--json", "PINECONE_API_KEY", "Exit codes"):
        assert word in helped.out
    for code in (
        "0 success",
        "1 the service",
        "2 usage error",
        "3 the import Failed",
        "4 the import",
        "5 --timeout",
        "6 validate found problems",
    ):
        assert code in helped.out
    assert invoke(cli.capsys, "wait", "--help").code == 0


def test_the_command_tree(cli: Cli) -> None:
    # Pins the commands and their order in --help; a new command module updates this list.
    helped = invoke(cli.capsys, "--help").out
    listed = helped.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[0] for line in listed.splitlines()] == [
        "start",
        "wait",
        "list",
        "describe",
        "cancel",
        "validate",
        "prepare",
        "load",
        "serve",
        "demo",
    ]


def test_help_never_shows_the_key_from_the_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", FakeService.API_KEY)
    for args in (["--help"], ["start", "--help"], ["list", "--help"]):
        assert invoke(cli.capsys, *args).code == 0  # invoke() checks the key is absent
