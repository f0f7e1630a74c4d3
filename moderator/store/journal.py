"""The audit journal: hash-chained events, appended in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    ChainReport,
    event_hash,
    payload_text,
    verify_chain,
)
from moderator.domain.ids import new_uid
from moderator.store.central import load_keys, signature_checker
from moderator.store.dialect import lock_workstation
from moderator.store.models import AuditEvent


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, and from which workstation: stamped on every event."""

    username: str
    workstation: str


E = AuditEvent.__table__.c
# Built once: the journal is on every action's path, and statement building costs more
# Python time than SQLite takes to run it.
_HEAD = (
    select(E.seq, E.hash).where(E.workstation == bindparam("p_ws")).order_by(E.seq.desc()).limit(1)
)
_INSERT = insert(cast(Table, AuditEvent.__table__))


def append(
    session: Session,
    actor: Actor,
    kind: str,
    at: datetime,
    *,
    report_uid: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> ChainedEvent:
    """Append one event to the actor's workstation chain inside the caller's transaction.

    Appends from one workstation are serialised (SQLite: the write lock every transaction
    takes; PostgreSQL: a transaction-scoped advisory lock on the workstation), so two threads
    or programs of the same workstation queue up instead of both reading the same head. The
    (workstation, seq) and (workstation, prev_hash) unique constraints are the backstop: a
    chain can never fork.
    """
    lock_workstation(session, actor.workstation)
    head = session.execute(_HEAD, {"p_ws": actor.workstation}).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    uid = new_uid()
    text = payload_text(payload)
    digest = event_hash(
        uid=uid,
        workstation=actor.workstation,
        seq=seq,
        occurred_at=at,
        actor=actor.username,
        kind=kind,
        report_uid=report_uid,
        payload=text,
        prev_hash=prev,
    )
    session.execute(
        _INSERT,
        {
            "uid": uid,
            "workstation": actor.workstation,
            "seq": seq,
            "occurred_at": at,
            "actor": actor.username,
            "kind": kind,
            "report_uid": report_uid,
            "payload": text,
            "prev_hash": prev,
            "hash": digest,
        },
    )
    return ChainedEvent(
        uid, actor.workstation, seq, at, actor.username, kind, report_uid, text, prev, digest
    )


def _row_to_event(row: Any) -> ChainedEvent:
    return ChainedEvent(
        uid=row.uid,
        workstation=row.workstation,
        seq=row.seq,
        occurred_at=row.occurred_at,
        actor=row.actor,
        kind=row.kind,
        report_uid=row.report_uid,
        payload=row.payload,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def workstations(session: Session) -> list[str]:
    return list(
        session.scalars(select(AuditEvent.workstation).distinct().order_by(AuditEvent.workstation))
    )


def iter_chain(session: Session, workstation: str, batch: int = 5000) -> Iterator[ChainedEvent]:
    """A workstation's events in sequence order, streamed in batches (keyset pagination)."""
    cols = AuditEvent.__table__.c
    last = 0
    while True:
        rows = session.execute(
            select(
                cols.uid,
                cols.workstation,
                cols.seq,
                cols.occurred_at,
                cols.actor,
                cols.kind,
                cols.report_uid,
                cols.payload,
                cols.prev_hash,
                cols.hash,
            )
            .where(cols.workstation == workstation, cols.seq > last)
            .order_by(cols.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _row_to_event(row)
        last = rows[-1].seq


def verify(session: Session) -> list[ChainReport]:
    """Verify every workstation chain stored in this database, checkpoint signatures included
    (against the keys registered in this database)."""
    check = signature_checker(load_keys(session))
    return [verify_chain(ws, iter_chain(session, ws), check) for ws in workstations(session)]


def head(session: Session, workstation: str) -> tuple[int, str, str] | None:
    """(seq, hash, kind) of the workstation's last event, or None for an empty chain."""
    row = session.execute(
        select(E.seq, E.hash, E.kind)
        .where(E.workstation == workstation)
        .order_by(E.seq.desc())
        .limit(1)
    ).first()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None
