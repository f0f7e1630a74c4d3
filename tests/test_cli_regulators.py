"""`moderator report kcc|dsa|cybertip`: files written from the local workspace, clear
one-line errors for bad input, nothing written when the record cannot be mapped."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.domain import dsa
from moderator.domain.audit import EventKind
from moderator.services import config as config_mod
from moderator.services.organisation import Organisation
from moderator.services.paths import Paths
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import Decision
from tests.helpers import dsa_receiver, regulators, seed

GRADED = {"child": "yes", "imagery": "photographic", "uk_category": "A", "age_band": "7-10",
          "industry_class": "A2"}  # fmt: skip


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def local(home: Path) -> Iterator[Workspace]:
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    ws = open_workspace(config.profile(None, paths), config)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def seeded(local: Workspace) -> Workspace:
    now = local.now()
    at = datetime(2026, 5, 1, 3, tzinfo=UTC)
    with local.transaction() as s:
        kr = seed.queue(s, "kr", now, policy_id="kr-illegal-filming")
        csam = seed.queue(s, "csam", now, policy_id="iwf-csam-grading")
        boss = seed.reviewer(s, "boss", now, role=seed.Role.SUPERVISOR)
        rid, _ = regulators.report(s, kr, at, category="illegal_filming")
        regulators.decide(s, rid, boss.id, "illegal_filming", at, policy_id="kr-illegal-filming")
        rid, uid = regulators.report(s, csam, at, media=("image",))
        regulators.seen(s, uid, at, EventKind.REVEAL)
        regulators.decide(s, rid, boss.id, "csam_actionable", at, policy_id="iwf-csam-grading",
                          answers=GRADED)  # fmt: skip
    Organisation(local, "boss").change({"timezone": "Asia/Seoul", "ncmec_email": "t@example.org"})
    return local


def test_kcc_writes_html_and_csv(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "kcc"
    code, stdout, err = cli(capsys, "report", "kcc", "--year", "2026", "--out", str(out),
                            "--lang", "en")  # fmt: skip
    assert code == 0, err
    assert "2026 (Asia/Seoul): 2 received, 2 handled, 2 deleted or blocked" in stdout
    assert "--distribution-officer" in err  # warned: no officer designated
    assert (out / "kcc-2026.html").is_file()
    assert f"wrote {out / 'counts.csv'}" in stdout


def test_kcc_needs_the_organisations_zone(
    capsys: pytest.CaptureFixture[str], local: Workspace, tmp_path: Path
) -> None:
    code, _out, err = cli(capsys, "report", "kcc", "--year", "2026", "--out", str(tmp_path / "k"))
    assert code == 1
    assert err == ("moderator: error: the organisation's time zone is not set: a supervisor "
                   "sets it with `moderator org set --timezone Asia/Seoul`\n")  # fmt: skip
    assert not (tmp_path / "k").exists()


@pytest.mark.parametrize("year", ["20x6", "1066"])
def test_kcc_bad_year(capsys: pytest.CaptureFixture[str], year: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "kcc", "--year", year])
    assert exit_info.value.code == 2
    assert "year" in capsys.readouterr().err


def test_dsa_writes_valid_lines(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "sor.jsonl"
    code, stdout, err = cli(capsys, "report", "dsa", "--from", "2026-05-01", "--to",
                            "2026-05-01", "-o", str(out))  # fmt: skip
    assert code == 0, err
    assert "2 statement(s) of reasons" in stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    assert all(dsa.validate(s) == [] for s in lines)


def test_dsa_refuses_an_unmapped_decision_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    with seeded.transaction() as s:
        row = s.query(Decision).filter(Decision.outcome == "illegal_filming").one()
        row.outcome = "retired_outcome"  # an outcome the policy does not have
    out = tmp_path / "sor.jsonl"
    code, _out, err = cli(capsys, "report", "dsa", "--from", "2026-05-01", "--to",
                          "2026-05-01", "-o", str(out))  # fmt: skip
    assert code == 1
    assert err.count("\n") == 1
    assert "outcome 'retired_outcome' of kr-illegal-filming@" in err
    assert "has no DSA mapping" in err
    assert not out.exists()


def test_dsa_bad_dates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = cli(capsys, "report", "dsa", "--from", "2026-05-02", "--to",
                          "2026-05-01", "-o", str(tmp_path / "x"))  # fmt: skip
    assert code == 1
    assert "must not be after --to" in err
    code, _out, err = cli(capsys, "report", "dsa", "--from", "2026-05-01", "--to",
                          "2026-05-01", "-o", str(tmp_path))  # fmt: skip
    assert code == 1
    assert "is a folder" in err


def test_cybertip_writes_xml(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "tips"
    code, stdout, err = cli(capsys, "report", "cybertip", "--from", "2026-05-01", "--to",
                            "2026-05-01", "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert "1 report(s) due to NCMEC" in stdout
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 2
    detail = next(p for p in out.iterdir() if p.name.startswith("file-")).read_text()
    assert "<fileViewedByEsp>true</fileViewedByEsp>" in detail
    assert "<industryClassification>A2</industryClassification>" in detail


def test_dsa_submit_sends_once(
    capsys: pytest.CaptureFixture[str],
    seeded: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = ["report", "dsa", "--from", "2026-05-01", "--to", "2026-05-01",
            "-o", str(tmp_path / "s.jsonl"), "--submit"]  # fmt: skip
    code, _out, err = cli(capsys, *base)
    assert code == 1
    assert "--dsa-endpoint URL" in err
    with dsa_receiver.running() as server:
        Organisation(seeded, "boss").change({"dsa_endpoint": server.url})
        monkeypatch.setattr("sys.stdin", io.StringIO("X|token\n"))
        assert cli(capsys, "report", "dsa-token")[0] == 0
        code, stdout, err = cli(capsys, *base)
        assert code == 0, err
        assert "2 new, 0 sent before" in stdout
        code, stdout, err = cli(capsys, *base)
        assert "0 new, 2 sent before" in stdout
        assert len(server.stored) == 2
