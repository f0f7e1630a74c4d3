"""Which queues a reviewer may claim from: role and unexpired training, as one subquery that
the claim statement embeds (eligibility is decided inside the claim, never before it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, bindparam, exists, literal_column, select

from moderator.domain.reports import Role
from moderator.store.base import UTCDateTime
from moderator.store.models import Queue, QueueTraining, TrainingRecord


def _roles_up_to(role: Role) -> list[str]:
    return [r.value for r in Role if role.at_least(r)]


def eligible_queue_ids(roles: tuple[str, ...] | None = None) -> Any:
    """A subquery of the queues reviewer `:p_reviewer` may claim from at `:p_now`.

    A queue is eligible when the reviewer's role (`:p_roles`, the roles at or below theirs, or
    `roles` written into the statement)
    covers the queue's minimum role and every course the queue requires has an unexpired
    training record (completed <= now < expires).
    """
    now = bindparam("p_now", type_=UTCDateTime())
    reviewer: BindParameter[int] = bindparam("p_reviewer")
    missing_training = (
        select(QueueTraining.course_code)
        .where(QueueTraining.queue_id == Queue.id)
        .where(
            ~exists().where(
                TrainingRecord.reviewer_id == reviewer,
                TrainingRecord.course_code == QueueTraining.course_code,
                TrainingRecord.completed_at <= now,
                TrainingRecord.expires_at > now,
            )
        )
    )
    allowed: Any = bindparam("p_roles", expanding=True)
    if roles is not None:  # literals: a prebuilt statement has no expanding parameters
        allowed = [literal_column(f"'{Role(r).value}'") for r in roles]
    return select(Queue.id).where(
        Queue.min_role.in_(allowed),
        ~exists(missing_training),
    )
