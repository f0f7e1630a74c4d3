"""Retention: legal holds, and the purge of report content past its queue's retention.

A purge blanks the reporter's text, the URL and the media references (URIs) of decided
reports whose retention ran out, and keeps everything the statistics and the chain need:
the report row (times, queue, category, channel), its decisions, actions and hashes. The
chain records the purge with the report ids it covered and the counts, never the content;
no audit event holds reporter text or URLs, so every chain still verifies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Exists

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.ids import new_uid
from moderator.domain.lifecycle import purge_due
from moderator.domain.reports import ReportState
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import MediaItem, Report
from moderator.store.models_lifecycle import LegalHold, ReportPurge

MAX_REASON = 1000


class HoldError(ModeratorError):
    """A legal hold change that cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class HoldRow:
    id: int
    report_uid: str
    reason: str
    placed_by: str
    placed_at: datetime
    released_by: str | None
    released_at: datetime | None


@dataclass(frozen=True, slots=True)
class PurgePlan:
    due: tuple[str, ...]  # report uids past retention, not held, not yet purged
    held: tuple[str, ...]  # past retention, but under a legal hold: refused
    media: int  # media references the purge blanks


def find_report(session: Session, ref: str) -> tuple[int, str]:
    """(id, uid) of the report with this uid, or else this reference when it is unique."""
    rows = session.execute(
        select(Report.id, Report.uid).where(or_(Report.uid == ref, Report.external_ref == ref))
    ).all()
    exact = [r for r in rows if r[1] == ref] or rows
    if not exact:
        raise NotFound(f"no report {ref!r} (give its uid or its reference)")
    if len(exact) > 1:
        raise NotFound(f"{len(exact)} reports have the reference {ref!r}: give the uid")
    return int(exact[0][0]), str(exact[0][1])


def _reason(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise HoldError("--reason: say why (a case or request reference)")
    if len(value) > MAX_REASON:
        raise HoldError(f"--reason: at most {MAX_REASON} characters")
    return value


def _active(report_id: Any) -> Exists:
    """A hold on the report that was never released."""
    return exists().where(LegalHold.report_id == report_id, LegalHold.released_at.is_(None))


def add_hold(session: Session, actor: Actor, now: datetime, report_uid: str, reason: str) -> int:
    report_id, uid = find_report(session, report_uid)
    text = _reason(reason)
    if session.scalar(select(_active(report_id))):
        raise HoldError(f"report {uid} is already under a legal hold")
    hold = LegalHold(report_id=report_id, reason=text, placed_by=actor.username, placed_at=now,
                     release_reason="")  # fmt: skip
    session.add(hold)
    session.flush()
    journal.append(session, actor, EventKind.HOLD, now, report_uid=uid,
                   payload={"op": "add", "hold": hold.id, "reason": text})  # fmt: skip
    return hold.id


def release_hold(
    session: Session, actor: Actor, now: datetime, report_uid: str, reason: str
) -> None:
    report_id, uid = find_report(session, report_uid)
    text = _reason(reason)
    hold = session.scalars(
        select(LegalHold)
        .where(LegalHold.report_id == report_id, LegalHold.released_at.is_(None))
        .with_for_update()
    ).first()
    if hold is None:
        raise HoldError(f"report {uid} is not under a legal hold")
    hold.released_at, hold.released_by, hold.release_reason = now, actor.username, text
    session.flush()
    journal.append(session, actor, EventKind.HOLD, now, report_uid=uid,
                   payload={"op": "release", "hold": hold.id, "reason": text})  # fmt: skip


def holds(session: Session, *, active_only: bool = True) -> list[HoldRow]:
    query = select(LegalHold, Report.uid).join(Report, Report.id == LegalHold.report_id)
    if active_only:
        query = query.where(LegalHold.released_at.is_(None))
    return [
        HoldRow(h.id, uid, h.reason, h.placed_by, h.placed_at, h.released_by, h.released_at)
        for h, uid in session.execute(query.order_by(LegalHold.placed_at, LegalHold.id))
    ]


def plan_purge(session: Session, now: datetime, retention: Mapping[int, int]) -> PurgePlan:
    """What a purge now would cover, and what it must refuse (held reports). `retention`:
    the days each queue (by id) keeps content after the decision; queues not in it keep it."""
    if not retention:
        return PurgePlan((), (), 0)
    rows = session.execute(
        select(
            Report.id,
            Report.uid,
            Report.decided_at,
            Report.queue_id,
            _active(Report.id).label("held"),
        )
        .where(
            Report.state == ReportState.DECIDED,
            Report.decided_at.is_not(None),
            Report.queue_id.in_(sorted(retention)),
            ~exists().where(ReportPurge.report_id == Report.id),
        )
        .order_by(Report.id)
    ).all()
    due: list[tuple[int, str]] = []
    held: list[str] = []
    for report_id, uid, decided_at, queue_id, is_held in rows:
        if decided_at is None or not purge_due(decided_at, retention[queue_id], now):
            continue
        if is_held:
            held.append(uid)
        else:
            due.append((report_id, uid))
    media = session.scalar(
        select(func.count()).select_from(MediaItem)
        .where(MediaItem.report_id.in_([i for i, _u in due]))
    ) if due else 0  # fmt: skip
    return PurgePlan(tuple(u for _i, u in due), tuple(held), int(media or 0))


def purge(
    session: Session, actor: Actor, now: datetime, retention: Mapping[int, int]
) -> tuple[PurgePlan, str]:
    """Blank the content of every report past retention and not held; audit ids and counts."""
    found = plan_purge(session, now, retention)
    purge_uid = new_uid()
    ids = list(session.scalars(select(Report.id).where(Report.uid.in_(found.due))))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(update(Report).where(Report.id.in_(chunk))
                        .values(reporter_text="", url="")
                        .execution_options(synchronize_session=False))  # fmt: skip
        session.execute(update(MediaItem).where(MediaItem.report_id.in_(chunk))
                        .values(uri="")
                        .execution_options(synchronize_session=False))  # fmt: skip
        session.add_all(ReportPurge(report_id=i, purge_uid=purge_uid, purged_at=now,
                                    purged_by=actor.username) for i in chunk)  # fmt: skip
    session.flush()
    journal.append(
        session, actor, EventKind.PURGE, now,
        payload={"purge": purge_uid, "reports": list(found.due), "count": len(found.due),
                 "media": found.media, "fields": ["reporter_text", "url", "media.uri"],
                 "refused_held": list(found.held)},
    )  # fmt: skip
    return found, purge_uid
