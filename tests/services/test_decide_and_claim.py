"""Decide the current report and claim the next in one transaction: the same record as a
decide followed by a claim (decisions, second reviews, gold, audit chain), one commit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from moderator.domain.errors import NotEligible
from moderator.domain.reports import Role
from moderator.services.review import ReviewService
from moderator.services.workspace import Workspace
from moderator.store import journal, quality
from moderator.store.models import AuditEvent, Decision, Queue, Reviewer
from moderator.store.models_quality import GoldResult, SecondReview
from moderator.store.queue import DecisionInput
from tests.helpers import seed

DECISION = DecisionInput("platform-generic", "1", "c" * 64, "violation", {"q": "yes"})


def _setup(ws: Workspace, n: int) -> tuple[int, ReviewService, ReviewService]:
    with ws.transaction() as s:
        qid = s.scalar(select(Queue.id).where(Queue.name == "general"))
        assert qid is not None
        seed.reports(s, qid, ws.now(), n)
        alice = seed.reviewer(s, "alice", ws.now())
        bob = seed.reviewer(s, "bob", ws.now())
        seed.reviewer(s, "sup", ws.now(), Role.SUPERVISOR)
    return qid, ReviewService(ws, alice), ReviewService(ws, bob)


def _kinds(ws: Workspace, who: str) -> list[str]:
    with ws.transaction() as s:
        return list(
            s.scalars(
                select(AuditEvent.kind).where(AuditEvent.actor == who).order_by(AuditEvent.seq)
            )
        )


def test_decides_then_claims_the_next_until_the_queue_is_empty(workspace: Workspace) -> None:
    _qid, alice, _bob = _setup(workspace, 3)
    lease = alice.claim()
    decided = []
    while lease is not None:
        uid, following = alice.decide_and_claim(lease, DECISION)
        decided.append(uid)
        assert following is None or following.report_id != lease.report_id
        lease = following
    assert len(decided) == 3
    with workspace.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 3
        assert all(r.ok for r in journal.verify(s))
    assert _kinds(workspace, "alice") == ["claim", "decide", "claim", "decide", "claim", "decide"]


def test_a_deactivated_person_keeps_the_decision_and_claims_nothing(workspace: Workspace) -> None:
    _qid, alice, _bob = _setup(workspace, 3)
    lease = alice.claim()
    assert lease is not None
    with workspace.transaction() as s:
        s.execute(update(Reviewer).where(Reviewer.username == "alice").values(active=False))
    uid, following = alice.decide_and_claim(lease, DECISION)
    assert following is None
    with workspace.transaction() as s:
        assert s.scalar(select(Decision.uid)) == uid
    with pytest.raises(NotEligible, match="deactivated"):
        alice.claim()


def test_second_review_and_gold_follow_a_fused_decide(workspace: Workspace) -> None:
    _qid, alice, bob = _setup(workspace, 2)
    actor = workspace.actor("sup")
    with workspace.transaction() as s:
        quality.set_settings(s, actor, workspace.now(), "general", second_review=1.0)
    lease = alice.claim()
    assert lease is not None
    first_uid, following = alice.decide_and_claim(lease, DECISION)
    # The decided report went to round 2, which alice never gets back: she has the other one.
    assert following is not None
    assert following.report_id != lease.report_id
    second = bob.claim()
    assert second is not None
    assert second.report_id == lease.report_id
    assert second.review_round == 2
    bob.decide_and_claim(second, DECISION)
    with workspace.transaction() as s:
        row = s.execute(select(SecondReview.state, SecondReview.first_decision_uid)).first()
        assert row == ("agreed", first_uid)
        quality.set_settings(s, actor, workspace.now(), "general", second_review=0.0)
    alice.decide_and_claim(following, DECISION)
    with workspace.transaction() as s:  # a decided report made gold, then served to bob
        quality.mark_gold(s, actor, workspace.now(), following.report_uid, "violation")
        quality.set_settings(s, actor, workspace.now(), "general", gold_rate=1.0)
        seed.reports(s, _qid, workspace.now(), 1, prefix="N")
    gold = bob.claim()
    assert gold is not None
    assert gold.report_uid != following.report_uid
    bob.decide_and_claim(gold, DECISION)
    with workspace.transaction() as s:
        assert s.execute(select(GoldResult.correct)).scalars().all() == [True]
        assert all(r.ok for r in journal.verify(s))
