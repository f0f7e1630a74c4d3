"""Queues as a supervisor defines them: policy and version, SLA, escalation, trainings, role.

Each writing function runs in the caller's transaction and appends its QUEUE audit event in
that same transaction. A queue is never deleted, since reports and decisions point at it: it
is archived, which closes it to new reports once nothing in it is open.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.reports import ReportState, Role
from moderator.domain.rows import QueueRow, QueueSpec
from moderator.store import journal, queue_counts
from moderator.store.journal import Actor
from moderator.store.models import Queue, QueueTraining, Report, TrainingCourse
from moderator.store.models_lifecycle import QueueLifecycle
from moderator.store.models_wellbeing import WellbeingProfile


class QueueError(ModeratorError):
    """A queue change that cannot be made; the message says why."""


def _audit(session: Session, actor: Actor, at: datetime, op: str, **payload: Any) -> None:
    journal.append(session, actor, EventKind.QUEUE, at, payload={"op": op, **payload})


def listing(session: Session, *, include_archived: bool = True) -> list[QueueRow]:
    names = dict(session.execute(select(Queue.id, Queue.name)).all())
    courses: dict[int, list[str]] = {}
    for qid, code in session.execute(
        select(QueueTraining.queue_id, QueueTraining.course_code).order_by(
            QueueTraining.course_code
        )
    ):
        courses.setdefault(qid, []).append(code)
    profiles = dict(session.execute(select(WellbeingProfile.queue_id, WellbeingProfile.name)).all())
    terms = {
        t.queue_id: (t.notice_days, t.retention_days)
        for t in session.scalars(select(QueueLifecycle))
    }
    totals: dict[int, list[int]] = {}
    for qid, by_state in queue_counts.by_queue(session).items():
        for state, n in by_state.items():
            total = totals.setdefault(qid, [0, 0])
            total[0] += n
            total[1] += n if state != ReportState.DECIDED else 0
    query = select(Queue).order_by(Queue.name)
    if not include_archived:
        query = query.where(Queue.archived_at.is_(None))
    return [
        QueueRow(
            q.name,
            q.policy_id,
            q.policy_version,
            q.title,
            q.sla_hours,
            names.get(q.escalation_queue_id) if q.escalation_queue_id else None,
            tuple(courses.get(q.id, ())),
            Role(q.min_role),
            tuple(json.loads(q.categories or "[]")),
            id=q.id,
            wellbeing=profiles.get(q.id, ""),
            archived_at=q.archived_at,
            reports=totals.get(q.id, [0, 0])[0],
            open=totals.get(q.id, [0, 0])[1],
            created_at=q.created_at,
            notice_days=terms.get(q.id, (None, None))[0],
            retention_days=terms.get(q.id, (None, None))[1],
        )
        for q in session.scalars(query)
    ]


def get(session: Session, name: str) -> Queue:
    row = session.scalars(select(Queue).where(Queue.name == name)).first()
    if row is None:
        raise NotFound(f"no queue named {name!r} (see `moderator queue status`)")
    return row


def _escalation(session: Session, name: str | None, own: str) -> int | None:
    if not name:
        return None
    if name == own:
        raise QueueError(f"queue {own!r} cannot escalate to itself")
    target = get(session, name)
    if target.archived_at is not None:
        raise QueueError(f"queue {name!r} is archived: it cannot take escalations")
    return target.id


def _courses(session: Session, codes: tuple[str, ...]) -> tuple[str, ...]:
    known = set(session.scalars(select(TrainingCourse.code).where(TrainingCourse.code.in_(codes))))
    missing = sorted(set(codes) - known)
    if missing:
        raise QueueError(
            f"no training course {', '.join(missing)}: add courses first "
            "(`moderator training import COURSES.csv`, or Tools → Training records)"
        )
    return tuple(sorted(set(codes)))


def add(session: Session, actor: Actor, now: datetime, spec: QueueSpec) -> int:
    if session.scalars(select(Queue.id).where(Queue.name == spec.name)).first():
        raise QueueError(f"there is already a queue named {spec.name!r}")
    requires = _courses(session, spec.requires)
    row = Queue(
        name=spec.name,
        title=spec.title or spec.name,
        categories=json.dumps(list(spec.categories)),
        policy_id=spec.policy_id,
        policy_version=spec.policy_version,
        sla_hours=spec.sla_hours,
        min_role=spec.min_role,
        escalation_queue_id=_escalation(session, spec.escalate_to, spec.name),
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(QueueTraining(queue_id=row.id, course_code=code) for code in requires)
    session.flush()
    _audit(
        session, actor, now, "add",
        queue=spec.name, title=row.title, policy=spec.policy_id, version=spec.policy_version,
        sla_hours=spec.sla_hours, escalate_to=spec.escalate_to, requires=list(requires),
        min_role=str(spec.min_role), categories=list(spec.categories),
    )  # fmt: skip
    return row.id


def edit(session: Session, actor: Actor, now: datetime, name: str, changes: dict[str, Any]) -> int:
    """Apply `changes` (QueueSpec field names; `escalate_to` None or "" removes it)."""
    row = get(session, name)
    if row.archived_at is not None:
        raise QueueError(f"queue {name!r} is archived")
    before = {
        "title": row.title,
        "policy_id": row.policy_id,
        "policy_version": row.policy_version,
        "sla_hours": row.sla_hours,
        "min_role": row.min_role,
        "categories": tuple(json.loads(row.categories or "[]")),
        "escalate_to": session.scalar(select(Queue.name).where(Queue.id == row.escalation_queue_id))
        if row.escalation_queue_id
        else None,
        "requires": tuple(
            session.scalars(
                select(QueueTraining.course_code)
                .where(QueueTraining.queue_id == row.id)
                .order_by(QueueTraining.course_code)
            )
        ),
    }
    done: dict[str, list[Any]] = {}
    for key, value in changes.items():
        if key not in before:
            raise QueueError(f"a queue has no setting {key!r}")
        if key == "requires":
            value = _courses(session, tuple(value))
        if key == "escalate_to":
            value = value or None
        if value == before[key]:
            continue
        done[key] = [_plain(before[key]), _plain(value)]
        if key == "requires":
            session.execute(delete(QueueTraining).where(QueueTraining.queue_id == row.id))
            session.add_all(QueueTraining(queue_id=row.id, course_code=c) for c in value)
        elif key == "escalate_to":
            row.escalation_queue_id = _escalation(session, value, name)
        elif key == "categories":
            row.categories = json.dumps(list(value))
        else:
            setattr(row, key, value)
    if done:
        session.flush()
        _audit(session, actor, now, "edit", queue=name, changes=done)
    return row.id


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def archive(session: Session, actor: Actor, now: datetime, name: str) -> None:
    """Close a queue to new reports; refused while it holds open reports or takes escalations."""
    row = get(session, name)
    if row.archived_at is not None:
        return
    still_open = session.scalar(
        select(func.count())
        .select_from(Report)
        .where(Report.queue_id == row.id, Report.state != ReportState.DECIDED)
    )
    if still_open:
        raise QueueError(
            f"queue {name!r} still has {still_open} open report(s): decide or escalate them "
            "before archiving it"
        )
    feeders = list(
        session.scalars(
            select(Queue.name).where(
                Queue.escalation_queue_id == row.id, Queue.archived_at.is_(None)
            )
        )
    )
    if feeders:
        raise QueueError(
            f"queue {name!r} takes the escalations of {', '.join(sorted(feeders))}: "
            "change their --escalate-to first"
        )
    row.archived_at = now
    session.flush()
    _audit(session, actor, now, "archive", queue=name)
