"""Hash banks and their entries: the repository (callers own the transaction and the audit)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from moderator.domain.banks import BankRow, EntryRow, Incoming
from moderator.store.models import Queue
from moderator.store.models_banks import BankEntry, HashBank

E = BankEntry
B = HashBank


def find(session: Session, name: str) -> HashBank | None:
    return session.scalars(select(B).where(B.name == name)).first()


def create(session: Session, **values: object) -> HashBank:
    bank = HashBank(**values)
    session.add(bank)
    session.flush()
    return bank


def _row(bank: HashBank, entries: int, queue: str | None) -> BankRow:
    return BankRow(
        name=bank.name,
        source=bank.source,
        source_name=bank.source_name,
        action=bank.action,
        signals=tuple(json.loads(bank.signals)),
        threshold=bank.threshold,
        outcome=bank.outcome,
        route_queue=queue or "",
        safe_list=bank.safe_list,
        entries=entries,
        created_by=bank.created_by,
        created_at=bank.created_at,
        retired_at=bank.retired_at,
    )


def listing(session: Session, *, include_retired: bool = True) -> list[BankRow]:
    counts = (
        select(E.bank_id, func.count().label("n"))
        .where(E.retired_at.is_(None))
        .group_by(E.bank_id)
        .subquery()
    )
    query = (
        select(B, func.coalesce(counts.c.n, 0), Queue.name)
        .outerjoin(counts, counts.c.bank_id == B.id)
        .outerjoin(Queue, Queue.id == B.route_queue_id)
        .order_by(B.name)
    )
    if not include_retired:
        query = query.where(B.retired_at.is_(None))
    return [_row(bank, int(n), q) for bank, n, q in session.execute(query)]


def present_digests(session: Session, bank_id: int, digests: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(digests), 500):
        chunk = digests[start : start + 500]
        found.update(
            session.scalars(select(E.digest).where(E.bank_id == bank_id, E.digest.in_(chunk)))
        )
    return found


def insert_entries(
    session: Session,
    bank_id: int,
    entries: Iterable[Incoming],
    added_by: str,
    now: datetime,
    origin: str,
) -> list[int]:
    """Insert the entries not in the bank yet (by digest); the new entries' ids."""
    fresh: dict[str, Incoming] = {}
    for entry in entries:
        fresh.setdefault(entry.signal.digest, entry)
    present = present_digests(session, bank_id, sorted(fresh))
    rows = [
        {
            "bank_id": bank_id,
            "signal": e.signal.kind,
            "value": e.signal.value,
            "value_key": e.signal.value[:64],
            "digest": digest,
            "added_by": added_by,
            "added_at": now,
            "confirmed_by": e.confirmed_by or added_by,
            "confirmed_at": e.confirmed_at or now.isoformat(),
            "origin": f"{origin}:{e.line}" if e.line else origin,
            "report_uid": e.report_uid,
            "note": e.note,
            "extra": e.extra,
        }
        for digest, e in fresh.items()
        if digest not in present
    ]
    if not rows:
        return []
    return list(session.scalars(insert(BankEntry).returning(BankEntry.id), rows))


def entries(
    session: Session, bank_id: int | None = None, *, include_retired: bool = False
) -> list[EntryRow]:
    query = select(E, B.name).join(B, B.id == E.bank_id).order_by(E.id)
    if bank_id is not None:
        query = query.where(E.bank_id == bank_id)
    if not include_retired:
        query = query.where(E.retired_at.is_(None))
    return [
        EntryRow(
            bank=name,
            signal=e.signal,
            value=e.value,
            added_by=e.added_by,
            added_at=e.added_at,
            confirmed_by=e.confirmed_by,
            confirmed_at=e.confirmed_at,
            origin=e.origin,
            report_uid=e.report_uid,
            note=e.note,
            extra=e.extra,
            retired_at=e.retired_at,
        )
        for e, name in session.execute(query)
    ]


def retire_entries(
    session: Session, bank_id: int, digests: Sequence[str], who: str, now: datetime
) -> int:
    result = session.execute(
        update(E)
        .where(E.bank_id == bank_id, E.digest.in_(digests), E.retired_at.is_(None))
        .values(retired_at=now, retired_by=who)
    )
    return int(getattr(result, "rowcount", 0) or 0)
