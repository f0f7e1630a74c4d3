"""A queue's lifecycle terms: its reporters' notice deadline and its retention period.

Unset on a new queue, each takes the default of the queue's policy (`[lifecycle]` in the
policy file: the Korean policy's notice deadline and three years' retention); the retention
can never be shorter than the policy's minimum preservation, nor than the law of its
jurisdiction asks (one year for US reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.domain.lifecycle import check_days, check_retention, retention_floor
from moderator.services import policies
from moderator.services.organisation import read_settings
from moderator.store import notices
from moderator.store.journal import Actor
from moderator.store.models import Queue
from moderator.store.models_lifecycle import QueueLifecycle


def retention_by_queue(session: Session) -> dict[int, int]:
    """Days each queue keeps content after the decision: its own period, else the
    organisation's `content-retention-days`, never under its policy's floor (US: a year).
    Queues with neither keep their content."""
    default = read_settings(session).content_retention_days
    terms = session.execute(select(QueueLifecycle.queue_id, QueueLifecycle.retention_days))
    own = {queue_id: days for queue_id, days in terms}
    out: dict[int, int] = {}
    for queue in session.scalars(select(Queue)):
        days = own.get(queue.id) or default
        if not days:
            continue
        try:
            policy = policies.load(session, queue.policy_id, queue.policy_version)
        except ModeratorError:
            continue  # its policy cannot be read: keep its content until it can
        out[queue.id] = max(days, retention_floor(policy.jurisdiction,
                                                  policy.lifecycle.min_retention_days))  # fmt: skip
    return out


def apply(
    session: Session, actor: Actor, now: datetime, queue_id: int, name: str,
    given: Mapping[str, int | None], *, adding: bool = False,
) -> None:  # fmt: skip
    """Set the given terms (0 clears one); on `adding`, unset ones take the policy's default.
    The retention floor is checked again whenever the queue's policy changes."""
    queue = session.get(Queue, queue_id)
    assert queue is not None
    policy = policies.load(session, queue.policy_id, queue.policy_version)
    notice, retention = notices.terms(session, queue_id)
    if adding:
        notice, retention = policy.lifecycle.notice_days, policy.lifecycle.retention_days
    floor = retention_floor(policy.jurisdiction, policy.lifecycle.min_retention_days)
    if "notice_days" in given and given["notice_days"] is not None:
        days = given["notice_days"]
        notice = None if days == 0 else check_days(days, "--notice-days")
    if "retention_days" in given and given["retention_days"] is not None:
        retention = given["retention_days"] or None
    notices.set_terms(session, actor, now, queue_id, name, notice,
                      check_retention(retention, floor))  # fmt: skip
