"""Building blocks for queue tests: queues, reviewers, trainings and reports."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from moderator.domain import shipped
from moderator.domain.ids import new_uid
from moderator.domain.policy_file import parse_policy
from moderator.domain.reports import Role
from moderator.store import policies
from moderator.store.models import (
    Queue,
    QueueTraining,
    Report,
    Reviewer,
    TrainingCourse,
    TrainingRecord,
)
from moderator.store.queue import ReviewerRef


def queue(
    session: Session,
    name: str,
    now: datetime,
    *,
    min_role: Role = Role.REVIEWER,
    escalation: int | None = None,
    trainings: tuple[str, ...] = (),
    sla_hours: int = 24,
    policy_id: str = "platform-generic",
) -> int:
    policy(session, policy_id, now)
    row = Queue(
        name=name,
        title=name,
        policy_id=policy_id,
        sla_hours=sla_hours,
        min_role=min_role,
        escalation_queue_id=escalation,
        created_at=now,
    )
    session.add(row)
    session.flush()
    for code in trainings:
        if session.get(TrainingCourse, code) is None:
            session.add(TrainingCourse(code=code, title=code, validity_days=365))
            session.flush()
        session.add(QueueTraining(queue_id=row.id, course_code=code))
    return row.id


def policy(session: Session, policy_id: str, now: datetime) -> None:
    """Store a shipped policy, as `moderator setup` does, unless it is stored already."""
    if policies.version(session, policy_id) is not None:
        return
    data = shipped.folder("policies").joinpath(f"{policy_id}.toml").read_bytes()
    parsed = parse_policy(data, f"{policy_id}.toml")
    policies.insert(
        session, parsed.id, parsed.version, parsed.sha256, parsed.title, data.decode(),
        f"{policy_id}.toml", "test", now,
    )  # fmt: skip


def reviewer(
    session: Session, username: str, now: datetime, role: Role = Role.REVIEWER
) -> ReviewerRef:
    row = Reviewer(username=username, display_name=username, role=role, created_at=now)
    session.add(row)
    session.flush()
    return ReviewerRef(row.id, username, role)


def training(
    session: Session, who: ReviewerRef, code: str, completed: datetime, expires: datetime
) -> None:
    session.add(
        TrainingRecord(
            reviewer_id=who.id, course_code=code, completed_at=completed, expires_at=expires
        )
    )


def reports(
    session: Session, queue_id: int, now: datetime, n: int, *, prefix: str = "R", **overrides: Any
) -> list[int]:
    rows = []
    for i in range(n):
        row = {
            "uid": new_uid(),
            "source": "test",
            "external_ref": f"{prefix}-{i:06d}",
            "queue_id": queue_id,
            "channel": "",
            "received_at": now - timedelta(minutes=n - i),
            "sla_due": now + timedelta(hours=24),
            "reported_category": "",
            "reporter_text": "",
            "url": "",
            "platform": "",
            "priority": 3,
            "state": "queued",
            "review_round": 1,
            "ingested_at": now,
        }
        row.update(overrides)
        rows.append(row)
    if not rows:
        return []
    result = session.execute(insert(Report).returning(Report.id), rows)
    return [r[0] for r in result]
