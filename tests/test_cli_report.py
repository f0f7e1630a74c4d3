"""`moderator report compliance`: files written, clear errors for bad input."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.services import config as config_mod
from moderator.services.paths import Paths
from moderator.services.workspace import open_workspace
from tests.helpers import seed


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def seed_local(home: Path) -> None:
    """Two reports in the local workspace, received 2026-11-01 00:30 KST (in November in
    Seoul) and 2026-10-31 14:59 UTC = 23:59 KST on 31 October (outside)."""
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    ws = open_workspace(config.profile(None, paths), config)
    try:
        with ws.transaction() as s:
            q = seed.queue(s, "general", ws.now())
            inside = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)
            outside = datetime(2026, 10, 31, 14, 59, tzinfo=UTC)
            for name, at in (("in", inside), ("out", outside)):
                seed.reports(s, q, at, 1, prefix=name, received_at=at,
                             sla_due=at + timedelta(hours=24))  # fmt: skip
    finally:
        ws.close()


def test_writes_csv_and_html(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    seed_local(home)
    out = tmp_path / "audit" / "nov"
    code, stdout, err = cli(
        capsys, "report", "compliance", "--from", "2026-11-01", "--to", "2026-11-30",
        "--out", str(out), "--tz", "Asia/Seoul",
    )  # fmt: skip
    assert code == 0, err
    assert "1 received, 0 handled" in stdout
    for name in ("summary.csv", "reviewers.csv", "policies.csv", "training.csv",
                 "exposure.csv", "queues.csv", "outcomes.csv", "report.html"):  # fmt: skip
        assert (out / name).is_file(), name
        assert f"wrote {out / name}" in stdout
    with (out / "summary.csv").open(encoding="utf-8") as f:
        summary = dict(csv.reader(f))
    assert summary["period_start"] == "2026-11-01"
    assert summary["period_end_exclusive"] == "2026-12-01"  # --to is the last day, included
    assert summary["reports_received"] == "1"
    assert summary["audit_chain"] == "intact"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<link" not in page
    assert "<script" not in page


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-11-30"], 2, "not a date (use YYYY-MM-DD)"),
        (["--from", "2026-11-02", "--to", "2026-11-01"], 1, "must not be after --to"),
        (["--from", "2026-11-01", "--to", "2026-11-30", "--tz", "Mars/Olympus"], 2,
         "unknown time zone 'Mars/Olympus'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    if code == 2:
        with pytest.raises(SystemExit) as exit_info:
            main(["report", "compliance", *args, "--out", str(tmp_path / "x")])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
    else:
        got, _out, err = cli(capsys, "report", "compliance", *args, "--out", str(tmp_path / "x"))
        assert got == code
        assert err.count("\n") == 1
    assert message in err
    assert not (tmp_path / "x").exists()


def test_unwritable_out_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    base = ["report", "compliance", "--from", "2026-11-01", "--to", "2026-11-30"]
    code, _out, err = cli(capsys, *base, "--out", str(blocker))
    assert code == 1
    assert err == f"moderator: error: {blocker} exists and is not a folder\n"
    code, _out, err = cli(capsys, *base, "--out", str(blocker / "inside"))
    assert code == 1
    assert err.startswith(f"moderator: error: cannot create {blocker / 'inside'}")
