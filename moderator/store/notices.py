"""A queue's notice deadline and retention, and the notices sent to reporters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError
from moderator.domain.lifecycle import MAX_NOTICE_TEXT, notice_deadline
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import Decision, Queue, Report
from moderator.store.models_lifecycle import QueueLifecycle, ReporterNotice
from moderator.store.retention import find_report


@dataclass(frozen=True, slots=True)
class NoticeRow:
    report_uid: str
    report_ref: str
    queue: str
    received_at: datetime
    deadline: datetime
    sent_at: datetime | None
    text: str
    overdue: bool  # not sent before its deadline (sent late, or still unsent and past it)


def terms(session: Session, queue_id: int) -> tuple[int | None, int | None]:
    """(notice_days, retention_days) of a queue; (None, None) when never set."""
    row = session.get(QueueLifecycle, queue_id)
    return (row.notice_days, row.retention_days) if row else (None, None)


def set_terms(
    session: Session, actor: Actor, now: datetime, queue_id: int, queue: str,
    notice_days: int | None, retention_days: int | None,
) -> None:  # fmt: skip
    row = session.get(QueueLifecycle, queue_id)
    before = (row.notice_days, row.retention_days) if row else (None, None)
    if before == (notice_days, retention_days):
        return
    if row is None:
        session.add(QueueLifecycle(queue_id=queue_id, notice_days=notice_days,
                                   retention_days=retention_days))  # fmt: skip
    else:
        row.notice_days, row.retention_days = notice_days, retention_days
    session.flush()
    journal.append(
        session, actor, EventKind.QUEUE, now,
        payload={"op": "lifecycle", "queue": queue, "notice_days": [before[0], notice_days],
                 "retention_days": [before[1], retention_days]},
    )  # fmt: skip


def listing(
    session: Session, now: datetime, zone: tzinfo | None, *, queue: str | None = None,
    unsent_only: bool = True,
) -> list[NoticeRow]:  # fmt: skip
    """The notices of every report in a queue with a notice deadline, soonest first."""
    query = (
        select(
            Report.uid,
            Report.external_ref,
            Queue.name,
            Report.received_at,
            QueueLifecycle.notice_days,
            ReporterNotice.sent_at,
            ReporterNotice.deadline,
            ReporterNotice.text,
        )  # fmt: skip
        .join(Queue, Queue.id == Report.queue_id)
        .join(QueueLifecycle, QueueLifecycle.queue_id == Queue.id)
        .outerjoin(ReporterNotice, ReporterNotice.report_id == Report.id)
        .where(QueueLifecycle.notice_days.is_not(None), Report.source != "qa-gold")
    )
    if queue is not None:
        query = query.where(Queue.name == queue)
    if unsent_only:
        query = query.where(ReporterNotice.sent_at.is_(None))
    rows = []
    for uid, ref, name, received, days, sent_at, kept, text in session.execute(query):
        deadline = kept or notice_deadline(received, days or 1, zone)
        late = (sent_at or now) >= deadline
        rows.append(NoticeRow(uid, ref, name, received, deadline, sent_at, text or "", late))
    return sorted(rows, key=lambda r: (r.deadline, r.report_uid))


def send(
    session: Session, actor: Actor, now: datetime, zone: tzinfo | None, report_uid: str,
    text: str,
) -> NoticeRow:  # fmt: skip
    """Record the notice sent to the reporter, with its exact text (once per report)."""
    body = text.strip()
    if not body:
        raise ModeratorError("--text: the notice's text, as the reporter received it")
    if len(body) > MAX_NOTICE_TEXT:
        raise ModeratorError(f"--text: at most {MAX_NOTICE_TEXT} characters")
    report_id, report_uid = find_report(session, report_uid)
    found = session.execute(
        select(Report.received_at, Report.queue_id, Queue.name, Report.external_ref)
        .join(Queue, Queue.id == Report.queue_id)
        .where(Report.id == report_id)
    ).one()
    received, queue_id, queue, ref = found
    if session.get(ReporterNotice, report_id) is not None:
        raise ModeratorError(f"report {report_uid}: its reporter was already sent a notice")
    days, _retention = terms(session, queue_id)
    deadline = notice_deadline(received, days, zone) if days else None
    outcome = session.scalar(
        select(Decision.outcome)
        .where(Decision.report_id == report_id)
        .order_by(Decision.review_round.desc())
        .limit(1)
    )
    session.add(ReporterNotice(report_id=report_id, deadline=deadline, sent_at=now,
                               sent_by=actor.username, text=body))  # fmt: skip
    session.flush()
    journal.append(
        session, actor, EventKind.NOTICE, now, report_uid=report_uid,
        payload={"deadline": deadline.isoformat() if deadline else None, "text": body,
                 "outcome": outcome, "late": bool(deadline and now >= deadline)},
    )  # fmt: skip
    return NoticeRow(report_uid, ref, queue, received, deadline or now, now, body,
                     bool(deadline and now >= deadline))  # fmt: skip
