"""Reading and writing reports outside the claim path: bulk ingest, listings, counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from moderator.store import queue_counts
from moderator.store.dialect import insert_ignoring_conflicts
from moderator.store.models import IS_QUEUED, MediaItem, Queue, Report

R = Report.__table__.c


@dataclass(frozen=True, slots=True)
class QueueRef:
    id: int
    name: str
    sla_hours: int
    policy_id: str


def queues_by_name(session: Session) -> dict[str, QueueRef]:
    """The queues open to new reports (an archived queue takes none)."""
    rows = session.execute(
        select(Queue.id, Queue.name, Queue.sla_hours, Queue.policy_id).where(
            Queue.archived_at.is_(None)
        )
    ).all()
    return {r.name: QueueRef(r.id, r.name, r.sla_hours, r.policy_id) for r in rows}


def existing_keys(
    session: Session, keys: Sequence[tuple[str, str]], chunk: int = 400
) -> set[tuple[str, str]]:
    """Which (source, external_ref) pairs are already stored (asked in chunks of `chunk`)."""
    found: set[tuple[str, str]] = set()
    for start in range(0, len(keys), chunk):
        part = keys[start : start + chunk]
        rows = session.execute(
            select(R.source, R.external_ref).where(tuple_(R.source, R.external_ref).in_(part))
        )
        found.update((r.source, r.external_ref) for r in rows)
    return found


def insert_new_reports(
    session: Session, rows: Sequence[dict[str, Any]]
) -> dict[tuple[str, str], int]:
    """Insert reports, skipping any (source, external_ref) already stored.

    Returns the ids of the rows actually inserted, keyed by (source, external_ref).
    """
    if not rows:
        return {}
    stmt = insert_ignoring_conflicts(session, Report.__table__, "source", "external_ref")
    result = session.execute(stmt.returning(R.id, R.source, R.external_ref), list(rows))
    return {(r.source, r.external_ref): r.id for r in result}


def insert_media(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(MediaItem), list(rows))


@dataclass(frozen=True, slots=True)
class ReportRow:
    """An immutable listing row: safe to hand to the GUI thread."""

    id: int
    uid: str
    queue: str
    source: str
    external_ref: str
    state: str
    priority: int
    reported_category: str
    received_at: datetime
    sla_due: datetime
    claimed_by: int | None


def list_reports(
    session: Session,
    *,
    queue: str | None = None,
    state: str | None = "queued",
    limit: int = 50,
    offset: int = 0,
) -> list[ReportRow]:
    """A page of reports in claim order (most urgent first)."""
    stmt = (
        select(
            R.id,
            R.uid,
            Queue.name,
            R.source,
            R.external_ref,
            R.state,
            R.priority,
            R.reported_category,
            R.received_at,
            R.sla_due,
            R.claimed_by,
        )
        .join(Queue, Queue.id == R.queue_id)
        .order_by(R.sla_due, R.priority.desc(), R.received_at, R.id)
        .limit(limit)
        .offset(offset)
    )
    if queue is not None:
        stmt = stmt.where(
            R.queue_id == select(Queue.id).where(Queue.name == queue).scalar_subquery()
        )
    if state is not None:
        stmt = stmt.where(IS_QUEUED if state == "queued" else R.state == state)
    return [ReportRow(*row) for row in session.execute(stmt)]


def counts_by_queue_and_state(session: Session) -> dict[str, dict[str, int]]:
    """{queue name: {state: count}}, every queue present even when empty.

    From the counts the store keeps (`queue_counts`): the same at any number of reports."""
    queue_counts.fold_if_due(session)
    kept = queue_counts.by_queue(session)
    return {
        name: dict(kept.get(qid, {}))
        for qid, name in session.execute(select(Queue.id, Queue.name).order_by(Queue.name))
    }
