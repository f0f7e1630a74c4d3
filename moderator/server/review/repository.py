"""Queries of the review loop that only the server needs."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import bindparam, exists, func, literal, select
from sqlalchemy.orm import Session

from moderator.domain.reports import Role
from moderator.domain.rows import Lease, ReviewerRef
from moderator.store.base import UTCDateTime
from moderator.store.details import MediaRow
from moderator.store.models import Decision, MediaItem, PendingDecision, Report, Reviewer
from moderator.store.models_server import IdempotencyKey
from moderator.store.prepared import Prepared

R = Report.__table__.c


_PENDING = PendingDecision.__table__.c
_UTC = UTCDateTime()
# The three statements of the loop that only the server sends (one per claim, submit or
# finalize): compiled once, run on the driver's cursor.
_HELD = Prepared(
    select(
        R.id,
        R.uid,
        R.queue_id,
        R.review_round,
        R.lease_token,
        R.lease_expires_at,
        exists().where(_PENDING.report_id == R.id).label("pending"),
    ).where(
        R.lease_token == bindparam("p_token"),
        R.state == "claimed",
        R.claimed_by == bindparam("p_reviewer"),
    )
)
_IN_GROUP = (
    select(_PENDING.report_id)
    .where(_PENDING.reviewer_id == bindparam("p_reviewer"), _PENDING.members.is_not(None))
    .where(_PENDING.members.contains(literal('"report":"') + R.uid + literal('"')))
    .exists()
)
_HELD_COUNT = Prepared(
    select(func.count())
    .select_from(Report)
    .where(
        R.state == "claimed",
        R.claimed_by == bindparam("p_reviewer"),
        R.lease_expires_at > bindparam("p_now", type_=_UTC),
    )
    .where(~_IN_GROUP)
)
_PENDING_FINAL_AT = Prepared(
    select(_PENDING.final_at).where(
        _PENDING.uid == bindparam("p_uid"), _PENDING.reviewer_id == bindparam("p_reviewer")
    )
)


def _aware(value: object) -> datetime:
    """A driver's timestamp as the column type reads it back (aware UTC; text on SQLite)."""
    found = _UTC.process_result_value(value, None)  # type: ignore[arg-type]
    assert found is not None
    return found


def held_lease(
    session: Session, reviewer_id: int, token: str
) -> tuple[Lease, datetime, bool] | None:
    """The lease with this token if this reviewer holds it: (lease, expiry, whether a decision
    on it is in its grace period), in one statement."""
    row = _HELD.first(session, {"p_token": token, "p_reviewer": reviewer_id})
    if row is None:
        return None
    expires = _aware(row[5])
    return Lease(row[0], row[1], row[2], row[3], row[4], expires), expires, bool(row[6])


def held_count(session: Session, reviewer_id: int, now: datetime) -> int:
    """How many live leases the reviewer holds (pending decisions' included; not the members
    a pending group decision holds: they are part of one decision, decided with it)."""
    row = _HELD_COUNT.first(session, {"p_reviewer": reviewer_id, "p_now": now})
    return int(row[0]) if row else 0


def pending_row(session: Session, uid: str, reviewer_id: int) -> datetime | None:
    """final_at of the reviewer's pending decision `uid`, or None if it is gone."""
    row = _PENDING_FINAL_AT.first(session, {"p_uid": uid, "p_reviewer": reviewer_id})
    return None if row is None else _aware(row[0])


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
