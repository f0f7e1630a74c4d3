"""The review queue: claim with a lease, renew, release, skip, escalate, decide, expire.

Every function runs inside the caller's transaction (one service call = one transaction) and
writes its audit event in that same transaction. The same statements run on SQLite and
PostgreSQL; the differences are `FOR UPDATE SKIP LOCKED`, which lets concurrent claimers on
PostgreSQL pass over rows another transaction is taking instead of waiting for them (SQLite
serialises writers with BEGIN IMMEDIATE, so its single UPDATE ... RETURNING is already
atomic), and an index hint for SQLite's planner.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind, canonical_json
from moderator.domain.ids import new_uid
from moderator.domain.reports import ReportState
from moderator.domain.rows import DecisionInput as DecisionInput
from moderator.domain.rows import Lease as Lease
from moderator.domain.rows import ReviewerRef as ReviewerRef
from moderator.store import journal, quality, queue_counts
from moderator.store import queue_statements as statements
from moderator.store.dialect import upsert
from moderator.store.eligibility import _roles_up_to
from moderator.store.errors import LeaseLost, NotFound
from moderator.store.journal import Actor
from moderator.store.models import Queue, Report, Skip
from moderator.store.quality import Served

DEFAULT_LEASE = timedelta(minutes=5)
DEFAULT_SKIP_COOLDOWN = timedelta(hours=1)

T = cast(Table, Report.__table__)
R = T.c


def expire_leases(session: Session, actor: Actor, now: datetime) -> list[str]:
    """Return every report whose lease ran out to the queue; the uids of those returned."""
    uids = list(session.execute(statements.EXPIRE, {"p_now": now}).scalars())
    for uid in uids:
        journal.append(session, actor, EventKind.LEASE_EXPIRED, now, report_uid=uid)
    queue_counts.fold_if_due(session)  # housekeeping of the same kind, as seldom
    return uids


def claim(
    session: Session,
    reviewer: ReviewerRef,
    actor: Actor,
    now: datetime,
    *,
    lease: timedelta = DEFAULT_LEASE,
    queue_ids: list[int] | None = None,
    sweep: bool = True,
    visual: bool = True,
    rng: quality.Rng | None = None,
    active_only: bool = False,
) -> Lease | None:
    """Claim the most urgent eligible report, or None when there is nothing to claim.

    Order: SLA deadline first, then severity (priority, 5 = most severe), then age.
    With `visual=False`, only reports without image or video media (a daily exposure cap).
    A gold item may be served in place of the report found (`quality.serve_gold`; `rng`
    decides, seeded in tests). With `sweep`, leases that ran out are first returned to the
    queue in the same transaction (a busy client may sweep only now and then: see
    ReviewService). With `active_only`, a deactivated person claims nothing (the caller holds
    their lock: `people.is_active`).
    """
    if sweep:
        expire_leases(session, actor, now)
    postgres = session.get_bind().dialect.name == "postgresql"
    token, expires = new_uid(), now + lease
    params: dict[str, Any] = {
        "p_reviewer": reviewer.id,
        "p_now": now,
        "p_token": token,
        "p_expires": expires,
    }
    found: Any
    if queue_ids is None:  # the hot path: a statement compiled once, on the driver's cursor
        roles = tuple(_roles_up_to(reviewer.role))
        found = statements.prepared_claim(postgres, visual, roles, active_only).first(
            session, params
        )
    else:
        params["p_roles"] = _roles_up_to(reviewer.role)
        params["p_queues"] = queue_ids
        statement = statements.claim_statement(postgres, True, visual, None, active_only)
        found = session.execute(statement, params).first()
    if found is None:
        return None
    claimed = Served(found[0], found[1], found[2], found[3])
    row: Any = (
        quality.serve_gold(session, reviewer.id, claimed, (token, expires, now), rng, found[4])
        or claimed
    )
    journal.append(
        session,
        actor,
        EventKind.CLAIM,
        now,
        report_uid=row.uid,
        payload={"lease": token, "expires": expires.isoformat(), "round": row.review_round},
    )
    return Lease(row.id, row.uid, row.queue_id, row.review_round, token, expires)


def _holding(lease: Lease) -> Any:
    return and_(
        R.id == lease.report_id, R.state == ReportState.CLAIMED, R.lease_token == lease.token
    )


def renew(
    session: Session, lease: Lease, now: datetime, *, duration: timedelta = DEFAULT_LEASE
) -> Lease:
    """Extend a lease still held; raises LeaseLost if it was taken back."""
    expires = now + duration
    result = session.execute(
        update(T).where(_holding(lease)).values(lease_expires_at=expires).returning(R.id)
    ).first()
    if result is None:
        raise LeaseLost(f"report {lease.report_uid} is no longer yours (its lease ran out)")
    return Lease(
        lease.report_id, lease.report_uid, lease.queue_id, lease.review_round, lease.token, expires
    )


def _give_back(session: Session, lease: Lease, **values: Any) -> None:
    result = session.execute(
        update(T)
        .where(_holding(lease))
        .values(
            state=ReportState.QUEUED,
            claimed_by=None,
            lease_token=None,
            lease_expires_at=None,
            claimed_at=None,
            **values,
        )
        .returning(R.id)
    ).first()
    if result is None:
        raise LeaseLost(f"report {lease.report_uid} is no longer yours (its lease ran out)")


def release(session: Session, lease: Lease, actor: Actor, now: datetime, reason: str = "") -> None:
    """Put a claimed report back in the queue untouched."""
    _give_back(session, lease)
    journal.append(
        session,
        actor,
        EventKind.RELEASE,
        now,
        report_uid=lease.report_uid,
        payload={"reason": reason},
    )


def skip(
    session: Session,
    lease: Lease,
    reviewer: ReviewerRef,
    actor: Actor,
    now: datetime,
    *,
    cooldown: timedelta = DEFAULT_SKIP_COOLDOWN,
    reason: str = "",
) -> None:
    """Release, and keep the report away from this reviewer for `cooldown`."""
    _give_back(session, lease)
    until = now + cooldown
    upsert(
        session,
        Skip.__table__,
        {"report_id": lease.report_id, "reviewer_id": reviewer.id, "until": until},
        keys=["report_id", "reviewer_id"],
        update=["until"],
    )
    journal.append(
        session,
        actor,
        EventKind.SKIP,
        now,
        report_uid=lease.report_uid,
        payload={"until": until.isoformat(), "reason": reason},
    )


def escalate(session: Session, lease: Lease, actor: Actor, now: datetime, reason: str) -> int:
    """Move the report to its queue's escalation (supervisor) queue; returns that queue's id."""
    target = session.scalar(select(Queue.escalation_queue_id).where(Queue.id == lease.queue_id))
    if target is None:
        raise NotFound("this queue has no escalation queue configured")
    _give_back(session, lease, queue_id=target)
    journal.append(
        session,
        actor,
        EventKind.ESCALATE,
        now,
        report_uid=lease.report_uid,
        payload={"from_queue": lease.queue_id, "to_queue": target, "reason": reason},
    )
    return target


def decide(
    session: Session,
    lease: Lease,
    reviewer: ReviewerRef,
    actor: Actor,
    now: datetime,
    decision: DecisionInput,
) -> str:
    """Record the decision, close the report and audit it, all in the caller's transaction.

    Returns the decision uid. Raises LeaseLost if the lease is no longer held; the database's
    unique (report, round) constraint makes a second decision for the same round impossible.
    """
    closed = statements.DECIDE_CLOSE.first(
        session, {"p_id": lease.report_id, "p_token": lease.token, "p_now": now}
    )
    if closed is None:
        raise LeaseLost(
            f"report {lease.report_uid} is no longer yours (its lease ran out); "
            "your answers are kept, claim it again to submit"
        )
    uid = new_uid()
    # Holding the lease means no one else can be deciding this round; the unique
    # (report, round) constraint is the backstop should that ever be wrong.
    statements.DECIDE_INSERT.rows(
        session,
        {
            "uid": uid,
            "report_id": lease.report_id,
            "review_round": lease.review_round,
            "reviewer_id": reviewer.id,
            "policy_id": decision.policy_id,
            "policy_version": decision.policy_version,
            "policy_hash": decision.policy_hash,
            "outcome": decision.outcome,
            "answers": canonical_json(decision.answers),
            "notes": decision.notes,
            "seconds_on_item": decision.seconds_on_item,
            "seconds_exposed": decision.seconds_exposed,
            "decided_at": now,
            "workstation": actor.workstation,
            "lease_token": lease.token,
        },
    )
    journal.append(
        session,
        actor,
        EventKind.DECIDE,
        now,
        report_uid=lease.report_uid,
        payload={
            "decision": uid,
            "round": lease.review_round,
            "outcome": decision.outcome,
            "policy": decision.policy_id,
            "policy_version": decision.policy_version,
            "policy_hash": decision.policy_hash,
            "answers": decision.answers,
            "seconds_on_item": round(decision.seconds_on_item, 3),
            "seconds_exposed": round(decision.seconds_exposed, 3),
            "seconds_blurred": round(decision.seconds_blurred, 3),
            "severity": decision.severity,
            "category": decision.category,
        },
    )
    quality.on_decided(
        session,
        actor,
        now,
        quality.Decided(
            lease.report_id,
            lease.report_uid,
            lease.queue_id,
            lease.review_round,
            reviewer.id,
            uid,
            decision.outcome,
        ),
        quality.Looked(bool(closed[1]), closed[2], bool(closed[3])),
    )
    return uid
