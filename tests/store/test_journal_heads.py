"""The journal reads a chain's head once per transaction: events after the first follow from the
last one written, savepoints rolled back or released included, and the chain still verifies."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from moderator.domain.audit import EventKind
from moderator.domain.errors import DatabaseUnavailable
from moderator.services.config import Profile
from moderator.services.workspace import Workspace
from moderator.store import db as db_module
from moderator.store import journal, migrate
from moderator.store.db import make_engine
from tests.store.conftest import Db


def _seqs(db: Db, ws: str) -> list[int]:
    with db.tx() as s:
        return list(
            s.execute(
                text("SELECT seq FROM audit_events WHERE workstation = :ws ORDER BY seq"),
                {"ws": ws},
            ).scalars()
        )


def test_many_events_in_one_transaction_chain_and_verify(db: Db) -> None:
    now = db.clock.now()
    a, b = db.actor("alice", "ws-a"), db.actor("bob", "ws-b")
    with db.tx() as s:
        for _ in range(5):
            journal.append(s, a, EventKind.CLAIM, now)
            journal.append(s, b, EventKind.CLAIM, now)
    with db.tx() as s:  # a later transaction continues from the stored head
        last = journal.append(s, a, EventKind.RELEASE, now)
    assert last.seq == 6
    assert _seqs(db, "ws-a") == [1, 2, 3, 4, 5, 6]
    with db.tx() as s:
        reports = journal.verify(s)
    assert [r.ok for r in reports] == [True, True]


def test_savepoint_rolled_back_takes_its_events_and_the_head_is_read_again(db: Db) -> None:
    now = db.clock.now()
    a = db.actor("alice", "ws-a")
    with db.tx() as s:
        journal.append(s, a, EventKind.CLAIM, now)
        savepoint = s.begin_nested()
        journal.append(s, a, EventKind.CLAIM, now)
        savepoint.rollback()
        assert journal.append(s, a, EventKind.RELEASE, now).seq == 2
        with s.begin_nested():  # released: its event stays and the outer one follows it
            assert journal.append(s, a, EventKind.CLAIM, now).seq == 3
        assert journal.append(s, a, EventKind.RELEASE, now).seq == 4
    assert _seqs(db, "ws-a") == [1, 2, 3, 4]
    with db.tx() as s:
        assert journal.verify(s)[0].ok


def test_a_rolled_back_transaction_leaves_no_head_behind(db: Db) -> None:
    now = db.clock.now()
    a = db.actor("alice", "ws-a")
    session = db.sessions()
    with session.begin():
        journal.append(session, a, EventKind.CLAIM, now)
    session.begin()
    journal.append(session, a, EventKind.CLAIM, now)
    session.rollback()
    with session.begin():  # the same session: the cached head of the lost event is not used
        assert journal.append(session, a, EventKind.RELEASE, now).seq == 2
    session.close()
    assert _seqs(db, "ws-a") == [1, 2]


def test_a_locked_sqlite_workspace_is_database_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEGIN IMMEDIATE runs on the driver itself; its "database is locked" is still the
    environment's problem, told in one line."""
    monkeypatch.setattr(db_module, "SQLITE_BUSY_MS", 50)
    url = f"sqlite:///{tmp_path / 'ws.sqlite'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    ws = Workspace(Profile("t", url, str(tmp_path)), engine, "ws-a")
    other = sqlite3.connect(tmp_path / "ws.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseUnavailable, match="busy"), ws.transaction() as s:
            journal.append(s, ws.actor("alice"), EventKind.CLAIM, datetime.now(UTC))
    finally:
        other.execute("ROLLBACK")
        other.close()
    with ws.transaction() as s:  # free again
        assert journal.append(s, ws.actor("alice"), EventKind.CLAIM, datetime.now(UTC)).seq == 1
    ws.close()
