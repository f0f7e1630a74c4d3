"""Training courses, which queues need them, and reviewers' records; every change audited.

Each writing function runs in the caller's transaction and appends its TRAINING audit event
in that same transaction. Rows handed out are immutable, safe for the GUI thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind, format_time
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.rows import CourseInput as CourseInput
from moderator.domain.rows import CourseRow as CourseRow
from moderator.domain.rows import RecordInput as RecordInput
from moderator.domain.rows import RecordRow as RecordRow
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import Queue, QueueTraining, Reviewer, TrainingCourse, TrainingRecord


class InvalidTraining(ModeratorError):
    """A course or record that cannot be stored; the message says why."""


@dataclass(frozen=True, slots=True)
class QueueNeed:
    """A queue, the role it needs, and the courses it needs."""

    id: int
    name: str
    title: str
    min_role: str
    courses: tuple[str, ...]


def _audit(session: Session, actor: Actor, at: datetime, op: str, **payload: Any) -> None:
    journal.append(session, actor, EventKind.TRAINING, at, payload={"op": op, **payload})


def _record_payload(rec: RecordInput) -> dict[str, Any]:
    return {
        "reviewer": rec.reviewer,
        "course": rec.course_code,
        "completed_at": format_time(rec.completed_at),
        "expires_at": format_time(rec.expires_at),
        "evidence": rec.evidence,
        "source": rec.source,
    }


# --- reading ---------------------------------------------------------------------------------


def queue_needs(session: Session) -> list[QueueNeed]:
    needs: dict[int, list[str]] = {}
    for queue_id, code in session.execute(
        select(QueueTraining.queue_id, QueueTraining.course_code)
    ):
        needs.setdefault(queue_id, []).append(code)
    rows = session.execute(select(Queue.id, Queue.name, Queue.title, Queue.min_role)).all()
    return [
        QueueNeed(r.id, r.name, r.title or r.name, r.min_role, tuple(sorted(needs.get(r.id, []))))
        for r in sorted(rows, key=lambda r: r.name)
    ]


def courses(session: Session) -> list[CourseRow]:
    by_course: dict[str, list[str]] = {}
    for need in queue_needs(session):
        for code in need.courses:
            by_course.setdefault(code, []).append(need.name)
    rows = session.scalars(select(TrainingCourse).order_by(TrainingCourse.code)).all()
    return [
        CourseRow(
            c.code,
            c.title,
            c.validity_days,
            tuple(by_course.get(c.code, [])),
            tuple(json.loads(c.categories or "[]")),
        )
        for c in rows
    ]


def records(session: Session, reviewer: str | None = None) -> list[RecordRow]:
    stmt = (
        select(TrainingRecord, Reviewer.username, TrainingCourse.title)
        .join(Reviewer, Reviewer.id == TrainingRecord.reviewer_id)
        .join(TrainingCourse, TrainingCourse.code == TrainingRecord.course_code)
        .order_by(Reviewer.username, TrainingRecord.course_code, TrainingRecord.completed_at)
    )
    if reviewer is not None:
        stmt = stmt.where(Reviewer.username == reviewer)
    return [
        RecordRow(
            username,
            r.course_code,
            r.completed_at,
            r.expires_at,
            r.evidence,
            r.source,
            id=r.id,
            course_title=title,
        )
        for r, username, title in session.execute(stmt)
    ]


def reviewers(session: Session) -> dict[str, tuple[int, str]]:
    """Active reviewers: username -> (id, role)."""
    rows = session.execute(
        select(Reviewer.id, Reviewer.username, Reviewer.role).where(Reviewer.active)
    )
    return {r.username: (r.id, r.role) for r in rows}


def queue_names(session: Session) -> list[str]:
    return list(session.scalars(select(Queue.name).order_by(Queue.name)))


# --- courses ---------------------------------------------------------------------------------


def _check_course(course: CourseInput) -> None:
    if not course.code.strip() or len(course.code) > 50 or course.code != course.code.strip():
        raise InvalidTraining("course code: 1 to 50 characters, no surrounding spaces")
    if not course.title.strip():
        raise InvalidTraining("course title: required")
    if course.validity_days <= 0:
        raise InvalidTraining("validity: a positive number of days")


def _needing_queues(session: Session, course: CourseInput) -> set[int]:
    known = {
        r.name: (r.id, set(json.loads(r.categories or "[]")))
        for r in session.scalars(select(Queue))
    }
    unknown = sorted(set(course.queues) - set(known))
    if unknown:
        raise InvalidTraining(f"unknown queue {', '.join(unknown)}")
    wanted = {known[name][0] for name in course.queues}
    for queue_id, categories in known.values():
        if categories & set(course.categories):
            wanted.add(queue_id)
    return wanted


def save_course(session: Session, actor: Actor, at: datetime, course: CourseInput) -> str:
    """Add or update a course and the queues that need it: "added", "updated" or "unchanged".

    The queues needing it become exactly the named queues plus every queue whose categories
    meet the course's categories (the claim reads queue_trainings only).
    """
    _check_course(course)
    wanted = _needing_queues(session, course)
    row = session.get(TrainingCourse, course.code)
    had = set(
        session.scalars(
            select(QueueTraining.queue_id).where(QueueTraining.course_code == course.code)
        )
    )
    categories = json.dumps(sorted(set(course.categories)))
    if row is None:
        row = TrainingCourse(code=course.code)
        session.add(row)
        outcome = "added"
    elif (row.title, row.validity_days, row.categories, had) == (
        course.title,
        course.validity_days,
        categories,
        wanted,
    ):
        return "unchanged"
    else:
        outcome = "updated"
    row.title, row.validity_days, row.categories = course.title, course.validity_days, categories
    session.flush()
    session.execute(
        delete(QueueTraining).where(
            QueueTraining.course_code == course.code, QueueTraining.queue_id.not_in(wanted)
        )
    )
    for queue_id in sorted(wanted - had):
        session.add(QueueTraining(queue_id=queue_id, course_code=course.code))
    names = {r.id: r.name for r in session.scalars(select(Queue))}
    _audit(
        session,
        actor,
        at,
        f"course.{'add' if outcome == 'added' else 'edit'}",
        course=course.code,
        title=course.title,
        validity_days=course.validity_days,
        categories=sorted(set(course.categories)),
        queues=sorted(names[q] for q in wanted),
    )
    return outcome


def delete_course(session: Session, actor: Actor, at: datetime, code: str) -> None:
    """Delete a course nobody holds a record of (records are evidence: delete those first)."""
    row = session.get(TrainingCourse, code)
    if row is None:
        raise NotFound(f"no course {code!r}")
    held = session.scalar(
        select(func.count()).select_from(TrainingRecord).where(TrainingRecord.course_code == code)
    )
    if held:
        raise InvalidTraining(f"{code} has {held} training record(s); delete them first")
    session.execute(delete(QueueTraining).where(QueueTraining.course_code == code))
    session.delete(row)
    _audit(session, actor, at, "course.delete", course=code)


# --- records ---------------------------------------------------------------------------------


def _check_record(session: Session, rec: RecordInput) -> int:
    who = session.scalar(select(Reviewer.id).where(Reviewer.username == rec.reviewer))
    if who is None:
        raise InvalidTraining(f"unknown reviewer {rec.reviewer!r}")
    if session.get(TrainingCourse, rec.course_code) is None:
        raise InvalidTraining(f"unknown course {rec.course_code!r}")
    if rec.expires_at <= rec.completed_at:
        raise InvalidTraining("the expiry must be after the completion")
    return who


def _find(session: Session, reviewer_id: int, rec: RecordInput) -> TrainingRecord | None:
    return session.scalars(
        select(TrainingRecord).where(
            TrainingRecord.reviewer_id == reviewer_id,
            TrainingRecord.course_code == rec.course_code,
            TrainingRecord.completed_at == rec.completed_at,
        )
    ).first()


def put_record(session: Session, actor: Actor, at: datetime, rec: RecordInput) -> str:
    """Store a record keyed by (reviewer, course, completion): "added", "updated", "unchanged".

    Importing the same file twice changes nothing the second time.
    """
    reviewer_id = _check_record(session, rec)
    row = _find(session, reviewer_id, rec)
    if row is None:
        row = TrainingRecord(
            reviewer_id=reviewer_id,
            course_code=rec.course_code,
            completed_at=rec.completed_at,
            expires_at=rec.expires_at,
            evidence=rec.evidence,
            source=rec.source,
        )
        session.add(row)
        session.flush()
        _audit(session, actor, at, "record.add", id=row.id, **_record_payload(rec))
        return "added"
    if (row.expires_at, row.evidence) == (rec.expires_at, rec.evidence):
        return "unchanged"
    row.expires_at, row.evidence, row.source = rec.expires_at, rec.evidence, rec.source
    _audit(session, actor, at, "record.edit", id=row.id, **_record_payload(rec))
    return "updated"


def update_record(
    session: Session, actor: Actor, at: datetime, record_id: int, rec: RecordInput
) -> None:
    row = session.get(TrainingRecord, record_id)
    if row is None:
        raise NotFound(f"no training record {record_id}")
    reviewer_id = _check_record(session, rec)
    clash = _find(session, reviewer_id, rec)
    if clash is not None and clash.id != record_id:
        raise InvalidTraining("a record of this course with this completion already exists")
    row.reviewer_id, row.course_code = reviewer_id, rec.course_code
    row.completed_at, row.expires_at = rec.completed_at, rec.expires_at
    row.evidence, row.source = rec.evidence, rec.source
    _audit(session, actor, at, "record.edit", id=record_id, **_record_payload(rec))


def delete_record(session: Session, actor: Actor, at: datetime, record_id: int) -> None:
    row = session.get(TrainingRecord, record_id)
    if row is None:
        raise NotFound(f"no training record {record_id}")
    username = session.scalar(select(Reviewer.username).where(Reviewer.id == row.reviewer_id))
    payload = _record_payload(
        RecordInput(
            username or "", row.course_code, row.completed_at, row.expires_at, row.evidence,
            row.source,
        )
    )  # fmt: skip
    session.delete(row)
    _audit(session, actor, at, "record.delete", id=record_id, **payload)
