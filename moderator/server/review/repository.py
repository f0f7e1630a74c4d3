"""Queries of the review loop that only the server needs."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import exists, func, literal, select
from sqlalchemy.orm import Session

from moderator.domain.reports import Role
from moderator.domain.rows import Lease, ReviewerRef
from moderator.store.details import MediaRow
from moderator.store.models import Decision, MediaItem, PendingDecision, Report, Reviewer
from moderator.store.models_server import IdempotencyKey

R = Report.__table__.c


_PENDING = PendingDecision.__table__.c
_HELD = select(
    R.id,
    R.uid,
    R.queue_id,
    R.review_round,
    R.lease_token,
    R.lease_expires_at,
    exists().where(_PENDING.report_id == R.id).label("pending"),
)


def held_lease(
    session: Session, reviewer_id: int, token: str
) -> tuple[Lease, datetime, bool] | None:
    """The lease with this token if this reviewer holds it: (lease, expiry, whether a decision
    on it is in its grace period), in one statement."""
    held = _HELD.where(R.lease_token == token, R.state == "claimed", R.claimed_by == reviewer_id)
    row = session.connection().execute(held).first()
    if row is None:
        return None
    return Lease(row[0], row[1], row[2], row[3], row[4], row[5]), row[5], bool(row[6])


def held_count(session: Session, reviewer_id: int, now: datetime) -> int:
    """How many live leases the reviewer holds (pending decisions' included; not the members
    a pending group decision holds: they are part of one decision, decided with it)."""
    P = PendingDecision.__table__.c
    in_group = (
        select(P.report_id)
        .where(P.reviewer_id == reviewer_id, P.members.is_not(None))
        .where(P.members.contains(literal('"report":"') + R.uid + literal('"')))
        .exists()
    )
    return int(
        session.scalar(
            select(func.count())
            .select_from(Report)
            .where(R.state == "claimed", R.claimed_by == reviewer_id, R.lease_expires_at > now)
            .where(~in_group)
        )
        or 0
    )


def pending_row(session: Session, uid: str, reviewer_id: int) -> datetime | None:
    """final_at of the reviewer's pending decision `uid`, or None if it is gone."""
    return session.scalar(
        select(PendingDecision.final_at).where(
            PendingDecision.uid == uid, PendingDecision.reviewer_id == reviewer_id
        )
    )


def decision_for(session: Session, report_uid: str, lease_token: str) -> str | None:
    """The decision recorded under this report and lease, if any."""
    return session.scalar(
        select(Decision.uid)
        .join(Report, Report.id == Decision.report_id)
        .where(Report.uid == report_uid, Decision.lease_token == lease_token)
    )


def due_pending(
    session: Session, now: datetime, limit: int = 200
) -> list[tuple[str, ReviewerRef, str]]:
    """Pending decisions past their grace period: (uid, reviewer, workstation chain)."""
    rows = session.execute(
        select(
            PendingDecision.uid,
            Reviewer.id,
            Reviewer.username,
            Reviewer.role,
            PendingDecision.workstation,
        )
        .join(Reviewer, Reviewer.id == PendingDecision.reviewer_id)
        .where(PendingDecision.final_at <= now)
        .order_by(PendingDecision.final_at)
        .limit(limit)
    ).all()
    return [(uid, ReviewerRef(rid, name, Role(role)), ws) for uid, rid, name, role, ws in rows]


def submitted_ids(session: Session, workstation: str, endpoint: str) -> dict[str, str]:
    """pending uid -> the client's decision id, from the submits this workstation made."""
    K = IdempotencyKey.__table__.c
    rows = session.execute(
        select(K.key, K.response).where(
            K.workstation == workstation, K.endpoint.like(f"{endpoint}:%"), K.response.is_not(None)
        )
    )
    out = {}
    for key, response in rows:
        uid = json.loads(response).get("uid")
        if isinstance(uid, str):
            out[uid] = key
    return out


def media_item(session: Session, report_id: int, position: int) -> MediaRow | None:
    M = MediaItem.__table__.c
    row = session.execute(
        select(
            M.id,
            M.position,
            M.uri,
            M.kind,
            M.size_bytes,
            M.sha256,
            M.pdq,
            M.media_format,
            M.probe_error,
        ).where(M.report_id == report_id, M.position == position)
    ).first()
    return None if row is None else MediaRow(*row)
