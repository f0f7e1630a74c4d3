"""The KCC transparency report against a workspace with known figures: the year's edges in
Asia/Seoul, counts by category and channel, deleted or blocked through the policy, handling
times, outcomes, procedures from the policies, the officer (and its absence), training."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from moderator.domain.reports import Role
from moderator.services.organisation import Organisation
from moderator.services.regulators import kcc, kcc_render
from moderator.services.workspace import Workspace
from tests.helpers import regulators, seed

SEOUL = "Asia/Seoul"
KR = "kr-illegal-filming"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def seeded(workspace: Workspace) -> Workspace:
    """2026 in Seoul is [2025-12-31 15:00Z, 2026-12-31 15:00Z).

    Inside: web-form/illegal_filming 3 reports (handled in 1, 2 and 3 hours: two deleted,
    one no violation), in-app/deepfake 1 report (deleted, 10 hours), 1 received and not
    yet decided. Outside: one received 2025-12-31 14:59Z (still 2025 in Seoul) and one
    received 2026-12-31 15:00Z (2027 in Seoul).
    """
    now = workspace.now()
    with workspace.transaction() as s:
        q = seed.queue(s, "kr", now, policy_id=KR, trainings=("KR-101",))
        ana = seed.reviewer(s, "ana", now)
        boss = seed.reviewer(s, "boss", now, role=Role.SUPERVISOR)
        t0 = utc(2026, 3, 1, 0)
        for hours, outcome in ((1, "illegal_filming"), (2, "false_video"), (3, "no_violation")):
            rid, _ = regulators.report(s, q, t0, category="illegal_filming")
            regulators.decide(s, rid, ana.id, outcome, t0 + timedelta(hours=hours), policy_id=KR)
        rid, _ = regulators.report(s, q, t0, channel="in-app", category="deepfake")
        regulators.decide(s, rid, ana.id, "false_video", t0 + timedelta(hours=10), policy_id=KR)
        regulators.report(s, q, t0, state="queued", category="illegal_filming")
        regulators.report(s, q, utc(2025, 12, 31, 14, 59), state="queued", category="x")
        regulators.report(s, q, utc(2026, 12, 31, 15, 0), state="queued", category="x")
        seed.training(s, ana, "KR-101", utc(2026, 1, 5), utc(2027, 1, 5))
        seed.training(s, boss, "KR-101", utc(2025, 6, 1), utc(2026, 6, 1))  # lapsed in June
    return workspace


def test_counts_by_category_and_channel(seeded: Workspace) -> None:
    report = kcc.build(seeded, 2026, SEOUL)
    rows = {(r.category, r.channel): r for r in report.counts}
    assert set(rows) == {("illegal_filming", "web-form"), ("deepfake", "in-app")}
    web = rows[("illegal_filming", "web-form")]
    assert (web.received, web.handled, web.removed) == (4, 3, 2)
    assert (web.median_hours, web.p90_hours) == (2.0, pytest.approx(2.8))
    app = rows[("deepfake", "in-app")]
    assert (app.received, app.handled, app.removed, app.median_hours) == (1, 1, 1, 10.0)
    t = report.totals
    assert (t.received, t.handled, t.removed) == (5, 4, 3)
    assert t.median_hours == 2.5


def test_outcomes_procedures_and_training(seeded: Workspace) -> None:
    report = kcc.build(seeded, 2026, SEOUL)
    got = {o.outcome: o.reports for o in report.outcomes}
    assert got == {"False video (deepfake): delete, block and report": 2,
                   "Illegal filming: delete, block and report": 1, "No violation": 1}  # fmt: skip
    kr = [p for p in report.procedures if p.queue == "kr"]
    assert {(p.outcome, p.deletes, p.blocks, p.sla_hours) for p in kr} == {
        ("Illegal filming: delete, block and report", True, True, 24),
        ("False video (deepfake): delete, block and report", True, True, 24),
    }
    assert all("Art. 22-5" in "; ".join(p.legal_basis) for p in kr)
    # The general queues' policy removes but does not block.
    assert ("general", "Remove the content", True, False) in {
        (p.queue, p.outcome, p.deletes, p.blocks) for p in report.procedures}  # fmt: skip
    assert len(report.criteria) == 1
    assert report.criteria[0][1]
    states = {(r.person, r.role, r.valid) for r in report.training}
    assert states == {("ana", "reviewer", True), ("boss", "supervisor", False)}


def test_the_officer_and_efforts_from_the_settings(seeded: Workspace) -> None:
    page = kcc_render.render_html(kcc.build(seeded, 2026, SEOUL), "en")
    assert "Not designated" in page
    assert "--distribution-officer" in page
    Organisation(seeded, "boss").change({
        "distribution_officer": "Kim Boss <b>", "distribution_officer_contact": "02-123-4567",
        "transparency_efforts": "We hash every upload.\n\nWe train staff.",
    })  # fmt: skip
    report = kcc.build(seeded, 2026, SEOUL)
    assert (report.officer, report.officer_contact) == ("Kim Boss <b>", "02-123-4567")
    page = kcc_render.render_html(report, "ko")
    assert "책임자: Kim Boss &lt;b&gt;" in page  # escaped
    assert "<p>We hash every upload.</p>" in page
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "<link" not in page
    assert 'lang="ko"' in page
    assert "불법촬영물" in page


def test_written_files(seeded: Workspace, tmp_path: Path) -> None:
    files = kcc_render.write(kcc.build(seeded, 2026, SEOUL), tmp_path, "en")
    assert {p.name for p in files} == {"counts.csv", "outcomes.csv", "procedures.csv",
                                       "training.csv", "summary.csv", "kcc-2026.html"}  # fmt: skip
    with (tmp_path / "counts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[-1]["received"] == "5"
    assert rows[-1]["deleted_or_blocked"] == "3"
    assert "example.org" not in "".join(p.read_text(encoding="utf-8") for p in files)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(Exception, match="use ko or en"):
        kcc_render.labels("fr")


def test_limited_to_named_queues(seeded: Workspace) -> None:
    now = seeded.now()
    with seeded.transaction() as s:
        q = seed.queue(s, "spam", now)
        regulators.report(s, q, utc(2026, 3, 1), state="queued", category="spam")
    assert kcc.build(seeded, 2026, SEOUL).totals.received == 6
    only = kcc.build(seeded, 2026, SEOUL, ["kr"])
    assert only.totals.received == 5
    assert only.queues == ["kr"]
    assert {p.queue for p in only.procedures} == {"kr"}
    with pytest.raises(Exception, match="no queue named 'nope'"):
        kcc.build(seeded, 2026, SEOUL, ["nope"])
