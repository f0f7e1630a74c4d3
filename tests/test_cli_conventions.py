"""The conventions people expect of a command: help on every option, headers and aligned
columns, `--json` beside every table, a quiet end on a closed pipe, numbers and names checked."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from moderator.cli import build_parser, main
from moderator.services import config as config_mod
from moderator.services.paths import Paths
from moderator.services.workspace import open_workspace
from moderator.store.db import make_engine
from tests.helpers import seed

# Commands that print a table; each must offer --json for scripts.
TABLES = (
    "queue status",
    "queue list",
    "training list",
    "training status",
    "qa gold list",
    "qa settings",
    "qa disagreements",
    "wellbeing show",
    "profile list",
    "audit verify",
    "media probe",
    "queue show",
    "people list",
    "policy list",
    "org show",
)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def test_every_option_and_argument_says_what_it_does() -> None:
    missing = [
        f"moderator {' '.join(path)} {'/'.join(action.option_strings) or action.dest}"
        for path, parser in commands(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
        and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert missing == []


def test_every_table_can_be_json() -> None:
    parsers = {" ".join(path): parser for path, parser in commands(build_parser())}
    without = [
        name
        for name in TABLES
        if not any("--json" in a.option_strings for a in parsers[name]._actions)
    ]
    assert without == []


def test_ingest_help_points_at_the_manifest_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    assert "external_ref and queue are required" in out
    assert "Ingest: the manifest schema" in out


def test_tables_line_up_in_any_script() -> None:
    from moderator.cli._table import render, width

    lines = render(
        ["reviewer", "course", "n"],
        [["김민지", "WELLBEING-REFRESH", 3], ["demo.kim", "CSAM", 12]],
        right=[2],
    )
    assert lines == [
        "reviewer  course              n",
        "김민지    WELLBEING-REFRESH   3",
        "demo.kim  CSAM               12",
    ]
    assert {width(line) for line in lines} == {31}


@pytest.fixture
def queue_with_reports(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    cli(capsys, "db", "upgrade")
    engine = make_engine(str(Paths.resolve(home).workspace_file("local")))
    with engine.begin() as conn:
        for name in ("general", "kr-illegal-filming-and-deepfakes"):
            conn.execute(
                text(
                    "INSERT INTO queues (name, title, categories, policy_id, sla_hours, "
                    "min_role, created_at) VALUES (:n, '', '[]', 'p', 24, 'reviewer', "
                    "'2026-11-21 00:00:00')"
                ),
                {"n": name},
            )
    engine.dispose()
    manifest = tmp_path / "m.jsonl"
    records = [
        {"external_ref": "NC-101", "queue": "general", "priority": 5},
        {"external_ref": "a-longer-reference-02", "queue": "kr-illegal-filming-and-deepfakes"},
        {"external_ref": "x3", "queue": "general", "reported_category": "harassment"},
    ]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _out, err = cli(capsys, "ingest", "--no-hash", str(manifest))
    assert code == 0, err


@pytest.mark.usefixtures("queue_with_reports")
def test_queue_list_has_a_header_and_aligned_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "queue", "list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == [
        "due", "(UTC)", "priority", "state", "queue", "source", "reference", "category",
    ]  # fmt: skip
    assert len(rows) == 3
    for column in ("state", "queue", "source", "reference"):
        words = _column(rows, header, column)
        starts = {row.index(word) for row, word in zip(rows, words, strict=True)}
        assert starts == {header.index(column)}, column


def _column(rows: list[str], header: str, name: str) -> list[str]:
    at = header.index(name)
    return [row[at:].split()[0] for row in rows]


@pytest.mark.usefixtures("queue_with_reports")
def test_queue_list_refuses_an_unknown_queue_and_names_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(capsys, "queue", "list", "--queue", "nosuch")
    assert (code, out) == (1, "")
    assert err == (
        "moderator: error: no queue named 'nosuch' "
        "(known: general, kr-illegal-filming-and-deepfakes)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "-5"], "argument --limit: must be 1 or more, not -5"),
        (["--limit", "0"], "argument --limit: must be 1 or more, not 0"),
        (["--limit", "many"], "argument --limit: not a whole number: 'many'"),
        (["--offset", "-1"], "argument --offset: must be 0 or more, not -1"),
    ],
)
def test_queue_list_numbers_are_checked(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["queue", "list", *args])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(message)


def test_an_unknown_profile_lists_every_known_one(capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "profile", "add", "demo", "--database", "sqlite:///d.sqlite", "--media-root", ".")
    code, _out, err = cli(capsys, "--profile", "nope", "queue", "status")
    assert (code, err) == (1, "moderator: error: no profile named 'nope' (known: demo, local)\n")


@pytest.mark.usefixtures("queue_with_reports")
@pytest.mark.parametrize("command", [["queue", "list"], ["audit", "export"]])
def test_a_closed_pipe_ends_quietly(command: list[str]) -> None:
    """`moderator queue list | head`: the reader is gone before the first write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "moderator", *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode in (0, 141)


def test_training_status_columns_line_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path
) -> None:
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    workspace = open_workspace(config.profile(None, paths), config)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with workspace.transaction() as s:
        seed.queue(s, "general", now)
        seed.reviewer(s, "a.reviewer.with.a.long.name", now)
        seed.reviewer(s, "kim", now)
    workspace.close()
    courses = tmp_path / "courses.csv"
    courses.write_text("code,title,validity_days,queues\nWELLBEING-REFRESH,W,365,general\n")
    records = tmp_path / "records.csv"
    records.write_text("reviewer,course,completed\nkim,WELLBEING-REFRESH,2026-11-01\n")
    code, _out, err = cli(capsys, "training", "import", str(courses), str(records))
    assert code == 0, err
    code, out, _ = cli(capsys, "training", "status")
    header, *rows = out.splitlines()
    assert len(rows) == 2
    for column in ("course", "state", "expires"):
        at = header.index(column)
        assert all(row[at - 2 : at] == "  " and row[at] != " " for row in rows), (column, out)
