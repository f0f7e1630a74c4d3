"""Per-queue QA settings: the gold rate and the second-review share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import Queue
from moderator.store.models_quality import QaSettings


@dataclass(frozen=True, slots=True)
class QueueQa:
    queue_id: int
    queue: str
    gold_rate: float
    second_review: float


def settings(session: Session) -> list[QueueQa]:
    """Every queue with its QA settings (zero when never set)."""
    rows = session.execute(
        select(Queue.id, Queue.name, QaSettings.gold_rate, QaSettings.second_review)
        .outerjoin(QaSettings, QaSettings.queue_id == Queue.id)
        .order_by(Queue.name)
    )
    return [QueueQa(qid, name, gold or 0.0, second or 0.0) for qid, name, gold, second in rows]


def set_settings(
    session: Session,
    actor: Actor,
    now: datetime,
    queue_name: str,
    *,
    gold_rate: float | None = None,
    second_review: float | None = None,
) -> QueueQa:
    """Change a queue's QA settings (only the values given), audited as SETTINGS."""
    for label, value in (("gold rate", gold_rate), ("second-review share", second_review)):
        if value is not None and not 0.0 <= value <= 1.0:
            raise ModeratorError(f"the {label} must be between 0 and 1, not {value}")
    queue_id = session.scalar(select(Queue.id).where(Queue.name == queue_name))
    if queue_id is None:
        raise NotFound(f"there is no queue named {queue_name!r}")
    row = session.get(QaSettings, queue_id)
    before = (row.gold_rate, row.second_review) if row else (0.0, 0.0)
    if row is None:
        row = QaSettings(queue_id=queue_id, gold_rate=0.0, second_review=0.0)
        session.add(row)
    row.gold_rate = before[0] if gold_rate is None else gold_rate
    row.second_review = before[1] if second_review is None else second_review
    row.updated_at, row.updated_by = now, actor.username
    session.flush()
    journal.append(
        session,
        actor,
        EventKind.SETTINGS,
        now,
        payload={
            "scope": "qa",
            "queue": queue_name,
            "gold_rate": [before[0], row.gold_rate],
            "second_review": [before[1], row.second_review],
        },
    )
    return QueueQa(queue_id, queue_name, row.gold_rate, row.second_review)
