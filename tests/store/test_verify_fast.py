"""The fast verification path over stored chains gives exactly the detailed path's report.

Chains of hostile events (quotes, backslashes, control characters, non-ASCII, U+2028, years
the database cannot spell like Python, microsecond 0, signed checkpoints) are written to both
tables on both engines; the fast path (`verify_stored_chain`) must accept them, spell every
timestamp as `format_time` does, and report every kind of tampering exactly as `verify_chain`
over the full events does.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Table, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    ChainReport,
    Checkpoint,
    EventKind,
    checkpoint_message,
    format_time,
    payload_text,
    reference_hash,
    verify_chain,
)
from moderator.services.signing import public_hex
from moderator.store import journal
from moderator.store.chains import _FAST_PAGE, iter_stored_chain, verify_stored_chain
from moderator.store.keys import load_keys, register_key, signature_checker
from moderator.store.models import AuditEvent
from moderator.store.models_central import CentralEvent
from tests.store.conftest import Db

WS = "ws-\"q\\'é"
TABLES = {"audit_events": AuditEvent.__table__, "central_events": CentralEvent.__table__}
HOSTILE = "ab\\\"/\n\t\r\b\f\x01\x1f\x7f\u2028\u2029é한😀 {}:,'%?"
ODD_TIMES = [
    datetime(5, 1, 1, 0, 0, 0, 5, tzinfo=UTC),  # Python writes year 5 as '5'
    datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(1000, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 3, 4, 5, tzinfo=UTC),  # microsecond 0
]


def hostile(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(HOSTILE) for _ in range(rng.randint(0, n)))


def build_chain(rng: random.Random, n: int, key: Ed25519PrivateKey) -> list[ChainedEvent]:
    """A valid chain of n hostile events with a signed checkpoint every 9th."""
    events: list[ChainedEvent] = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        if seq <= len(ODD_TIMES):
            at = ODD_TIMES[seq - 1]
        else:
            at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(
                microseconds=rng.randint(0, 10**14) // rng.choice((1, 1_000_000))
            )
        if seq % 9 == 0:
            sig = key.sign(checkpoint_message(WS, seq - 1, prev)).hex()
            kind, report = EventKind.CHECKPOINT.value, None
            payload = payload_text(Checkpoint(seq - 1, prev, public_hex(key), sig).payload())
        else:
            kind = hostile(rng, 30) or "claim"
            report = None if rng.random() < 0.3 else hostile(rng, 36)
            payload = payload_text({"note": hostile(rng, 80), "n": rng.randint(-5, 5)})
        uid = f"{seq:04d}-" + hostile(rng, 30)
        event = ChainedEvent(uid, WS, seq, at, hostile(rng, 100), kind, report, payload, prev, "")
        digest = reference_hash(event)
        events.append(
            ChainedEvent(uid, WS, seq, at, event.actor, kind, report, payload, prev, digest)
        )
        prev = digest
    return events


def store(session: Session, table: str, events: list[ChainedEvent]) -> None:
    rows = [
        {
            "uid": e.uid,
            "workstation": e.workstation,
            "seq": e.seq,
            "occurred_at": e.occurred_at,
            "actor": e.actor,
            "kind": e.kind,
            "report_uid": e.report_uid,
            "payload": e.payload,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in events
    ]
    if table == "central_events":
        for row in rows:
            row["received_at"] = datetime(2026, 1, 1, tzinfo=UTC)
    target = TABLES[table]
    assert isinstance(target, Table)
    session.execute(insert(target), rows)


def detailed(session: Session, table: str) -> ChainReport:
    check = signature_checker(load_keys(session))
    return verify_chain(WS, iter_stored_chain(session, table, WS, batch=7), check)


@pytest.fixture
def chain(db: Db) -> Callable[[str], list[ChainedEvent]]:
    """Store a hostile 40-event chain in a table, its key registered; returns the events."""

    def make(table: str) -> list[ChainedEvent]:
        rng = random.Random(table)
        key = Ed25519PrivateKey.generate()
        events = build_chain(rng, 40, key)
        if db.engine.dialect.name == "postgresql":  # PostgreSQL text cannot hold NUL
            assert all("\x00" not in e.payload for e in events)
        with db.tx() as s:
            register_key(s, WS, public_hex(key), "alice", datetime(2026, 1, 1, tzinfo=UTC))
            store(s, table, events)
        return events

    return make


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_database_spells_times_as_format_time(
    db: Db, chain: Callable[[str], list[ChainedEvent]], table: str
) -> None:
    events = chain(table)
    with db.tx() as s:
        conn = s.connection()
        rows = conn.exec_driver_sql(
            _FAST_PAGE[table, conn.dialect.name == "postgresql"], (WS, 0, 1000)
        ).all()
    assert len(rows) == len(events)
    for row, event in zip(rows, events, strict=True):
        year = event.occurred_at.year
        want = format_time(event.occurred_at) if 1000 <= year <= 9999 else ""
        assert row[2] == want, (event.seq, event.occurred_at)
        assert row[0] == event.seq


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize("batch", [5, 20_000])
def test_fast_path_accepts_a_hostile_valid_chain(
    db: Db, chain: Callable[[str], list[ChainedEvent]], table: str, batch: int
) -> None:
    events = chain(table)
    with db.tx() as s:
        check = signature_checker(load_keys(s))
        fast = verify_stored_chain(s, table, WS, check, batch=batch)
        slow = detailed(s, table)
    assert fast.ok, fast.problem
    assert fast == slow
    assert (fast.events, fast.head_seq, fast.head_hash) == (40, 40, events[-1].hash)
    assert fast.checkpoint_seq == 35


def _edit_payload(conn: Session, table: str) -> int:
    conn.execute(text(f"UPDATE {table} SET payload = :p WHERE seq = 13"), {"p": '{"n":9}'})
    return 13


def _edit_old_time(conn: Session, table: str) -> int:
    # a row whose year the database cannot spell: the fast path rereads it, still finds the edit
    conn.execute(
        text(f"UPDATE {table} SET occurred_at = :t WHERE seq = 1"),
        {"t": datetime(5, 1, 1, 0, 0, 0, 6)},
    )
    return 1


def _edit_time_by_a_microsecond(conn: Session, table: str) -> int:
    conn.execute(
        text(f"UPDATE {table} SET occurred_at = :t WHERE seq = 7"),
        {"t": datetime(2026, 11, 1, 3, 4, 5, 1)},
    )
    return 7


def _delete_middle(conn: Session, table: str) -> int:
    conn.execute(text(f"DELETE FROM {table} WHERE seq IN (20, 21)"))
    return 22


def _delete_more_than_a_page(conn: Session, table: str) -> int:
    conn.execute(text(f"DELETE FROM {table} WHERE seq BETWEEN 10 AND 25"))  # pages are 6
    return 26


def _bad_link(conn: Session, table: str) -> int:
    conn.execute(text(f"UPDATE {table} SET prev_hash = :h WHERE seq = 30"), {"h": "f" * 64})
    return 30


def _bad_signature(conn: Session, table: str) -> int:
    payload = conn.execute(text(f"SELECT payload FROM {table} WHERE seq = 27")).scalar_one()
    forged = payload.replace('"sig":"', '"sig":"00', 1)[:-3] + '"}'
    conn.execute(text(f"UPDATE {table} SET payload = :p WHERE seq = 27"), {"p": forged})
    return 27


def _swap_kind_to_checkpoint(conn: Session, table: str) -> int:
    conn.execute(text(f"UPDATE {table} SET kind = 'checkpoint' WHERE seq = 4"))
    return 4


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize(
    "tamper",
    [
        _edit_payload,
        _edit_old_time,
        _edit_time_by_a_microsecond,
        _delete_middle,
        _delete_more_than_a_page,
        _bad_link,
        _bad_signature,
        _swap_kind_to_checkpoint,
    ],
)
def test_tampering_is_reported_exactly_as_the_detailed_path_reports_it(
    db: Db,
    chain: Callable[[str], list[ChainedEvent]],
    table: str,
    tamper: Callable[[Session, str], int],
) -> None:
    chain(table)
    with db.tx() as s:
        bad_seq = tamper(s, table)
    with db.tx() as s:
        check = signature_checker(load_keys(s))
        fast = verify_stored_chain(s, table, WS, check, batch=6)
        slow = detailed(s, table)
    assert fast.problem is not None
    assert fast.problem.seq == bad_seq
    assert fast == slow


def test_journal_verify_uses_the_fast_path_on_appended_events(db: Db) -> None:
    actor = db.actor("o'brien \\ \u2028", "ws-1")
    with db.tx() as s:
        for i in range(30):
            at = datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(seconds=i)
            journal.append(s, actor, "view", at, payload={"i": i, "t": HOSTILE})
    with db.tx() as s:
        (report,) = journal.verify(s)
        assert report.ok
        assert report.events == 30
        s.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 17"))
    with db.tx() as s:
        (report,) = journal.verify(s)
        slow = verify_chain("ws-1", iter_stored_chain(s, "audit_events", "ws-1"))
    assert report.problem is not None
    assert report.problem.seq == 17
    assert report == slow


def test_an_impossible_date_is_never_taken_on_trust(db: Db) -> None:
    """SQLite holds whatever text it is given: a last event dated 30 February, hashed over the
    text the fast path would build, must not pass (the detailed path cannot even read it)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL timestamps are always valid dates")
    actor = db.actor("alice", WS)
    with db.tx() as s:
        head = journal.append(s, actor, "view", datetime(2026, 2, 1, tzinfo=UTC))
    at = "2026-02-30T00:00:00.000000Z"
    body = (
        f'{{"actor":"mallory","at":"{at}","id":"x","kind":"view","payload":"{{}}",'
        f'"prev":"{head.hash}","report":null,"seq":2,"ws":{json.dumps(WS, ensure_ascii=False)}}}'
    )
    forged = hashlib.sha256(body.encode()).hexdigest()
    with db.tx() as s:
        s.execute(
            text(
                "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, "
                "payload, prev_hash, hash) VALUES ('x', :ws, 2, '2026-02-30 00:00:00.000000', "
                "'mallory', 'view', '{}', :prev, :hash)"
            ),
            {"ws": WS, "prev": head.hash, "hash": forged},
        )
    with db.tx() as s, pytest.raises(ValueError, match="day is out of range"):
        journal.verify(s)


def test_append_through_the_driver_keeps_the_unique_backstop(db: Db) -> None:
    """A chain whose head hash is already claimed as a predecessor: the insert must fail with
    SQLAlchemy's IntegrityError (as Session.execute raised it), not fork the chain."""
    actor = db.actor("alice", "ws-1")
    at = datetime(2026, 11, 1, tzinfo=UTC)
    with db.tx() as s:
        first = journal.append(s, actor, "view", at)
        second = journal.append(s, actor, "view", at)
        s.execute(
            text(
                "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, "
                "payload, prev_hash, hash) VALUES ('forged', 'ws-1', 3, :at, 'x', 'view', '{}', "
                ":prev, :hash)"
            ),
            {"at": datetime(2026, 11, 1), "prev": second.hash, "hash": second.hash},
        )
    assert first.seq == 1
    with db.tx() as s, pytest.raises(IntegrityError):
        journal.append(s, actor, "view", at)
    with db.tx() as s:
        assert journal.head(s, "ws-1") == (3, second.hash, "view")
