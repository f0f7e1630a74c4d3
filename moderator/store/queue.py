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
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind, canonical_json
from moderator.domain.ids import new_uid
from moderator.domain.reports import ReportState
from moderator.domain.rows import DecisionInput as DecisionInput
from moderator.domain.rows import Lease as Lease
from moderator.domain.rows import ReviewerRef as ReviewerRef
from moderator.store import journal, quality
from moderator.store.base import UTCDateTime
from moderator.store.dialect import upsert
from moderator.store.eligibility import _roles_up_to, eligible_queue_ids
from moderator.store.errors import LeaseLost, NotFound
from moderator.store.journal import Actor
from moderator.store.models import (
    IS_CLAIMED,
    IS_QUEUED,
    Decision,
    MediaItem,
    PendingDecision,
    Queue,
    Report,
    Skip,
)

DEFAULT_LEASE = timedelta(minutes=5)
DEFAULT_SKIP_COOLDOWN = timedelta(hours=1)

T = cast(Table, Report.__table__)
R = T.c


# Statements are built once and reused with bound parameters: building and cache-keying a
# statement costs more Python time than SQLite takes to run it.
_EXPIRE = (
    update(T)
    .where(IS_CLAIMED, R.lease_expires_at <= bindparam("p_now"))
    # A decision submitted and still in its undo grace period (or waiting for its client to
    # come back after a crash) keeps its report: expiring the lease would orphan it.
    .where(~exists().where(PendingDecision.report_id == R.id))
    .values(
        state=ReportState.QUEUED,
        claimed_by=None,
        lease_token=None,
        lease_expires_at=None,
        claimed_at=None,
    )
    .returning(R.uid)
)


@lru_cache(maxsize=8)
def _claim_statement(postgres: bool, limited: bool, visual: bool = True) -> Any:
    # SQLite's planner (no statistics) would otherwise pick the (queue, state) index and sort
    # every queued report on each claim; `queue_id + 0` keeps it on the claim-order index.
    queue_col = R.queue_id if postgres else R.queue_id + 0
    skipped = exists().where(
        Skip.report_id == R.id,
        Skip.reviewer_id == bindparam("p_reviewer"),
        Skip.until > bindparam("p_now", type_=UTCDateTime()),
    )
    candidate = (
        select(R.id)
        .where(IS_QUEUED)
        .where(queue_col.in_(eligible_queue_ids()))
        .where(~skipped)
        .where(*quality.claim_exclusions())  # second review blind; gold copies
        .order_by(R.sla_due, R.priority.desc(), R.received_at, R.id)
        .limit(1)
    )
    if limited:
        candidate = candidate.where(queue_col.in_(bindparam("p_queues", expanding=True)))
    if not visual:  # a reviewer at a daily exposure cap: reports without images or video only
        candidate = candidate.where(
            ~exists().where(MediaItem.report_id == R.id, MediaItem.kind.in_(("image", "video")))
        )
    if postgres:
        # Concurrent claimers pass over rows another transaction is taking instead of waiting.
        candidate = candidate.with_for_update(skip_locked=True)
    return (
        update(T)
        .where(R.id == candidate.scalar_subquery(), R.state == ReportState.QUEUED)
        .values(
            state=ReportState.CLAIMED,
            claimed_by=bindparam("p_reviewer"),
            lease_token=bindparam("p_token"),
            lease_expires_at=bindparam("p_expires"),
            claimed_at=bindparam("p_now"),
        )
        .returning(R.id, R.uid, R.queue_id, R.review_round)
    )


def expire_leases(session: Session, actor: Actor, now: datetime) -> list[str]:
    """Return every report whose lease ran out to the queue; the uids of those returned."""
    uids = list(session.execute(_EXPIRE, {"p_now": now}).scalars())
    for uid in uids:
        journal.append(session, actor, EventKind.LEASE_EXPIRED, now, report_uid=uid)
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
) -> Lease | None:
    """Claim the most urgent eligible report, or None when there is nothing to claim.

    Order: SLA deadline first, then severity (priority, 5 = most severe), then age.
    With `visual=False`, only reports without image or video media (a daily exposure cap).
    A gold item may be served in place of the report found (`quality.serve_gold`; `rng`
    decides, seeded in tests). With `sweep`, leases that ran out are first returned to the
    queue in the same transaction (a busy client may sweep only now and then: see
    ReviewService).
    """
    if sweep:
        expire_leases(session, actor, now)
    postgres = session.get_bind().dialect.name == "postgresql"
    token, expires = new_uid(), now + lease
    params: dict[str, Any] = {
        "p_reviewer": reviewer.id,
        "p_now": now,
        "p_roles": _roles_up_to(reviewer.role),
        "p_token": token,
        "p_expires": expires,
    }
    if queue_ids is not None:
        params["p_queues"] = queue_ids
    statement = _claim_statement(postgres, queue_ids is not None, visual)
    found = session.execute(statement, params).first()
    if found is None:
        return None
    row: Any = quality.serve_gold(session, reviewer.id, found, (token, expires, now), rng) or found
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
        update(Report)
        .where(_holding(lease))
        .values(lease_expires_at=expires)
        .returning(R.id)
        .execution_options(synchronize_session=False)
    ).first()
    if result is None:
        raise LeaseLost(f"report {lease.report_uid} is no longer yours (its lease ran out)")
    return Lease(
        lease.report_id, lease.report_uid, lease.queue_id, lease.review_round, lease.token, expires
    )


def _give_back(session: Session, lease: Lease, **values: Any) -> None:
    result = session.execute(
        update(Report)
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
        .execution_options(synchronize_session=False)
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


_DECIDE_CLOSE = (
    update(T)
    .where(
        R.id == bindparam("p_id"),
        R.state == ReportState.CLAIMED,
        R.lease_token == bindparam("p_token"),
    )
    .values(
        state=ReportState.DECIDED,
        claimed_by=None,
        lease_token=None,
        lease_expires_at=None,
        decided_at=bindparam("p_now"),
    )
    .returning(R.id)
)
_DECIDE_INSERT = insert(cast(Table, Decision.__table__))


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
    closed = session.execute(
        _DECIDE_CLOSE,
        {"p_id": lease.report_id, "p_token": lease.token, "p_now": now},
    ).first()
    if closed is None:
        raise LeaseLost(
            f"report {lease.report_uid} is no longer yours (its lease ran out); "
            "your answers are kept, claim it again to submit"
        )
    uid = new_uid()
    # Holding the lease means no one else can be deciding this round; the unique
    # (report, round) constraint is the backstop should that ever be wrong.
    session.execute(
        _DECIDE_INSERT,
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
    )
    return uid
