"""A gold copy, as the review loop gets it, next to a real report: nothing tells them apart."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.services.quality import QualityService
from moderator.services.review import ReviewService
from moderator.services.review_view import ReportDetails, load_details
from moderator.services.workspace import Workspace
from moderator.store import quality
from moderator.store.models import AuditEvent, MediaItem, Queue
from moderator.store.models_quality import GoldCopy
from moderator.store.queue import DecisionInput, ReviewerRef
from moderator.store.reports import insert_new_reports
from tests.helpers import seed

GOLD_SHA, TWIN_SHA = "a1" * 32, "b2" * 32
CONTENT = {
    "channel": "web-form",
    "reported_category": "harassment",
    "reporter_text": "Reporter says this was posted without consent.",
    "url": "https://example.invalid/post/1",
    "platform": "example-social",
    "priority": 4,
}
DECISION = DecisionInput("platform-generic", "1", "a" * 64, "remove", {"violation": "hate"})
# Fields that differ between any two reports, gold or not.
PER_REPORT = {"id", "uid", "external_ref", "received_at", "sla_due", "media", "matches"}


def _row(queue_id: int, ref: str) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "uid": new_uid(),
        "external_ref": ref,
        "queue_id": queue_id,
        "received_at": now,
        "sla_due": now + timedelta(hours=24),
        "state": "queued",
        "review_round": 1,
        "ingested_at": now,
        **CONTENT,
    }


def _report(ws: Workspace, ref: str, sha: str, uri: str, **fields: object) -> int:
    with ws.transaction() as s:
        qid = s.scalar(select(Queue.id).where(Queue.name == "general"))
        assert qid is not None
        [rid] = seed.reports(s, qid, ws.now(), 1, prefix=ref, source="feed", **fields)
        s.execute(
            insert(MediaItem).values(report_id=rid, position=0, uri=uri, kind="image", sha256=sha)
        )
        return rid


@pytest.fixture
def people(workspace: Workspace) -> tuple[ReviewerRef, ReviewerRef, ReviewerRef]:
    with workspace.transaction() as s:
        return (
            seed.reviewer(s, "alice", workspace.now()),
            seed.reviewer(s, "bob", workspace.now()),
            seed.reviewer(s, "sup", workspace.now(), Role.SUPERVISOR),
        )


def _events(ws: Workspace, who: str, report_uid: str) -> list[tuple[str, list[str]]]:
    with ws.transaction() as s:
        rows = s.execute(
            select(AuditEvent.kind, AuditEvent.payload)
            .where(AuditEvent.actor == who, AuditEvent.report_uid == report_uid)
            .order_by(AuditEvent.seq)
        ).all()
    return [(kind, sorted(json.loads(payload))) for kind, payload in rows]


def _visible(details: ReportDetails) -> dict[str, object]:
    return {
        f.name: getattr(details, f.name)
        for f in dataclasses.fields(details)
        if f.name not in PER_REPORT
    }


def _media_shape(details: ReportDetails) -> list[tuple[object, ...]]:
    return [(m.position, m.kind, m.size_bytes, m.problem, m.path is None) for m in details.media]


def test_a_gold_copy_looks_exactly_like_a_real_report(
    workspace: Workspace, people: tuple[ReviewerRef, ReviewerRef, ReviewerRef]
) -> None:
    alice, bob, _sup = people
    ws = workspace
    # The original: decided by alice, then marked gold by a supervisor.
    _report(ws, "ORIG", GOLD_SHA, "images/gold.jpg", **CONTENT)
    alice_svc = ReviewService(ws, alice)
    lease = alice_svc.claim()
    assert lease is not None
    alice_svc.decide(lease, DECISION)
    qa = QualityService(ws, "sup")
    qa.mark_gold(lease.report_uid, "remove")
    qa.set_settings("general", gold_rate=1.0)
    ws.clock.advance(hours=2)  # type: ignore[attr-defined]
    # A real report with the same kind of content, waiting in the same queue.
    _report(ws, "EXT-000777", TWIN_SHA, "images/twin.jpg", **CONTENT)

    bob_svc = ReviewService(ws, bob)
    gold_lease = bob_svc.claim()
    assert gold_lease is not None
    gold = load_details(ws, gold_lease)
    bob_svc.decide(gold_lease, DECISION)
    real_lease = bob_svc.claim()  # bob has had the only gold item: the real report now
    assert real_lease is not None
    real = load_details(ws, real_lease)
    with ws.transaction() as s:
        assert s.get(GoldCopy, gold_lease.report_id) is not None
        assert s.get(GoldCopy, real_lease.report_id) is None

    # Everything the window shows, field by field.
    assert _visible(gold) == _visible(real)
    assert _media_shape(gold) == _media_shape(real)
    assert gold.matches == real.matches == ()  # the original (and its answer) is never listed
    # Numbered like the queue's real references (here just above the only one), not drawn
    # at random from the whole range of its digits.
    assert re.fullmatch(r"EXT-000777-00000[1-3]", gold.external_ref), gold.external_ref
    assert gold.external_ref != real.external_ref
    assert gold.source == real.source == "feed"
    assert timedelta(0) <= real.received_at - gold.received_at <= timedelta(minutes=10)
    assert gold.sla_due - gold.received_at == real.sla_due - real.received_at
    # The lease, and the audit trail bob's workstation holds.
    assert gold_lease.review_round == real_lease.review_round == 1
    assert gold_lease.expires_at - ws.now() == real_lease.expires_at - ws.now()
    assert gold_lease.queue_id == real_lease.queue_id
    assert [k for k, _ in _events(ws, "bob", gold_lease.report_uid)] == ["claim", "decide"]
    assert (
        _events(ws, "bob", real_lease.report_uid) == _events(ws, "bob", gold_lease.report_uid)[:1]
    )
    # The supervisor's side: the decision was scored against the expected outcome.
    with ws.transaction() as s:
        [result] = quality.gold_results(s, ws.now() - timedelta(days=1), ws.now() + timedelta(1))
    assert (result.reviewer, result.expected, result.actual, result.correct) == (
        "bob",
        "remove",
        "remove",
        True,
    )


def test_matches_never_list_a_gold_copy(
    workspace: Workspace, people: tuple[ReviewerRef, ReviewerRef, ReviewerRef]
) -> None:
    alice, bob, _sup = people
    ws = workspace
    _report(ws, "ORIG", GOLD_SHA, "images/gold.jpg", **CONTENT)
    lease = ReviewService(ws, alice).claim()
    assert lease is not None
    ReviewService(ws, alice).decide(lease, DECISION)
    QualityService(ws, "sup").mark_gold(lease.report_uid, "remove")
    QualityService(ws, "sup").set_settings("general", gold_rate=1.0)
    _report(ws, "DUP", GOLD_SHA, "images/gold.jpg", **CONTENT)  # a real duplicate
    gold_lease = ReviewService(ws, bob).claim()
    assert gold_lease is not None
    assert load_details(ws, gold_lease).matches != ()  # the real duplicate, not the original
    assert {m.report_uid for m in load_details(ws, gold_lease).matches} != {lease.report_uid}
    ReviewService(ws, bob).decide(gold_lease, DECISION)
    QualityService(ws, "sup").set_settings("general", gold_rate=0.0)
    dup = ReviewService(ws, bob).claim()
    assert dup is not None
    shown = {m.report_uid for m in load_details(ws, dup).matches}
    assert shown == {lease.report_uid}  # the original, never bob's gold copy


def test_a_gold_copy_is_numbered_like_the_queues_real_reports_and_keeps_the_original(
    workspace: Workspace, people: tuple[ReviewerRef, ReviewerRef, ReviewerRef]
) -> None:
    alice, bob, _sup = people
    ws = workspace
    original = {**CONTENT, "reported_category": "illegal_filming"}
    _report(ws, "DEMO-H00007", GOLD_SHA, "images/gold.jpg", **original)
    lease = ReviewService(ws, alice).claim()
    assert lease is not None
    ReviewService(ws, alice).decide(lease, DECISION)
    QualityService(ws, "sup").mark_gold(lease.report_uid, "remove")
    QualityService(ws, "sup").set_settings("general", gold_rate=1.0)
    with ws.transaction() as s:  # the live stream: DEMO-00000 ... DEMO-00239, every third here
        qid = s.scalar(select(Queue.id).where(Queue.name == "general"))
        other = s.scalar(select(Queue.id).where(Queue.name != "general").limit(1))
        assert qid is not None
        for n in range(240):
            ref = f"DEMO-{n:05d}"
            fields = {"external_ref": ref, "source": "feed", **CONTENT}
            seed.reports(s, qid if n % 3 == 0 or other is None else other, ws.now(), 1, **fields)
    gold_lease = ReviewService(ws, bob).claim()
    assert gold_lease is not None
    gold = load_details(ws, gold_lease)
    with ws.transaction() as s:
        assert s.get(GoldCopy, gold_lease.report_id) is not None
    match = re.fullmatch(r"DEMO-(\d{5})", gold.external_ref)
    assert match is not None, gold.external_ref  # not DEMO-H..., not DEMO-88322
    assert 0 <= int(match.group(1)) <= 242
    assert (gold.source, gold.reported_category, gold.reporter_text) == (
        "feed",
        "illegal_filming",
        CONTENT["reporter_text"],
    )
    # A real report that arrives later with that very reference is not taken for a duplicate.
    with ws.transaction() as s:
        row = {**_row(qid, gold.external_ref), "source": "feed"}
        assert insert_new_reports(s, [row]) != {}
