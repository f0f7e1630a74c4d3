"""What a bank match does to a report, in the caller's transaction: the match rows, a route
to another queue, and a known item's automated decision (no lease, no view, nobody's eyes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from moderator.domain.banks import AUTOMATED_REVIEWER, BankMatchRow
from moderator.domain.ids import new_uid
from moderator.store.models import Decision, Report, Reviewer
from moderator.store.models_banks import BankEntry, HashBank, HashMatch

AUTOMATED = AUTOMATED_REVIEWER


def insert_matches(
    session: Session,
    report_id: int,
    rows: Iterable[tuple[int, int, int, str, int, str]],
    now: datetime,
) -> None:
    """(position, bank_id, entry_id, signal, distance, action) each."""
    values = [
        {
            "report_id": report_id,
            "position": p,
            "bank_id": b,
            "entry_id": e,
            "signal": s,
            "distance": d,
            "action": a,
            "matched_at": now,
        }
        for p, b, e, s, d, a in rows
    ]
    if values:
        session.execute(insert(HashMatch), values)


def automated_reviewer(session: Session, now: datetime) -> int:
    found = session.scalar(select(Reviewer.id).where(Reviewer.username == AUTOMATED))
    if found is not None:
        return int(found)
    person = Reviewer(
        username=AUTOMATED,
        display_name="Hash bank (automated)",
        role="reviewer",
        active=False,
        created_at=now,
    )
    session.add(person)
    session.flush()
    return person.id


def route(session: Session, report_id: int, queue_id: int) -> None:
    session.execute(update(Report).where(Report.id == report_id).values(queue_id=queue_id))


def decide_automated(
    session: Session,
    report_id: int,
    reviewer_id: int,
    workstation: str,
    now: datetime,
    policy: tuple[str, str, str],
    outcome: str,
    notes: str,
) -> str | None:
    """Close a queued report with the bank's outcome; its decision uid (None: not queued)."""
    closed = session.execute(
        update(Report)
        .where(Report.id == report_id, Report.state == "queued")
        .values(state="decided", decided_at=now)
        .returning(Report.id)
    ).first()
    if closed is None:
        return None
    uid = new_uid()
    policy_id, version, sha256 = policy
    session.execute(
        insert(Decision),
        {
            "uid": uid,
            "report_id": report_id,
            "review_round": 1,
            "reviewer_id": reviewer_id,
            "policy_id": policy_id,
            "policy_version": version,
            "policy_hash": sha256,
            "outcome": outcome,
            "answers": "{}",
            "notes": notes,
            "seconds_on_item": 0.0,
            "seconds_exposed": 0.0,
            "decided_at": now,
            "workstation": workstation,
            "lease_token": new_uid(),
        },
    )
    return uid


def for_report(session: Session, report_id: int) -> list[BankMatchRow]:
    """The report's bank matches, explained: bank, signal, distance, what was done, and the
    entry's provenance (who confirmed it, when, from which report or file line).

    A match whose entry or bank has since been retired is no longer shown (an automated
    decision's match stays: it says why the report was decided). Never an entry made from
    this very report: a second review must not learn the first one's outcome from it.
    """
    report_uid = select(Report.uid).where(Report.id == report_id).scalar_subquery()
    live = and_(BankEntry.retired_at.is_(None), HashBank.retired_at.is_(None))
    rows = session.execute(
        select(HashMatch, HashBank.name, BankEntry)
        .join(HashBank, HashBank.id == HashMatch.bank_id)
        .join(BankEntry, BankEntry.id == HashMatch.entry_id)
        .where(
            HashMatch.report_id == report_id,
            or_(live, HashMatch.action == "known"),
            BankEntry.report_uid != report_uid,
        )
        .order_by(HashMatch.position, HashMatch.distance, HashMatch.id)
    )
    return [
        BankMatchRow(
            position=m.position,
            bank=name,
            signal=m.signal,
            distance=m.distance,
            action=m.action,
            confirmed_by=e.confirmed_by,
            confirmed_at=e.confirmed_at,
            origin=e.origin,
            from_report=e.report_uid,
        )
        for m, name, e in rows
    ]
