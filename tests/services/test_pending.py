"""Submit with an undo grace period: pending, undo, finalize, and recovery after a crash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from moderator.domain.ids import new_uid
from moderator.services.config import Config, Profile
from moderator.services.pending import PendingDecisions, UndoTooLate
from moderator.services.review import ReviewService
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.errors import LeaseLost
from moderator.store.models import AuditEvent, Decision, PendingDecision, Report
from moderator.store.queue import DecisionInput, ReviewerRef
from tests.helpers import seed
from tests.helpers.clock import FakeClock

DECISION = DecisionInput("platform-generic", "1", "c" * 64, "remove", {"violation": "spam_scam"})


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    profile = Profile("t", db_url, str(tmp_path / "media"))
    ws = open_workspace(profile, Config(workstation_id=new_uid()), clock=FakeClock())
    yield ws
    ws.close()


@pytest.fixture
def alice(workspace: Workspace) -> ReviewerRef:
    with workspace.transaction() as s:
        qid = seed.queue(s, "q", workspace.now())
        seed.reports(s, qid, workspace.now(), 3)
        return seed.reviewer(s, "alice", workspace.now())


def count(ws: Workspace, model: type, **where: object) -> int:
    with ws.transaction() as s:
        stmt = select(func.count()).select_from(model).filter_by(**where)
        return int(s.scalar(stmt) or 0)


def kinds(ws: Workspace) -> list[str]:
    with ws.transaction() as s:
        return list(s.scalars(select(AuditEvent.kind).order_by(AuditEvent.seq)))


def test_submit_is_pending_until_finalized(workspace: Workspace, alice: ReviewerRef) -> None:
    desk = PendingDecisions(workspace, alice)
    lease = ReviewService(workspace, alice).claim()
    assert lease is not None
    item = desk.submit(lease, DECISION)
    assert count(workspace, PendingDecision) == 1
    assert count(workspace, Decision) == 0
    assert desk.finalize(item) is not None
    assert count(workspace, PendingDecision) == 0
    assert count(workspace, Report, state="decided") == 1
    assert kinds(workspace) == ["claim", "submit", "decide"]
    assert desk.finalize(item) is None  # already final: nothing happens twice


def test_undo_keeps_the_lease_and_is_audited(workspace: Workspace, alice: ReviewerRef) -> None:
    desk = PendingDecisions(workspace, alice)
    lease = ReviewService(workspace, alice).claim()
    assert lease is not None
    item = desk.submit(lease, DECISION)
    held = desk.undo(item)
    assert held.token == lease.token
    assert count(workspace, PendingDecision) == 0
    assert count(workspace, Report, state="claimed") == 1
    assert kinds(workspace) == ["claim", "submit", "undo"]
    # The report can be decided again, and undoing a final decision is refused.
    again = desk.submit(held, DECISION)
    desk.finalize(again)
    with pytest.raises(UndoTooLate):
        desk.undo(again)


def test_submit_stretches_the_lease_past_the_grace_period(
    workspace: Workspace, alice: ReviewerRef
) -> None:
    desk = PendingDecisions(workspace, alice, grace=timedelta(seconds=10))
    lease = ReviewService(workspace, alice).claim()
    assert lease is not None
    item = desk.submit(lease, DECISION)
    assert item.lease.expires_at >= item.final_at + timedelta(minutes=5)


def test_a_crash_after_submit_loses_nothing(workspace: Workspace, alice: ReviewerRef) -> None:
    lease = ReviewService(workspace, alice).claim()
    assert lease is not None
    PendingDecisions(workspace, alice).submit(lease, DECISION)
    # The process dies here. The next start finalizes what was submitted.
    restarted = PendingDecisions(workspace, alice)
    assert len(restarted.outstanding()) == 1
    assert len(restarted.finalize_all()) == 1
    assert count(workspace, Decision, outcome="remove") == 1


def test_finalize_due_only_takes_decisions_past_their_grace(
    workspace: Workspace, alice: ReviewerRef
) -> None:
    clock = workspace.clock
    assert isinstance(clock, FakeClock)
    desk = PendingDecisions(workspace, alice, grace=timedelta(seconds=10))
    lease = ReviewService(workspace, alice).claim()
    assert lease is not None
    desk.submit(lease, DECISION)
    assert desk.finalize_all(due_only=True) == []
    clock.advance(seconds=11)
    assert len(desk.finalize_all(due_only=True)) == 1


def test_submit_without_the_lease_is_refused(workspace: Workspace, alice: ReviewerRef) -> None:
    clock = workspace.clock
    assert isinstance(clock, FakeClock)
    review = ReviewService(workspace, alice)
    lease = review.claim()
    assert lease is not None
    clock.advance(minutes=6)
    review.claim()  # expires the old lease (and takes another report)
    with pytest.raises(LeaseLost):
        PendingDecisions(workspace, alice).submit(lease, DECISION)
    assert count(workspace, PendingDecision) == 0
