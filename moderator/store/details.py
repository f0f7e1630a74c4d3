"""Read-only queries for the review window: one report in full, its hash matches, queue counts.

Everything comes back as frozen rows, never live ORM objects, so the GUI thread can hold them
without ever triggering a lazy load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from moderator.domain.rows import MatchRow as MatchRow
from moderator.store import quality, queue_counts
from moderator.store.errors import NotFound
from moderator.store.models import MediaItem, Queue, Report
from moderator.store.models_quality import GoldCopy, GoldItem

MAX_MATCHES = 20


@dataclass(frozen=True, slots=True)
class MediaRow:
    id: int
    position: int
    uri: str
    kind: str
    size_bytes: int | None
    sha256: str | None
    pdq: str | None
    media_format: str | None
    probe_error: str | None


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: int
    uid: str
    source: str
    external_ref: str
    channel: str
    queue_id: int
    queue_name: str
    queue_title: str
    policy_id: str
    policy_version: str
    received_at: datetime
    sla_due: datetime
    reported_category: str
    reporter_text: str
    url: str
    platform: str
    priority: int
    review_round: int


def report(session: Session, report_id: int) -> ReportRow:
    """The report as the window shows it; a gold copy shows its original's source."""
    R = Report.__table__.c
    original = aliased(Report)
    row = session.execute(
        select(
            R.id,
            R.uid,
            func.coalesce(original.source, R.source),
            R.external_ref,
            R.channel,
            R.queue_id,
            Queue.name,
            Queue.title,
            Queue.policy_id,
            Queue.policy_version,
            R.received_at,
            R.sla_due,
            R.reported_category,
            R.reporter_text,
            R.url,
            R.platform,
            R.priority,
            R.review_round,
        )
        .join(Queue, Queue.id == R.queue_id)
        .outerjoin(GoldCopy, GoldCopy.report_id == R.id)
        .outerjoin(GoldItem, GoldItem.id == GoldCopy.gold_id)
        .outerjoin(original, original.id == GoldItem.report_id)
        .where(R.id == report_id)
    ).first()
    if row is None:
        raise NotFound(f"report {report_id} does not exist")
    return ReportRow(*row)


def media(session: Session, report_id: int) -> list[MediaRow]:
    M = MediaItem.__table__.c
    rows = session.execute(
        select(
            M.id,
            M.position,
            M.uri,
            M.kind,
            M.size_bytes,
            M.sha256,
            M.pdq,
            M.media_format,
            M.probe_error,
        )
        .where(M.report_id == report_id)
        .order_by(M.position)
    )
    return [MediaRow(*row) for row in rows]


def matches(session: Session, report_id: int, items: Sequence[MediaRow]) -> list[MatchRow]:
    """Other reports sharing a media item's SHA-256 or PDQ hash, most recent first.

    PDQ matches here are exact; near matches (Hamming distance) need an index of their own.
    """
    found: dict[tuple[int, str], MatchRow] = {}
    other = aliased(MediaItem)
    for item in items:
        conditions = []
        if item.sha256:
            conditions.append(other.sha256 == item.sha256)
        if item.pdq:
            conditions.append(other.pdq == item.pdq)
        if not conditions:
            continue
        rows = session.execute(
            select(
                other.sha256,
                Report.uid,
                Report.external_ref,
                Queue.name,
                Report.id,
            )
            .join(Report, Report.id == other.report_id)
            .join(Queue, Queue.id == Report.queue_id)
            .where(and_(other.report_id != report_id, or_(*conditions)))
            .where(quality.shown_as_match(other.report_id, report_id))
            .order_by(Report.received_at.desc())
            .limit(MAX_MATCHES)
        )
        for sha, uid, ref, queue, other_id in rows:
            how = "sha256" if item.sha256 and sha == item.sha256 else "pdq"
            found.setdefault((other_id, how), MatchRow(item.position, how, uid, ref, queue))
    return list(found.values())[:MAX_MATCHES]


def queued_counts(session: Session, queue_ids: Sequence[int]) -> dict[int, int]:
    """Reports waiting (queued) per queue id (from the counts the store keeps)."""
    return queue_counts.queued(session, queue_ids) if queue_ids else {}
