"""The audit journal: hash-chained events, appended in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Dialect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    ChainReport,
    payload_text,
    recompute,
)
from moderator.domain.ids import new_uid
from moderator.store.chains import verify_stored_chain
from moderator.store.keys import load_keys, signature_checker
from moderator.store.models import AuditEvent
from moderator.store.prepared import driver


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, and from which workstation: stamped on every event."""

    username: str
    workstation: str


E = AuditEvent.__table__.c
# The journal is on every action's path and appends in bulk during ingest: append runs two
# prebuilt statements on the session's own driver connection (inside the caller's
# transaction), without SQLAlchemy's per-statement compile and event machinery.
_HEAD_SQL = {
    False: "SELECT seq, hash FROM audit_events WHERE workstation = ? ORDER BY seq DESC LIMIT 1",
    True: "SELECT seq, hash FROM audit_events WHERE workstation = %s ORDER BY seq DESC LIMIT 1",
}
_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended(%s, 7001))"  # as lock_workstation
_INSERT_SQL = {
    pg: "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, report_uid, "
    f"payload, prev_hash, hash) VALUES ({', '.join([mark] * 10)})"
    for pg, mark in ((False, "?"), (True, "%s"))
}
_TIME_BINDERS: dict[str, Callable[[Any], Any]] = {}


def _time_binder(dialect: Dialect) -> Callable[[Any], Any]:
    """The column type's own bind processing (aware -> naive UTC; SQLite's text form), so rows
    are stored exactly as an ORM insert stores them."""
    binder = _TIME_BINDERS.get(dialect.name)
    if binder is None:
        process = E.occurred_at.type.bind_processor(dialect)
        binder = process if process is not None else (lambda value: value)
        _TIME_BINDERS[dialect.name] = binder
    return binder


_HEADS = "moderator.journal.heads"


def _heads(session: Session) -> dict[str, tuple[int, str]]:
    """The chain heads this transaction has read or written, by workstation.

    Only one transaction of a workstation appends at a time (the lock below), so once the
    head is read under the lock, every later event of the transaction follows from the last
    one written: one lock and one head read per transaction, not per event. The cache belongs
    to the innermost transaction (a savepoint rolled back takes its events, and on
    PostgreSQL its lock, with it), and is dropped with it.
    """
    current = session.get_nested_transaction() or session.get_transaction()
    cached = session.info.get(_HEADS)
    if cached is None or cached[0] is not current:
        cached = (current, {})
        session.info[_HEADS] = cached
    return cast(dict[str, tuple[int, str]], cached[1])


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
    dbapi, dialect = driver(session)  # begins the transaction (SQLite: BEGIN IMMEDIATE)
    pg = dialect.name == "postgresql"
    ws = actor.workstation
    heads = _heads(session)
    stored_at = _time_binder(dialect)(at)
    cursor = dbapi.cursor()
    sql, params = "", cast(tuple[Any, ...], ())
    try:
        head = heads.get(ws)
        if head is None:
            if pg:  # held to the transaction's end; see dialect.lock_workstation
                sql, params = _LOCK_SQL, (ws,)
                cursor.execute(sql, params)
            sql, params = _HEAD_SQL[pg], (ws,)
            cursor.execute(sql, params)
            found = cursor.fetchone()
            head = (found[0], found[1]) if found else (0, GENESIS_HASH)
        seq, prev = head[0] + 1, head[1]
        uid = new_uid()
        text = payload_text(payload)
        event = ChainedEvent(uid, ws, seq, at, actor.username, kind, report_uid, text, prev, "")
        digest = recompute(event)
        sql = _INSERT_SQL[pg]
        params = (uid, ws, seq, stored_at, actor.username, kind, report_uid, text, prev, digest)
        cursor.execute(sql, params)
        heads[ws] = (seq, digest)
    except dialect.loaded_dbapi.Error as exc:
        # The same exception types as Session.execute raises (IntegrityError, OperationalError…).
        raise DBAPIError.instance(
            sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect
        ) from exc
    finally:
        cursor.close()
    return ChainedEvent(uid, ws, seq, at, actor.username, kind, report_uid, text, prev, digest)


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
    return [verify_stored_chain(session, "audit_events", ws, check) for ws in workstations(session)]


def head(session: Session, workstation: str) -> tuple[int, str, str] | None:
    """(seq, hash, kind) of the workstation's last event, or None for an empty chain."""
    row = session.execute(
        select(E.seq, E.hash, E.kind)
        .where(E.workstation == workstation)
        .order_by(E.seq.desc())
        .limit(1)
    ).first()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None
