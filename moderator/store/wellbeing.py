"""Wellbeing records: profiles per queue, personal settings, exposure, breaks and check-ins.

`exposure_rows` and `break_rows` are the team view's (and the metrics') read side: plain
frozen rows, never the content of any report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from moderator.domain.ids import new_uid
from moderator.domain.rows import BreakRow as BreakRow
from moderator.domain.rows import Exposure as Exposure
from moderator.domain.rows import ExposureRow as ExposureRow
from moderator.store.base import UTCDateTime
from moderator.store.models import Queue, Reviewer
from moderator.store.models_wellbeing import (
    BreakRecord,
    CheckIn,
    ExposureRecord,
    PersonalSettings,
    WellbeingProfile,
)
from moderator.store.prepared import Prepared


@dataclass(frozen=True, slots=True)
class ProfileRow:
    queue_id: int
    queue: str
    name: str
    body: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True, slots=True)
class OpenBreak:
    uid: str
    started_at: datetime
    ends_at: datetime
    reason: str
    hard: bool


def exposure_rows(session: Session, start: datetime, end: datetime) -> list[ExposureRow]:
    """Exposure in [start, end) by reviewer, day, severity and category."""
    E = ExposureRecord
    rows = session.execute(
        select(
            Reviewer.username,
            E.day,
            E.severity,
            E.category,
            func.sum(E.seconds_revealed),
            func.sum(E.seconds_blurred),
            func.count(E.id),
        )
        .join(Reviewer, Reviewer.id == E.reviewer_id)
        .where(E.occurred_at >= start, E.occurred_at < end)
        .group_by(Reviewer.username, E.day, E.severity, E.category)
        .order_by(Reviewer.username, E.day, E.severity, E.category)
    )
    return [
        ExposureRow(name, day, severity, category, float(rev or 0), float(blur or 0), int(n))
        for name, day, severity, category, rev, blur, n in rows
    ]


def break_rows(session: Session, start: datetime, end: datetime) -> list[BreakRow]:
    """Break compliance in [start, end) by reviewer and day (breaks by the time they fell due)."""
    counts: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    B = BreakRecord
    for name, day, outcome, n in session.execute(
        select(Reviewer.username, B.day, B.outcome, func.count(B.id))
        .join(Reviewer, Reviewer.id == B.reviewer_id)
        .where(B.started_at >= start, B.started_at < end)
        .group_by(Reviewer.username, B.day, B.outcome)
    ):
        row = counts[(name, day)]
        row[0] += int(n)
        if outcome == "taken":
            row[1] += int(n)
        elif outcome == "skipped":
            row[2] += int(n)
    C = CheckIn
    for name, day, n in session.execute(
        select(Reviewer.username, C.day, func.count(C.id))
        .join(Reviewer, Reviewer.id == C.reviewer_id)
        .where(C.stopped.is_(True), C.occurred_at >= start, C.occurred_at < end)
        .group_by(Reviewer.username, C.day)
    ):
        counts[(name, day)][3] += int(n)
    return [BreakRow(name, day, *values) for (name, day), values in sorted(counts.items())]


# --- profiles ------------------------------------------------------------------------------------


def set_profile(
    session: Session, queue_id: int, name: str, body: str, set_by: str, now: datetime
) -> None:
    row = session.get(WellbeingProfile, queue_id)
    if row is None:
        session.add(
            WellbeingProfile(queue_id=queue_id, name=name, body=body, set_by=set_by, set_at=now)
        )
    else:
        row.name, row.body, row.set_by, row.set_at = name, body, set_by, now
    session.flush()


def profiles(session: Session, queue_ids: list[int] | None = None) -> list[ProfileRow]:
    """The profiles set for the given queues (every queue: None), by queue name."""
    query = select(
        WellbeingProfile.queue_id,
        Queue.name,
        WellbeingProfile.name,
        WellbeingProfile.body,
        WellbeingProfile.set_by,
        WellbeingProfile.set_at,
    ).join(Queue, Queue.id == WellbeingProfile.queue_id)
    if queue_ids is not None:
        query = query.where(WellbeingProfile.queue_id.in_(queue_ids))
    return [ProfileRow(*row) for row in session.execute(query.order_by(Queue.name))]


# The reads every claim makes (its wellbeing guards): compiled once, on the driver's cursor.
# They do not flush the session on their own, so each flushes first, as the ORM's would.
_PERSONAL = Prepared(
    select(PersonalSettings.body).where(PersonalSettings.reviewer_id == bindparam("p_reviewer"))
)
_UTC = UTCDateTime()


def _flushed(session: Session) -> Session:
    if session.autoflush:
        session.flush()
    return session


def personal(session: Session, reviewer_id: int) -> str | None:
    row = _PERSONAL.first(_flushed(session), {"p_reviewer": reviewer_id})
    return None if row is None else str(row[0])


def set_personal(session: Session, reviewer_id: int, body: str, now: datetime) -> None:
    row = session.get(PersonalSettings, reviewer_id)
    if row is None:
        session.add(PersonalSettings(reviewer_id=reviewer_id, body=body, set_at=now))
    else:
        row.body, row.set_at = body, now
    session.flush()


# --- exposure ------------------------------------------------------------------------------------


def add_exposure(
    session: Session, reviewer_id: int, day: date, now: datetime, exposure: Exposure
) -> str:
    uid = new_uid()
    session.add(
        ExposureRecord(
            uid=uid,
            reviewer_id=reviewer_id,
            report_uid=exposure.report_uid,
            review_round=exposure.review_round,
            session_uid=exposure.session_uid,
            day=day,
            occurred_at=now,
            severity=exposure.severity,
            category=exposure.category,
            seconds_revealed=max(0.0, exposure.seconds_revealed),
            seconds_blurred=max(0.0, exposure.seconds_blurred),
            ended_by=exposure.ended_by,
        )
    )
    session.flush()
    return uid


_E = ExposureRecord
_REVEALED = Prepared(
    select(_E.severity, func.sum(_E.seconds_revealed))
    .where(_E.reviewer_id == bindparam("p_reviewer"), _E.day == bindparam("p_day"))
    .group_by(_E.severity)
)


def revealed_on(session: Session, reviewer_id: int, day: date) -> dict[str, float]:
    """Sharp seconds per severity on one (local) day."""
    rows = _REVEALED.rows(_flushed(session), {"p_reviewer": reviewer_id, "p_day": day})
    return {severity: float(total or 0) for severity, total in rows}


# --- breaks and check-ins ------------------------------------------------------------------------


_B = BreakRecord
_OPEN_BREAK = Prepared(
    select(_B.uid, _B.started_at, _B.ends_at, _B.reason, _B.hard)
    .where(_B.reviewer_id == bindparam("p_reviewer"), _B.outcome.is_(None))
    .order_by(_B.started_at.desc())
    .limit(1)
)


def _aware(value: object) -> datetime:
    found = _UTC.process_result_value(value, None)  # type: ignore[arg-type]
    assert found is not None
    return found


def open_break(session: Session, reviewer_id: int) -> OpenBreak | None:
    """The reviewer's break that has not been ended (taken or skipped), if any."""
    row = _OPEN_BREAK.first(_flushed(session), {"p_reviewer": reviewer_id})
    if row is None:
        return None
    return OpenBreak(row[0], _aware(row[1]), _aware(row[2]), row[3], bool(row[4]))


def start_break(
    session: Session,
    reviewer_id: int,
    day: date,
    now: datetime,
    ends_at: datetime,
    *,
    reason: str,
    hard: bool,
    uid: str | None = None,
) -> str:
    uid = uid or new_uid()
    session.add(
        BreakRecord(
            uid=uid,
            reviewer_id=reviewer_id,
            day=day,
            started_at=now,
            ends_at=ends_at,
            reason=reason,
            hard=hard,
            skip_reason="",
        )
    )
    session.flush()
    return uid


def end_break(
    session: Session, uid: str, now: datetime, outcome: str, skip_reason: str = ""
) -> bool:
    """Close an open break; False when it was already closed."""
    result = session.execute(
        update(BreakRecord)
        .where(BreakRecord.uid == uid, BreakRecord.outcome.is_(None))
        .values(outcome=outcome, ended_at=now, skip_reason=skip_reason)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def add_checkin(
    session: Session,
    reviewer_id: int,
    day: date,
    now: datetime,
    *,
    report_uid: str | None,
    severity: str,
    score: int | None,
    stopped: bool,
) -> str:
    uid = new_uid()
    session.add(
        CheckIn(
            uid=uid,
            reviewer_id=reviewer_id,
            day=day,
            occurred_at=now,
            report_uid=report_uid,
            severity=severity,
            score=score,
            stopped=stopped,
        )
    )
    session.flush()
    return uid


_STOPPED = Prepared(
    select(CheckIn.id)
    .where(
        CheckIn.reviewer_id == bindparam("p_reviewer"),
        CheckIn.day == bindparam("p_day"),
        CheckIn.stopped.is_(True),
    )
    .limit(1)
)


def stopped_on(session: Session, reviewer_id: int, day: date) -> bool:
    """Whether the reviewer said "I need to stop" on that day."""
    params = {"p_reviewer": reviewer_id, "p_day": day}
    return _STOPPED.first(_flushed(session), params) is not None
