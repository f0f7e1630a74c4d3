"""The compliance report on both engines: window boundaries in Asia/Seoul, gold copies left out,
adjudicated outcomes, the written CSV and HTML, escaping, and the audit-chain status."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.ids import new_uid
from moderator.services.compliance import report as compliance
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import AuditEvent, Decision, Report
from moderator.store.models_quality import (
    Adjudication,
    GoldCopy,
    GoldItem,
    SecondReview,
)
from moderator.store.models_quality import GoldResult as GoldResultRow
from moderator.store.models_wellbeing import BreakRecord, ExposureRecord
from tests.helpers import seed

SEOUL = "Asia/Seoul"
FIRST, END = date(2026, 11, 10), date(2026, 11, 12)  # [2026-11-09 15:00Z, 2026-11-11 15:00Z)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@dataclass
class World:
    reports: dict[str, int]


def report(s: Session, queue_id: int, name: str, received: datetime, sla_hours: int) -> int:
    (rid,) = seed.reports(
        s, queue_id, received, 1, prefix=name, received_at=received,
        sla_due=received + timedelta(hours=sla_hours), state="decided",
    )  # fmt: skip
    return rid


def decide(
    s: Session,
    rid: int,
    who: int,
    outcome: str,
    at: datetime,
    round_: int = 1,
    seconds: float = 60.0,
) -> str:
    uid, station = new_uid(), new_uid()
    s.add(
        Decision(
            uid=uid, report_id=rid, review_round=round_, reviewer_id=who, policy_id="generic",
            policy_version="1", policy_hash="0" * 64, outcome=outcome, answers="{}",
            seconds_on_item=seconds, seconds_exposed=0.0, decided_at=at,
            workstation=station, lease_token=new_uid(),
        )
    )  # fmt: skip
    s.flush()
    # Audited as queue.decide audits it: the record is intact only with its DECIDE event.
    journal.append(
        s, Actor("seed", station), EventKind.DECIDE, at,
        report_uid=s.scalar(select(Report.uid).where(Report.id == rid)),
        payload={"decision": uid, "round": round_, "outcome": outcome, "policy": "generic"},
    )  # fmt: skip
    return uid


def build_world(ws: Workspace) -> World:
    """Reports (received -> first decided, UTC; the window is 11-09 15:00 .. 11-11 15:00):
    A 11-09 14:59:59 -> 11-09 15:00:00 (1 s; received before the window, handled in it), remove
    B 11-09 15:00 -> 11-10 03:00 (12 h), round 2 by bo says keep, adjudicated "restrict"
    C 11-10 00:00 -> 11-11 14:59:59.999 (~39 h), SLA 2 h: missed; keep
    D 11-11 15:00, not decided (received at the end: outside)
    E 11-10 00:00 -> 11-11 15:00 (decided at the end: outside)
    G a gold copy received 11-10 and decided 11-10 10:00 by ana: in no report count.
    """
    now = ws.now()
    with ws.transaction() as s:
        general = seed.queue(s, "kr", now)
        urgent = seed.queue(s, "urgent-kr", now, sla_hours=2)
        ana = seed.reviewer(s, "=ana", now)  # a name a spreadsheet would run as a formula
        bo = seed.reviewer(s, "<b>bo</b>", now)
        boss = seed.reviewer(s, "boss", now)
        r = {
            "A": report(s, general, "A", utc(2026, 11, 9, 14, 59, 59), 24),
            "B": report(s, general, "B", utc(2026, 11, 9, 15), 24),
            "C": report(s, urgent, "C", utc(2026, 11, 10), 2),
            "D": report(s, general, "D", utc(2026, 11, 11, 15), 24),
            "E": report(s, general, "E", utc(2026, 11, 10), 24),
            "G": report(s, general, "G", utc(2026, 11, 10), 24),
        }
        decide(s, r["A"], ana.id, "remove", utc(2026, 11, 9, 15))
        first = decide(s, r["B"], ana.id, "remove", utc(2026, 11, 10, 3))
        second = decide(s, r["B"], bo.id, "keep", utc(2026, 11, 10, 5), round_=2)
        decide(s, r["C"], bo.id, "keep", datetime(2026, 11, 11, 14, 59, 59, 999000, UTC))
        decide(s, r["E"], bo.id, "keep", utc(2026, 11, 11, 15))
        gold_decision = decide(s, r["G"], ana.id, "keep", utc(2026, 11, 10, 10))
        s.add(
            SecondReview(
                report_id=r["B"],
                first_decision_uid=first,
                first_reviewer_id=ana.id,
                second_decision_uid=second,
                state="adjudicated",
                queued_at=utc(2026, 11, 10, 3),
                decided_at=utc(2026, 11, 10, 5),
            )
        )
        s.flush()
        s.add(
            Adjudication(
                report_id=r["B"],
                uid=new_uid(),
                supervisor_id=boss.id,
                outcome="restrict",
                note="",
                adjudicated_at=utc(2026, 11, 10, 6),
            )
        )
        gold = GoldItem(
            uid=new_uid(),
            report_id=r["A"],
            queue_id=general,
            policy_id="generic",
            expected_outcome="remove",
            created_by="boss",
            created_at=now,
        )
        s.add(gold)
        s.flush()
        s.add(
            GoldCopy(
                report_id=r["G"],
                gold_id=gold.id,
                reviewer_id=ana.id,
                queue_id=general,
                served_at=utc(2026, 11, 10, 9),
            )
        )
        s.add(
            GoldResultRow(
                report_id=r["G"],
                gold_id=gold.id,
                reviewer_id=ana.id,
                decision_uid=gold_decision,
                policy_id="generic",
                expected="remove",
                actual="keep",
                correct=False,
                decided_at=utc(2026, 11, 10, 10),
            )
        )
        s.add(
            ExposureRecord(
                uid=new_uid(),
                reviewer_id=ana.id,
                report_uid=new_uid(),
                session_uid=new_uid(),
                day=date(2026, 11, 10),
                occurred_at=utc(2026, 11, 10, 3),
                severity="high",
                category="x",
                seconds_revealed=720.0,
                seconds_blurred=1800.0,
            )
        )
        s.add(
            BreakRecord(
                uid=new_uid(),
                reviewer_id=ana.id,
                day=date(2026, 11, 10),
                started_at=utc(2026, 11, 10, 4),
                ends_at=utc(2026, 11, 10, 4, 10),
                reason="work",
                hard=True,
                outcome="taken",
                skip_reason="",
            )
        )
        journal.append(s, ws.actor("boss"), "login", now, payload={})
    return World(r)  # fmt: skip


def test_report_counts_in_the_seoul_window(workspace: Workspace) -> None:
    """Received: B, C, E = 3 (A before the start, D at the end, G a gold copy).
    Handled: A, B, C = 3 (E decided at the end, G a gold copy). Hours to decision:
    [1/3600, 12, 39 - 1 ms/3600000]: median 12; p90 (type 7) at position 1.8 =
    12 + 0.8 * (38.99999972 - 12) = 33.6 (to 4 places). SLA met: A and B, not C (2 h): 2/3.
    Outcomes as they stand: A remove, B restrict (adjudicated over round 2's keep), C keep."""
    build_world(workspace)
    rep = compliance.build(workspace, FIRST, END, SEOUL)
    t = rep.totals
    assert (t.received, t.handled) == (3, 3)
    assert t.median_hours == pytest.approx(12.0)
    assert t.p90_hours == pytest.approx(33.6, abs=1e-4)
    assert (t.sla_met.successes, t.sla_met.n) == (2, 3)
    by_queue = {q.queue: q for q in rep.queues}
    assert (by_queue["kr"].received, by_queue["kr"].handled) == (2, 2)
    assert (by_queue["urgent-kr"].received, by_queue["urgent-kr"].handled) == (1, 1)
    assert by_queue["urgent-kr"].sla_met.successes == 0
    assert dict(rep.outcomes) == {"remove": 1, "restrict": 1, "keep": 1}


def test_metrics_gathered_from_every_store(workspace: Workspace) -> None:
    """Decisions in the window (KST days): A, B1, B2, G on 11-10, C on 11-11 = 5 (E is at the
    end). =ana: A, B1, G = 3 decisions of 60 s = 3 min -> 60 per hour; gold 0/1; one pair
    (remove vs keep): both raters' categories differ, p_o = 0, p_e = 0 -> kappa 0.
    Exposure 720 s revealed; one break due and taken."""
    build_world(workspace)
    snap = compliance.build(workspace, FIRST, END, SEOUL).snapshot
    assert snap.decisions_per_day == [(date(2026, 11, 10), 4), (date(2026, 11, 11), 1)]
    ana = {r.reviewer: r for r in snap.reviewers}["=ana"]
    assert ana.decisions == 3
    assert ana.decisions_per_hour == pytest.approx(60.0)
    assert (ana.gold.successes, ana.gold.n) == (0, 1)
    assert ana.agreement.n == 1
    assert ana.agreement.kappa == pytest.approx(0.0)
    assert ana.seconds_revealed == 720.0
    assert (ana.breaks_due, ana.breaks_taken) == (1, 1)


def test_written_files_escape_and_guard(workspace: Workspace, tmp_path: Path) -> None:
    build_world(workspace)
    rep = compliance.build(workspace, FIRST, END, SEOUL)
    files = compliance.write(rep, tmp_path / "out")
    names = sorted(p.name for p in files)
    assert names == sorted(
        ["summary.csv", "queues.csv", "outcomes.csv", "reviewers.csv", "policies.csv",
         "training.csv", "exposure.csv", "actions.csv", "report.html"]
    )  # fmt: skip
    with (tmp_path / "out" / "reviewers.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["reviewer"] for r in rows} == {"'=ana", "<b>bo</b>"}
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8") as f:
        summary = dict(csv.reader(f))
    assert summary["reports_received"] == "3"
    assert summary["time_zone"] == SEOUL
    assert summary["audit_chain"] == "intact"
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;bo&lt;/b&gt;" in page
    assert "<b>bo</b>" not in page
    assert "<script" not in page
    assert "http" not in page.replace(workspace.profile.database, "")  # no external assets
    assert "2026-11-10 00:00 to 2026-11-12 00:00" in page
    assert "Asia/Seoul" in page


def test_a_tampered_journal_is_reported(workspace: Workspace) -> None:
    build_world(workspace)
    with workspace.transaction() as s:
        s.execute(update(AuditEvent).values(payload='{"edited":true}'))
    rep = compliance.build(workspace, FIRST, END, SEOUL)
    assert rep.audit is not None
    assert not rep.audit.ok
    html = compliance.render_html(rep)
    assert "BROKEN" in html


def test_an_empty_period_reads_as_empty(workspace: Workspace) -> None:
    rep = compliance.build(workspace, date(2020, 1, 1), date(2020, 1, 2), "UTC", verify=False)
    assert (rep.totals.received, rep.totals.handled, rep.totals.median_hours) == (0, 0, None)
    assert rep.totals.sla_met.value is None
    page = compliance.render_html(rep)
    assert "nothing in this period" in page
    assert "not checked" in page


def test_an_edited_decision_row_makes_the_record_not_intact(workspace: Workspace) -> None:
    world = build_world(workspace)
    with workspace.transaction() as s:
        s.execute(
            update(Decision)
            .where(Decision.report_id == world.reports["C"])
            .values(outcome="remove")
        )
    audit = compliance.build(workspace, FIRST, END, SEOUL).audit
    assert audit is not None
    assert not audit.ok
    assert "says outcome 'remove' (the event says 'keep'): edited" in audit.problems[0]
