"""Time to action and time to removal, per queue, category and host (dashboard, report).

Time to action: from the final decision to the first time one of its actions was sent (or
confirmed at once). Time to removal: from the decision to the confirmation of a remove or
block action, the hotlines' own measure of how fast content goes. Medians, in hours, over
the decisions of a period; categories and hosts were copied onto the actions when they were
planned, so the figures survive a purge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.lifecycle import REMOVAL_KINDS, ActionKind, is_overdue
from moderator.store.models import Queue
from moderator.store.models_lifecycle import Action

DIMENSIONS = ("queue", "category", "host")


@dataclass(frozen=True, slots=True)
class ActionFact:
    decision: str  # the final decision's uid: time to action counts once per decision
    queue: str
    category: str
    host: str
    kind: str
    state: str
    decided_at: datetime
    due_at: datetime
    follow_up_at: datetime | None
    sent_at: datetime | None
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActionTimes:
    dimension: str  # queue | category | host
    key: str
    actions: int
    acted: int  # sent or confirmed
    hours_to_action: float | None  # median
    removals: int  # remove/block actions confirmed
    hours_to_removal: float | None  # median
    overdue: int  # open and past due or follow-up, at the time of reading


def facts(session: Session, start: datetime, end: datetime) -> list[ActionFact]:
    rows = session.execute(
        select(
            Action.decision_uid,
            Queue.name,
            Action.category,
            Action.host,
            Action.kind,
            Action.state,
            Action.decided_at,
            Action.due_at,
            Action.follow_up_at,
            Action.sent_at,
            Action.confirmed_at,
        )  # fmt: skip
        .join(Queue, Queue.id == Action.queue_id)
        .where(Action.decided_at >= start, Action.decided_at < end)
        .order_by(Action.decided_at, Action.id)
    )
    return [ActionFact(*tuple(row)) for row in rows]


def _hours(pairs: Iterable[tuple[datetime, datetime | None]]) -> list[float]:
    return [(done - start).total_seconds() / 3600 for start, done in pairs if done is not None]


def summarise(facts: Sequence[ActionFact], now: datetime) -> list[ActionTimes]:
    """One row per dimension and value, ordered by dimension then by name."""
    out: list[ActionTimes] = []
    for dimension in DIMENSIONS:
        groups: dict[str, list[ActionFact]] = {}
        for fact in facts:
            groups.setdefault(getattr(fact, dimension) or "(none)", []).append(fact)
        for key in sorted(groups):
            rows = groups[key]
            # Per decision: its first sending, whichever action it was.
            first: dict[str, tuple[datetime, datetime]] = {}
            for r in rows:
                if r.sent_at is not None:
                    earliest = first.get(r.decision, (r.decided_at, r.sent_at))[1]
                    first[r.decision] = (r.decided_at, min(earliest, r.sent_at))
            acted = _hours(first.values())
            removed = _hours((r.decided_at, r.confirmed_at) for r in rows
                             if ActionKind(r.kind) in REMOVAL_KINDS)  # fmt: skip
            late = sum(is_overdue(r.state, r.due_at, r.follow_up_at, now) for r in rows)
            out.append(ActionTimes(
                dimension, key, len(rows), sum(r.sent_at is not None for r in rows),
                median(acted) if acted else None, len(removed),
                median(removed) if removed else None, late,
            ))  # fmt: skip
    return out


def gather(session: Session, start: datetime, end: datetime, now: datetime) -> list[ActionTimes]:
    return summarise(facts(session, start, end), now)


def show_hours(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} d"
