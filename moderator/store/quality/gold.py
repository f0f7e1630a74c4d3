"""Gold items: decided reports marked with the outcome they should get, retired, listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.ids import new_uid
from moderator.domain.reports import ReportState
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import Queue, Report
from moderator.store.models_quality import GoldCopy, GoldItem
from moderator.store.models_quality import GoldResult as GoldResultRow


@dataclass(frozen=True, slots=True)
class GoldItemRow:
    uid: str
    report_uid: str
    external_ref: str
    queue: str
    policy_id: str
    expected_outcome: str
    note: str
    created_by: str
    created_at: datetime
    retired_at: datetime | None
    served: int
    correct: int
    answered: int


def mark_gold(
    session: Session,
    actor: Actor,
    now: datetime,
    report_uid: str,
    expected_outcome: str,
    note: str = "",
) -> GoldItemRow:
    """Mark a decided report as gold with the outcome it should get, audited."""
    found = session.execute(
        select(Report.id, Report.state, Report.queue_id, Queue.policy_id)
        .join(Queue, Queue.id == Report.queue_id)
        .where(Report.uid == report_uid)
    ).first()
    if found is None:
        raise NotFound(f"there is no report {report_uid}")
    report_id, state, queue_id, policy_id = found
    if state != ReportState.DECIDED:
        raise ModeratorError("only a decided report can be a gold item")
    if session.get(GoldCopy, report_id) is not None:
        raise ModeratorError("this report is itself a served gold item")
    if session.scalar(select(GoldItem.id).where(GoldItem.report_id == report_id)) is not None:
        raise ModeratorError("this report is already a gold item")
    uid = new_uid()
    session.add(
        GoldItem(
            uid=uid,
            report_id=report_id,
            queue_id=queue_id,
            policy_id=policy_id,
            expected_outcome=expected_outcome,
            note=note,
            created_by=actor.username,
            created_at=now,
        )
    )
    session.flush()
    journal.append(
        session,
        actor,
        EventKind.GOLD_MARK,
        now,
        report_uid=report_uid,
        payload={"gold": uid, "action": "mark", "expected": expected_outcome, "policy": policy_id},
    )
    return gold_item(session, uid)


def retire_gold(session: Session, actor: Actor, now: datetime, uid: str) -> GoldItemRow:
    """Stop serving a gold item (its results are kept), audited."""
    item = session.scalar(select(GoldItem).where(GoldItem.uid == uid))
    if item is None:
        raise NotFound(f"there is no gold item {uid}")
    if item.retired_at is not None:
        raise ModeratorError("this gold item is already retired")
    item.retired_at = now
    report_uid = session.scalar(select(Report.uid).where(Report.id == item.report_id))
    journal.append(
        session,
        actor,
        EventKind.GOLD_MARK,
        now,
        report_uid=report_uid,
        payload={"gold": uid, "action": "retire"},
    )
    session.flush()
    return gold_item(session, uid)


def list_gold(session: Session, *, include_retired: bool = False) -> list[GoldItemRow]:
    stmt = _gold_select().order_by(GoldItem.created_at, GoldItem.id)
    if not include_retired:
        stmt = stmt.where(GoldItem.retired_at.is_(None))
    return [GoldItemRow(*row) for row in session.execute(stmt)]


def gold_item(session: Session, uid: str) -> GoldItemRow:
    row = session.execute(_gold_select().where(GoldItem.uid == uid)).first()
    if row is None:
        raise NotFound(f"there is no gold item {uid}")
    return GoldItemRow(*row)


def _gold_select() -> Any:
    G, C, Res = GoldItem, GoldCopy, GoldResultRow

    def count(table: Any, *where: Any) -> Any:
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    return (
        select(
            G.uid,
            Report.uid,
            Report.external_ref,
            Queue.name,
            G.policy_id,
            G.expected_outcome,
            G.note,
            G.created_by,
            G.created_at,
            G.retired_at,
            count(C, C.gold_id == G.id),
            count(Res, Res.gold_id == G.id, Res.correct.is_(True)),
            count(Res, Res.gold_id == G.id),
        )
        .join(Report, Report.id == G.report_id)
        .join(Queue, Queue.id == G.queue_id)
    )
