"""`moderator qa ...` end to end on the local workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.cli import main
from moderator.domain.clock import SystemClock
from moderator.services.paths import Paths
from moderator.store import queue
from moderator.store.db import make_engine
from moderator.store.journal import Actor
from moderator.store.models import AuditEvent, Report
from moderator.store.queue import DecisionInput
from tests.helpers import seed


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def decided(capsys: pytest.CaptureFixture[str], home: Path) -> tuple[str, str]:
    """A local workspace with one decided report; its (uid, reference)."""
    assert cli(capsys, "queue", "status")[0] == 0  # creates and migrates the local workspace
    engine = make_engine(str(Paths.resolve(home).workspace_file("local")))
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        qid = seed.queue(s, "general", now)
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, qid, now, 2)
        lease = queue.claim(s, alice, Actor("alice", "ws"), now)
        assert lease is not None
        queue.decide(
            s,
            lease,
            alice,
            Actor("alice", "ws"),
            now,
            DecisionInput("platform-generic", "1", "a" * 64, "remove", {}),
        )
        ref = s.scalar(select(Report.external_ref).where(Report.id == lease.report_id))
    engine.dispose()
    assert ref is not None
    return lease.report_uid, ref


def test_gold_add_list_retire(capsys: pytest.CaptureFixture[str], decided: tuple[str, str]) -> None:
    uid, ref = decided
    code, out, err = cli(capsys, "qa", "gold", "add", ref, "remove", "--note", "clear case")
    assert code == 0, err
    assert "expects remove" in out
    code, out, _ = cli(capsys, "qa", "gold", "list", "--json")
    [item] = json.loads(out)
    assert (item["report"], item["expected"], item["served"]) == (uid, "remove", 0)
    code, _out, err = cli(capsys, "qa", "gold", "add", uid, "remove")
    assert code == 1
    assert "already a gold item" in err
    code, out, _ = cli(capsys, "qa", "gold", "list")
    header, row = out.splitlines()
    assert header.split() == [
        "reference", "queue", "expected", "served", "right", "added", "by", "state",
    ]  # fmt: skip
    assert row.split()[0] == ref
    assert item["uid"] not in out  # the reference, never the uid
    assert header.index("served") + len("served") == row.index(" 0 ") + 2  # numbers right-aligned
    code, out, _ = cli(capsys, "qa", "gold", "retire", ref)  # by the reference the list shows
    assert code == 0
    assert out == f"gold item for {ref} retired\n"
    assert cli(capsys, "qa", "gold", "list")[1] == "no gold items\n"
    assert cli(capsys, "qa", "gold", "list", "--all")[1].splitlines()[1].endswith("retired")
    code, _out, err = cli(capsys, "qa", "gold", "retire", item["uid"])  # the uid works too
    assert (code, err) == (1, "moderator: error: this gold item is already retired\n")


def test_gold_add_refuses_unknown_outcomes_and_undecided_reports(
    capsys: pytest.CaptureFixture[str], decided: tuple[str, str]
) -> None:
    uid, _ref = decided
    code, _out, err = cli(capsys, "qa", "gold", "add", uid, "obliterate")
    assert code == 1
    assert "'obliterate' is not an outcome of policy platform-generic" in err
    code, _out, err = cli(capsys, "qa", "gold", "add", "R-000001", "remove")
    assert (code, err) == (1, "moderator: error: only a decided report can be a gold item\n")
    code, _out, err = cli(capsys, "qa", "gold", "add", "nothing-like-it", "remove")
    assert code == 1
    assert "there is no report" in err


def test_settings_change_is_audited(
    capsys: pytest.CaptureFixture[str], decided: tuple[str, str], home: Path
) -> None:
    code, out, err = cli(
        capsys,
        "qa",
        "settings",
        "general",
        "--gold-rate",
        "0.05",
        "--second-review",
        "0.1",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out) == {"general": {"gold_rate": 0.05, "second_review": 0.1}}
    code, _out, err = cli(capsys, "qa", "settings", "general", "--gold-rate", "2")
    assert code == 1
    assert "between 0 and 1" in err
    code, _out, err = cli(capsys, "qa", "settings", "nope", "--gold-rate", "0.1")
    assert code == 1
    assert "no queue named 'nope'" in err
    engine = make_engine(str(Paths.resolve(home).workspace_file("local")))
    with Session(engine) as s:
        payloads = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "settings")).all()
    engine.dispose()
    assert len(payloads) == 1
    assert '"scope":"qa"' in payloads[0]
    assert "no disagreements waiting" in cli(capsys, "qa", "disagreements")[1]
