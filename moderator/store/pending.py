"""Submitted decisions inside their undo grace period.

Submit stores the decision here (the report keeps its lease); undo deletes it again; finalize
moves it into `decisions` through `queue.decide`, so a decision is recorded exactly one way.
Each function runs in the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind, canonical_json
from moderator.domain.ids import new_uid
from moderator.store import journal, queue
from moderator.store.journal import Actor
from moderator.store.models import PendingDecision, Report
from moderator.store.queue import DecisionInput, Lease, ReviewerRef

P = PendingDecision.__table__.c


@dataclass(frozen=True, slots=True)
class Pending:
    uid: str
    lease: Lease
    decision: DecisionInput
    submitted_at: datetime
    final_at: datetime
    # A group decision (services.grouping): canonical JSON of {"members": [{"report", "token",
    # "how", "distance"}], "taken_out": [...], "unavailable": [...]}, the members held under
    # their own leases until it is final; "" for a decision on the claimed report alone.
    group: str = ""

    @property
    def members(self) -> tuple[str, ...]:
        """The member reports decided with it when it is final (held meanwhile)."""
        if not self.group:
            return ()
        return tuple(m["report"] for m in json.loads(self.group)["members"])


def add(
    session: Session,
    lease: Lease,
    reviewer: ReviewerRef,
    actor: Actor,
    now: datetime,
    decision: DecisionInput,
    final_at: datetime,
    group: dict[str, Any] | None = None,
) -> Pending:
    uid = new_uid()
    held = canonical_json(group) if group else ""
    members = [m["report"] for m in group["members"]] if group else []
    session.execute(
        insert(PendingDecision).values(
            report_id=lease.report_id,
            uid=uid,
            report_uid=lease.report_uid,
            queue_id=lease.queue_id,
            review_round=lease.review_round,
            lease_token=lease.token,
            reviewer_id=reviewer.id,
            workstation=actor.workstation,
            decision=canonical_json(asdict(decision)),
            submitted_at=now,
            final_at=final_at,
            members=held or None,
        )
    )
    # The submit itself is audited with the pending row; DECIDE follows when it becomes final
    # (or UNDO if it is taken back), so the log shows every answer the reviewer gave.
    journal.append(
        session,
        actor,
        EventKind.SUBMIT,
        now,
        report_uid=lease.report_uid,
        payload={
            "pending": uid,
            "outcome": decision.outcome,
            "policy": decision.policy_id,
            "final_at": final_at.isoformat(),
            **({"group": members} if group else {}),
        },
    )
    return Pending(uid, lease, decision, now, final_at, held)


def remove(session: Session, uid: str, reviewer: ReviewerRef) -> Pending | None:
    """Delete one of the reviewer's pending decisions; None if it is already gone."""
    row = session.execute(
        delete(PendingDecision)
        .where(P.uid == uid, P.reviewer_id == reviewer.id)
        .returning(*P)
        .execution_options(synchronize_session=False)
    ).first()
    return _pending(session, row) if row is not None else None


def finalize(
    session: Session, uid: str, reviewer: ReviewerRef, actor: Actor, now: datetime
) -> str | None:
    """Record a pending decision for good; its decision uid, or None if it was undone already.

    Raises LeaseLost if the report's lease is gone; the pending row then stays for a retry.
    A group's row is finalized by `services.pending.finalize_in`, which decides its members too.
    """
    taken = remove(session, uid, reviewer)
    if taken is None:
        return None
    if taken.members:
        raise ValueError("a group decision is finalized with its members (services.pending)")
    decision_uid = queue.decide(session, taken.lease, reviewer, actor, now, taken.decision)
    return decision_uid


def undo(
    session: Session, uid: str, reviewer: ReviewerRef, actor: Actor, now: datetime
) -> Pending | None:
    """Take a pending decision back, audited; None when it was already final."""
    taken = remove(session, uid, reviewer)
    if taken is None:
        return None
    journal.append(
        session,
        actor,
        EventKind.UNDO,
        now,
        report_uid=taken.lease.report_uid,
        payload={
            "pending": uid,
            "outcome": taken.decision.outcome,
            "submitted_at": taken.submitted_at.isoformat(),
            **({"group": list(taken.members)} if taken.members else {}),
        },
    )
    return taken


def of_reviewer(
    session: Session, reviewer: ReviewerRef, due_by: datetime | None = None
) -> list[Pending]:
    """The reviewer's pending decisions (only those due by `due_by` if given), oldest first."""
    stmt = select(*P).where(P.reviewer_id == reviewer.id).order_by(P.final_at)
    if due_by is not None:
        stmt = stmt.where(P.final_at <= due_by)
    return [_pending(session, row) for row in session.execute(stmt)]


def _pending(session: Session, row: Any) -> Pending:
    expires = session.scalar(select(Report.lease_expires_at).where(Report.id == row.report_id))
    lease = Lease(
        row.report_id,
        row.report_uid,
        row.queue_id,
        row.review_round,
        row.lease_token,
        expires or row.final_at,
    )
    data = json.loads(row.decision)
    return Pending(
        row.uid, lease, DecisionInput(**data), row.submitted_at, row.final_at, row.members or ""
    )
