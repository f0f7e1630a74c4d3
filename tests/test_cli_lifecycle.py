"""`moderator action|notice|hold|purge` end to end on the local workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.cli import main
from moderator.domain.clock import SystemClock
from moderator.domain.policy_file import load_builtin
from moderator.domain.reports import Role
from moderator.services.paths import Paths
from moderator.store import journal, queue
from moderator.store.db import make_engine
from moderator.store.journal import Actor
from moderator.store.models import Report, Reviewer
from moderator.store.queue import DecisionInput, ReviewerRef

SETUP = ("setup", "--org", "Example", "--supervisor", "sue", "--timezone", "Asia/Seoul")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def decided(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> Path:
    """A Korean queue with one report decided as illegal filming; the workspace file."""
    assert cli(capsys, *SETUP)[0] == 0
    assert cli(capsys, "people", "add", "alice", "--role", "reviewer")[0] == 0
    code, _out, err = cli(capsys, "queue", "add", "kr", "--policy", "kr-illegal-filming",
                          "--notice-days", "3")  # fmt: skip
    assert code == 0, err
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"external_ref": "K-1", "queue": "kr",
                                    "url": "https://host.example/v/1"}) + "\n")  # fmt: skip
    assert cli(capsys, "ingest", str(manifest))[0] == 0
    file = Paths.resolve(home).workspace_file("local")
    engine = make_engine(str(file))
    policy = load_builtin("kr-illegal-filming")
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        row = s.scalars(select(Reviewer).where(Reviewer.username == "alice")).one()
        alice = ReviewerRef(row.id, "alice", Role(row.role))
        lease = queue.claim(s, alice, Actor("alice", "ws"), now)
        assert lease is not None
        decision = DecisionInput(policy.id, policy.version, policy.sha256, "illegal_filming", {})
        queue.decide(s, lease, alice, Actor("alice", "ws"), now, decision)
    engine.dispose()
    return file


def test_actions_are_listed_and_marked_with_evidence(
    capsys: pytest.CaptureFixture[str], decided: Path
) -> None:
    code, out, err = cli(capsys, "action", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert sorted(r["kind"] for r in rows) == ["block", "remove", "report_hotline"]
    assert {r["host"] for r in rows} == {"host.example"}
    remove = next(r["id"] for r in rows if r["kind"] == "remove")
    code, out, err = cli(capsys, "action", "mark", str(remove), "sent", "--evidence", "T-1")
    assert (code, out) == (0, f"action {remove} (remove for report {rows[0]['report_uid']}) "
                                 "is sent\n")  # fmt: skip
    code, _out, err = cli(capsys, "action", "mark", str(remove), "sent", "--evidence", "T-2")
    assert code == 1
    assert "an action that is sent cannot become sent" in err
    code, _out, err = cli(capsys, "action", "mark", "999", "sent", "--evidence", "x")
    assert (code, err.count("\n")) == (1, 1)
    assert "no action 999" in err
    code, out, _err = cli(capsys, "action", "list", "--overdue", "--queue", "kr")
    assert (code, out) == (0, "no overdue actions\n")
    code, out, _err = cli(capsys, "action", "list")
    assert "remove" in out
    assert "sent" in out


def test_notices_holds_and_purge_for_supervisors_only(
    capsys: pytest.CaptureFixture[str], decided: Path
) -> None:
    code, out, _err = cli(capsys, "notice", "list")
    assert code == 0
    assert "kr" in out
    assert "left" in out
    for args in (
        ("action", "mark", "1", "sent", "--evidence", "x", "--as", "alice"),
        ("purge", "--as", "alice"),
        ("hold", "add", "K-1", "--reason", "x", "--as", "alice"),
        ("notice", "send", "K-1", "--text", "x", "--as", "alice"),
    ):
        code, _out, err = cli(capsys, *args)
        assert code == 1, args
        assert "only a supervisor may" in err
    assert cli(capsys, "hold", "add", "K-1", "--reason", "police request 7")[0] == 0
    code, _out, err = cli(capsys, "hold", "release", "K-1", "--reason", "x", "--as", "alice")
    assert (code, "only a supervisor may release legal holds" in err) == (1, True)
    code, out, _err = cli(capsys, "hold", "list")
    assert "police request 7" in out
    code, out, _err = cli(capsys, "purge", "--dry-run")
    assert code == 0
    assert out.startswith("would remove the content of 0 report(s)")
    code, out, _err = cli(capsys, "notice", "send", "K-1", "--text", "We removed it.")
    assert (code, out.startswith("notice to the reporter of")) == (0, True)
    code, out, _err = cli(capsys, "audit", "verify")
    assert code == 0, out
    engine = make_engine(str(decided))
    with Session(engine) as s:
        assert s.scalar(select(Report.url)) == "https://host.example/v/1"
        assert all(r.ok for r in journal.verify(s))
    engine.dispose()
