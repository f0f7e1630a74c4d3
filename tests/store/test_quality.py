"""Gold items, blind second review and adjudication in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from moderator.domain.errors import NotEligible
from moderator.store import pending, quality, queue
from moderator.store.errors import ModeratorError
from moderator.store.models import AuditEvent, Decision, MediaItem, Report
from moderator.store.models_quality import GoldCopy, SecondReview
from moderator.store.queue import DecisionInput, Lease, ReviewerRef
from tests.helpers import seed
from tests.store.conftest import Db


def decision(outcome: str = "no_violation") -> DecisionInput:
    return DecisionInput("platform-generic", "1", "a" * 64, outcome, {"violation": "none"})


def actor_of(db: Db, who: ReviewerRef) -> queue.Actor:
    return db.actor(who.username, f"ws-{who.username}")


def claim(db: Db, who: ReviewerRef, rng: random.Random | None = None) -> Lease | None:
    with db.tx() as s:
        return queue.claim(s, who, actor_of(db, who), db.clock.now(), rng=rng)


def decide(db: Db, lease: Lease, who: ReviewerRef, outcome: str = "no_violation") -> str:
    with db.tx() as s:
        return queue.decide(s, lease, who, actor_of(db, who), db.clock.now(), decision(outcome))


def people(db: Db, *names: str) -> tuple[int, list[ReviewerRef]]:
    now = db.clock.now()
    with db.tx() as s:
        qid = seed.queue(s, "general", now)
        return qid, [seed.reviewer(s, name, now) for name in names]


def settings(db: Db, gold: float = 0.0, second: float = 0.0) -> None:
    with db.tx() as s:
        quality.set_settings(
            s, db.actor("sup"), db.clock.now(), "general", gold_rate=gold, second_review=second
        )


def gold_items(db: Db, qid: int, decider: ReviewerRef, n: int, outcome: str = "remove") -> None:
    """`n` reports decided by `decider` and marked gold, each with one media item."""
    now = db.clock.now()
    with db.tx() as s:
        ids = seed.reports(s, qid, now, n, prefix="G", reporter_text="gold text")
        s.add_all(
            MediaItem(report_id=i, uri=f"g{i}.jpg", kind="image", sha256=f"{i:064d}") for i in ids
        )
    for _ in range(n):
        lease = claim(db, decider)
        assert lease is not None
        decide(db, lease, decider, outcome)
    with db.tx() as s:
        for uid in s.scalars(select(Report.uid).where(Report.id.in_(ids))):
            quality.mark_gold(s, db.actor("sup"), db.clock.now(), uid, outcome)


def add_reports(db: Db, qid: int, n: int, prefix: str = "R") -> None:
    with db.tx() as s:
        seed.reports(s, qid, db.clock.now(), n, prefix=prefix)


def test_gold_is_served_at_the_configured_rate_never_twice_to_one_reviewer(db: Db) -> None:
    qid, (alice, bob) = people(db, "alice", "bob")
    gold_items(db, qid, alice, 60)
    add_reports(db, qid, 200)
    settings(db, gold=0.2)
    rng = random.Random(7)
    served, real = [], 0
    for _ in range(200):
        lease = claim(db, bob, rng)
        assert lease is not None
        with db.tx() as s:
            copy = s.get(GoldCopy, lease.report_id)
        if copy is None:
            real += 1
        else:
            served.append(copy.gold_id)
        decide(db, lease, bob)
    # Binomial(200, 0.2): mean 40, sd 5.7; the seed makes it reproducible, the bounds honest.
    assert 25 <= len(served) <= 55
    assert len(set(served)) == len(served), "a gold item was served twice to bob"
    assert real == 200 - len(served)
    with db.tx() as s:
        counts = {item.uid: (item.served, item.answered) for item in quality.list_gold(s)}
    assert sorted(counts.values()).count((1, 1)) == len(served)
    assert sorted(counts.values()).count((0, 0)) == 60 - len(served)
    with db.tx() as s:
        results = quality.gold_results(s, db.clock.now(), db.clock.now() + timedelta(seconds=1))
    assert len(results) == len(served)
    assert {(r.reviewer, r.expected, r.actual, r.correct) for r in results} == {
        ("bob", "remove", "no_violation", False)
    }


def test_gold_never_goes_to_its_original_decider_and_runs_out(db: Db) -> None:
    qid, (alice, bob) = people(db, "alice", "bob")
    gold_items(db, qid, alice, 1)
    add_reports(db, qid, 3)
    settings(db, gold=1.0)
    lease = claim(db, alice, random.Random(1))
    assert lease is not None
    with db.tx() as s:
        assert s.get(GoldCopy, lease.report_id) is None  # alice decided the original
        assert s.get(Report, lease.report_id).external_ref == "R-000000"  # type: ignore[union-attr]
    first = claim(db, bob, random.Random(1))
    second = claim(db, bob, random.Random(1))
    assert first is not None
    assert second is not None
    with db.tx() as s:
        assert s.get(GoldCopy, first.report_id) is not None
        assert s.get(GoldCopy, second.report_id) is None  # bob has had it: a real report
        # The real report the copy stood in for went back to the queue untouched.
        waiting = s.scalars(select(Report.external_ref).where(Report.state == "queued")).all()
        assert waiting == ["R-000002"]


def test_gold_is_only_served_when_a_real_report_is_waiting(db: Db) -> None:
    qid, (alice, bob) = people(db, "alice", "bob")
    gold_items(db, qid, alice, 2)
    settings(db, gold=1.0)
    assert claim(db, bob, random.Random(3)) is None


def test_a_gold_copy_released_is_claimable_only_by_its_reviewer(db: Db) -> None:
    qid, (alice, bob, carol) = people(db, "alice", "bob", "carol")
    gold_items(db, qid, alice, 1)
    add_reports(db, qid, 1)
    settings(db, gold=1.0)
    lease = claim(db, bob, random.Random(0))
    assert lease is not None
    with db.tx() as s:
        assert s.get(GoldCopy, lease.report_id) is not None
        queue.release(s, lease, actor_of(db, bob), db.clock.now())
    settings(db, gold=0.0)
    carol_lease = claim(db, carol)
    assert carol_lease is not None
    assert carol_lease.report_id != lease.report_id
    assert claim(db, carol) is None
    again = claim(db, bob)
    assert again is not None
    assert again.report_id == lease.report_id


def test_decided_gold_copy_records_the_result_and_frees_its_reference(db: Db) -> None:
    qid, (alice, bob) = people(db, "alice", "bob")
    gold_items(db, qid, alice, 1, outcome="remove")
    add_reports(db, qid, 1)
    settings(db, gold=1.0)
    start = db.clock.now()
    lease = claim(db, bob, random.Random(0))
    assert lease is not None
    with db.tx() as s:
        shown_ref = s.get(Report, lease.report_id).external_ref  # type: ignore[union-attr]
    assert shown_ref.startswith("R-")
    assert len(shown_ref) == len("R-000000")
    db.clock.advance(seconds=30)
    decide(db, lease, bob, "remove")
    with db.tx() as s:
        [result] = quality.gold_results(s, start, start + timedelta(minutes=1))
        row = s.get(Report, lease.report_id)
        assert row is not None
        assert (row.source, row.external_ref) == (quality.GOLD_SOURCE, lease.report_uid)
        # Real-report statistics leave the copy out.
        real = s.scalar(
            select(func.count()).select_from(Report).where(quality.real_reports_filter())
        )
        assert real == 2
        assert quality.list_gold(s)[0].served == 1
        assert quality.list_gold(s)[0].correct == 1
    assert (result.reviewer, result.expected, result.actual, result.correct) == (
        "bob",
        "remove",
        "remove",
        True,
    )
    assert result.report_uid == lease.report_uid
    assert result.decided_at == start + timedelta(seconds=30)
    # [start, end): a window ending at the decision leaves it out.
    with db.tx() as s:
        assert quality.gold_results(s, start, result.decided_at) == []


def test_mark_gold_refuses_undecided_reports_and_retire_stops_serving(db: Db) -> None:
    qid, (alice, bob) = people(db, "alice", "bob")
    gold_items(db, qid, alice, 1)
    add_reports(db, qid, 2)
    with db.tx() as s:
        uid = s.scalar(select(Report.uid).where(Report.external_ref == "R-000000"))
        assert uid is not None
    with db.tx() as s, pytest.raises(ModeratorError, match="decided"):
        quality.mark_gold(s, db.actor("sup"), db.clock.now(), uid, "remove")
    settings(db, gold=1.0)
    with db.tx() as s:
        [item] = quality.list_gold(s)
        quality.retire_gold(s, db.actor("sup"), db.clock.now(), item.uid)
        assert quality.list_gold(s) == []
        assert len(quality.list_gold(s, include_retired=True)) == 1
        kinds = s.scalars(select(AuditEvent.kind).where(AuditEvent.actor == "sup")).all()
        assert kinds.count("gold_mark") == 2
        assert "settings" in kinds
    lease = claim(db, bob, random.Random(0))
    assert lease is not None
    with db.tx() as s:
        assert s.get(GoldCopy, lease.report_id) is None


def test_second_review_is_blind_to_the_first_reviewer_and_disagreement_is_adjudicated(
    db: Db,
) -> None:
    qid, (alice, bob, sup) = people(db, "alice", "bob", "sup")
    add_reports(db, qid, 1)
    settings(db, second=1.0)
    start = db.clock.now()
    lease = claim(db, alice)
    assert lease is not None
    first_uid = decide(db, lease, alice, "remove")
    with db.tx() as s:
        row = s.get(Report, lease.report_id)
        assert row is not None
        assert (row.state, row.review_round) == ("queued", 2)
        assert s.get(SecondReview, lease.report_id).first_decision_uid == first_uid  # type: ignore[union-attr]
    assert claim(db, alice) is None  # never her own report's second round
    db.clock.advance(minutes=5)
    second = claim(db, bob)
    assert second is not None
    assert second.review_round == 2
    decide(db, second, bob, "no_violation")
    with db.tx() as s:
        [case] = quality.disagreements(s)
        assert (case.first.reviewer, case.first.outcome) == ("alice", "remove")
        assert (case.second.reviewer, case.second.outcome) == ("bob", "no_violation")
        assert '"violation"' in case.first.answers
        quality.adjudicate(
            s, db.actor("sup"), sup.id, db.clock.now(), case.report_uid, "remove", "visible in 2"
        )
        assert quality.disagreements(s) == []
        [done] = quality.disagreements(s, include_adjudicated=True)
        assert (done.adjudicated_outcome, done.adjudicated_by, done.note) == (
            "remove",
            "sup",
            "visible in 2",
        )
        [pair] = quality.review_pairs(s, start, db.clock.now() + timedelta(seconds=1))
        kinds = s.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)).all()
    assert pair == quality.ReviewPair(
        lease.report_uid,
        "platform-generic",
        "alice",
        "remove",
        "bob",
        "no_violation",
        "remove",
        db.clock.now(),
    )
    assert "second_review" in kinds
    assert kinds[-1] == "adjudicate"
    with db.tx() as s, pytest.raises(ModeratorError, match="no disagreement"):
        quality.adjudicate(
            s, db.actor("sup"), sup.id, db.clock.now(), case.report_uid, "x", "again"
        )


def test_nobody_adjudicates_their_own_case_and_a_reason_is_required(db: Db) -> None:
    qid, (alice, sup, other) = people(db, "alice", "sup", "other")
    add_reports(db, qid, 1)
    settings(db, second=1.0)
    lease = claim(db, alice)
    assert lease is not None
    decide(db, lease, alice, "remove")
    second = claim(db, sup)  # a supervisor took the second review
    assert second is not None
    decide(db, second, sup, "no_violation")
    with db.tx() as s:
        [case] = quality.disagreements(s)
    with db.tx() as s, pytest.raises(NotEligible, match="decided this report yourself"):
        quality.adjudicate(
            s, db.actor("sup"), sup.id, db.clock.now(), case.report_uid, "remove", "mine"
        )
    with db.tx() as s, pytest.raises(ModeratorError, match="reason"):
        quality.adjudicate(
            s, db.actor("other"), other.id, db.clock.now(), case.report_uid, "remove", " "
        )
    with db.tx() as s:
        assert len(quality.disagreements(s)) == 1  # still waiting
        quality.adjudicate(
            s, db.actor("other"), other.id, db.clock.now(), case.report_uid, "remove", "checked"
        )


def test_agreeing_second_review_needs_no_adjudication(db: Db) -> None:
    qid, (alice, bob) = people(db, "alice", "bob")
    add_reports(db, qid, 1)
    settings(db, second=1.0)
    lease = claim(db, alice)
    assert lease is not None
    decide(db, lease, alice, "remove")
    second = claim(db, bob)
    assert second is not None
    decide(db, second, bob, "remove")
    with db.tx() as s:
        assert quality.disagreements(s) == []
        state = s.get(SecondReview, lease.report_id).state  # type: ignore[union-attr]
        assert state == "agreed"
        assert s.get(Report, lease.report_id).state == "decided"  # type: ignore[union-attr]
    assert claim(db, bob) is None  # a report gets two rounds, not more


def test_second_review_sampling_is_deterministic_from_the_decision_uid(db: Db) -> None:
    qid, (alice,) = people(db, "alice")
    add_reports(db, qid, 120)
    settings(db, second=0.3)
    uids = []
    for _ in range(120):
        lease = claim(db, alice)
        assert lease is not None
        assert lease.review_round == 1
        uids.append(decide(db, lease, alice))
    expected = {u for u in uids if quality.sampled_for_second_review(u, 0.3)}
    with db.tx() as s:
        sampled = set(s.scalars(select(SecondReview.first_decision_uid)))
    assert sampled == expected
    assert 20 <= len(sampled) <= 55  # Binomial(120, 0.3): mean 36


def test_undo_of_a_pending_decision_does_not_trigger_second_review(db: Db) -> None:
    qid, (alice,) = people(db, "alice")
    add_reports(db, qid, 1)
    settings(db, second=1.0)
    lease = claim(db, alice)
    assert lease is not None
    now = db.clock.now()
    with db.tx() as s:
        item = pending.add(s, lease, alice, actor_of(db, alice), now, decision(), now)
    with db.tx() as s:
        assert pending.undo(s, item.uid, alice, actor_of(db, alice), now) is not None
    with db.tx() as s:
        assert s.scalar(select(func.count()).select_from(SecondReview)) == 0
        assert s.get(Report, lease.report_id).review_round == 1  # type: ignore[union-attr]
    # Finalizing (the normal path) does sample it.
    with db.tx() as s:
        item = pending.add(s, lease, alice, actor_of(db, alice), now, decision(), now)
    with db.tx() as s:
        pending.finalize(s, item.uid, alice, actor_of(db, alice), now)
    with db.tx() as s:
        assert s.scalar(select(func.count()).select_from(SecondReview)) == 1
        assert s.scalar(select(func.count()).select_from(Decision)) == 1


def test_settings_are_validated_and_audited(db: Db) -> None:
    people(db, "alice")
    with db.tx() as s, pytest.raises(ModeratorError, match="between 0 and 1"):
        quality.set_settings(s, db.actor("sup"), db.clock.now(), "general", gold_rate=1.5)
    with db.tx() as s, pytest.raises(ModeratorError, match="no queue"):
        quality.set_settings(s, db.actor("sup"), db.clock.now(), "nope", gold_rate=0.1)
    settings(db, gold=0.05, second=0.1)
    with db.tx() as s:
        quality.set_settings(s, db.actor("sup"), db.clock.now(), "general", second_review=0.2)
        [row] = quality.settings(s)
        payloads = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "settings")).all()
    assert (row.queue, row.gold_rate, row.second_review) == ("general", 0.05, 0.2)
    assert '"second_review":[0.1,0.2]' in payloads[-1]
