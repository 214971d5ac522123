"""The command line shows validation results (API 2026-07) and can fail a wait on dropped records (exit 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinecone_imports.local_server import LocalImportServer
from tests._cli_runner import Cli, invoke
from tests._fake_service import FakeService
from tests.preflight_builders import dense_table, replace_value, write

FAST = ("--interval", "0.01")
DROPPED = {"importSuccesses": 990, "importErrors": 10}


def test_describe_shows_the_validation_result(cli: Cli, service: FakeService) -> None:
    item = service.add_import(script=["Completed"], validationResult=DROPPED)
    human = cli("describe", item.id)
    assert human.code == 0, human.err
    row = next(line for line in human.out.splitlines() if line.startswith("Validation"))
    assert row.split(maxsplit=1)[1] == "990 passed, 10 failed (dropped)"
    assert "validationResult" not in human.out, "shown once, not again as an unknown field"
    machine = cli("--json", "describe", item.id)
    assert machine.json()["validationResult"] == DROPPED


def test_describe_without_a_validation_result_has_no_such_row(cli: Cli, service: FakeService) -> None:
    item = service.add_import(script=["Pending"])
    human = cli("describe", item.id)
    assert human.code == 0 and "Validation" not in human.out
    assert "validationResult" not in cli("--json", "describe", item.id).json()


def test_list_marks_imports_that_dropped_records(cli: Cli, service: FakeService) -> None:
    service.add_import(script=["Completed"], validationResult={"importSuccesses": 5, "importErrors": 0})
    dropping = service.add_import(script=["Completed"], validationResult=DROPPED)
    human = cli("list")
    assert human.code == 0, human.err
    rows = [line for line in human.out.splitlines() if "dropped" in line]
    assert len(rows) == 1 and rows[0].split()[0] == dropping.id and "(10 dropped)" in rows[0]
    machine = cli("--json", "list")
    assert [item.get("validationResult") for item in machine.json()["imports"]] == [
        {"importSuccesses": 5, "importErrors": 0},
        DROPPED,
    ]


def test_wait_reports_dropped_records_and_exits_0_unless_asked(cli: Cli, service: FakeService) -> None:
    item = service.add_import(script=["InProgress", "Completed"], validationResult=DROPPED)
    done = cli("wait", item.id, *FAST)
    assert done.code == 0, done.err
    assert "10 records failed validation and were dropped" in done.out


def test_wait_fails_on_dropped_records_with_exit_7(cli: Cli, service: FakeService) -> None:
    item = service.add_import(script=["InProgress", "Completed"], validationResult=DROPPED)
    human = cli("wait", item.id, "--fail-on-dropped-records", *FAST)
    assert human.code == 7 and human.out == ""
    assert human.err.splitlines()[-1] == (
        f"Import {item.id} Completed: 1,000 records imported in 9m 27s; "
        "10 records failed validation and were dropped."
    )
    again = service.add_import(script=["Completed"], validationResult=DROPPED)
    machine = cli("--json", "wait", again.id, "--fail-on-dropped-records", *FAST)
    assert machine.code == 7 and len(machine.err.splitlines()) == 1
    document = machine.json()
    assert document["status"] == "Completed" and document["validationResult"] == DROPPED
    clean = service.add_import(
        script=["Completed"], validationResult={"importSuccesses": 3, "importErrors": 0}
    )
    assert cli("wait", clean.id, "--fail-on-dropped-records", *FAST).code == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["start", "s3://b/d", "--fail-on-dropped-records"], "only applies with --wait"),
        (
            ["--api-version", "2026-04", "start", "s3://b/d", "--wait", "--fail-on-dropped-records"],
            "needs API version 2026-07 or newer",
        ),
        (["--api-version", "2025-10", "wait", "1", "--fail-on-dropped-records"], "needs API version 2026-07"),
    ],
)
def test_fail_on_dropped_records_is_refused_before_anything_is_sent(
    cli: Cli, service: FakeService, args: list[str], needle: str
) -> None:
    result = cli(*args)
    assert result.code == 2 and needle in result.error_line()
    assert service.requests == [], "no import was started, nothing was polled"


def test_help_documents_exit_code_7(capsys: pytest.CaptureFixture[str]) -> None:
    assert "7 with --fail-on-dropped-records" in invoke(capsys, "--help").out
    assert "--fail-on-dropped-records" in invoke(capsys, "wait", "--help").out


def test_a_local_continue_import_that_dropped_records(
    ls_server: LocalImportServer, ls_data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        ls_data_root / "set", "ns", replace_value(replace_value(dense_table(6, 4), "id", 1, ""), "id", 4, "")
    )
    target = ("--host", ls_server.url, "--api-key", ls_server.api_key)
    uri = (ls_data_root / "set").as_uri()
    flags = ("--error-mode", "continue", "--wait", "--fail-on-dropped-records", *FAST)
    started = invoke(capsys, *target, "--json", "start", uri, *flags)
    assert started.code == 7, started.err
    assert started.json()["validationResult"] == {"importSuccesses": 4, "importErrors": 2}
    shown = invoke(capsys, *target, "describe", started.json()["id"])
    assert "4 passed, 2 failed (dropped)" in shown.out and "Records imported  4" in shown.out
    # The same import through 2026-04, which has no validation results.
    older = invoke(capsys, *target, "--api-version", "2026-04", "describe", started.json()["id"])
    assert older.code == 0 and "Validation" not in older.out
