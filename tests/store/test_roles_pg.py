"""Database roles on the real server (migrations 0007 and 0013).

Since 0013 a reviewer holds no database login that opens anything: in team mode the desktop
talks to the team server (`moderator serve`), whose own login (moderator_server) is tested in
tests/server/test_tls_process.py. Supervisors keep their role for the supervision tools.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import ProgrammingError

from moderator.store import migrate, queue
from moderator.store.db import make_engine, session_factory
from moderator.store.journal import Actor
from moderator.store.keys import load_keys, register_key
from moderator.store.queue import DecisionInput
from tests.conftest import truncate_all
from tests.helpers import seed
from tests.helpers.clock import FakeClock

pytestmark = pytest.mark.postgres
DECISION = DecisionInput("platform-generic", "1", "a" * 64, "violation", {"q1": "yes"})


@pytest.fixture
def logins(pg_migrated: str) -> Iterator[dict[str, str]]:
    """Two reviewer logins and a supervisor login (cluster-wide roles, dropped afterwards)."""
    truncate_all(pg_migrated)
    tag = uuid.uuid4().hex[:8]
    names = {
        "alice": f"t_alice_{tag}",
        "bob": f"t_bob_{tag}",
        "sue": f"t_sue_{tag}",
    }
    admin = make_engine(pg_migrated)
    with admin.begin() as conn:
        for who, name in names.items():
            group = "moderator_supervisor" if who == "sue" else "moderator_reviewer"
            conn.execute(text(f"CREATE ROLE {name} LOGIN IN ROLE {group}"))
    yield names
    with admin.begin() as conn:
        for name in names.values():
            conn.execute(text(f"DROP OWNED BY {name}"))
            conn.execute(text(f"DROP ROLE {name}"))
    admin.dispose()


def engine_as(url: str, role: str) -> Engine:
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _set_role(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET ROLE {role}")
        dbapi_conn.commit()

    return engine


def test_a_reviewer_login_opens_nothing_since_0013(
    pg_migrated: str, logins: dict[str, str]
) -> None:
    clock = FakeClock()
    admin = make_engine(pg_migrated)
    with session_factory(admin).begin() as s:
        qid = seed.queue(s, "general", clock.now())
        who = seed.reviewer(s, "alice", clock.now())
        seed.reports(s, qid, clock.now(), 1)
    alice = engine_as(pg_migrated, logins["alice"])
    sessions = session_factory(alice)
    with pytest.raises(ProgrammingError, match="permission denied"), sessions.begin() as s:
        queue.claim(s, who, Actor("alice", "ws-alice"), clock.now())
    for statement in (
        "SELECT * FROM reports",
        "SELECT expected_outcome FROM gold_items",
        "SELECT * FROM wellbeing_checkins",
        "SELECT * FROM audit_events",
        "INSERT INTO workstation_keys VALUES ('ws-x', 'ed25519', 'cc', 'x', current_user, now())",
        "UPDATE sync_cursors SET acked_seq = 0",
        "LOCK TABLE reports IN ACCESS EXCLUSIVE MODE",
    ):
        with pytest.raises(ProgrammingError, match="permission denied"), sessions.begin() as s:
            s.execute(text(statement))
    alice.dispose()
    # Going back to 0007 gives the reviewer role its old privileges again, and forward takes
    # them away again.
    migrate.downgrade(admin, "0007")
    try:
        # (Today's claim needs today's tables: the old privileges are checked by SQL.)
        alice = engine_as(pg_migrated, logins["alice"])
        with session_factory(alice).begin() as s:
            assert s.scalar(text("SELECT count(*) FROM reports")) == 1
            s.execute(text("UPDATE reports SET claimed_by = NULL WHERE false"))
        alice.dispose()
    finally:
        migrate.upgrade(admin)
        admin.dispose()


def test_a_supervisor_reads_every_key_writes_supervision_and_never_the_record(
    pg_migrated: str, logins: dict[str, str]
) -> None:
    now = FakeClock().now()
    admin = make_engine(pg_migrated)
    with session_factory(admin).begin() as s:  # keys are registered by the server now
        for who in ("alice", "bob"):
            register_key(s, f"ws-{who}", who[0] * 64, who, now)
    admin.dispose()
    sue = engine_as(pg_migrated, logins["sue"])
    with session_factory(sue).begin() as s:
        assert load_keys(s) == {"ws-alice": "a" * 64, "ws-bob": "b" * 64}
        s.execute(text("UPDATE training_courses SET title = title"))  # supervision writes
    for statement in (
        "DELETE FROM audit_events",
        "UPDATE decisions SET outcome = 'x'",
        "DELETE FROM central_events",
        "UPDATE api_tokens SET revoked_at = NULL",
        "INSERT INTO workstation_registrations VALUES ('w', 1, 'k', 'c', '', now(), NULL)",
    ):
        with (
            pytest.raises(ProgrammingError, match="permission denied"),
            session_factory(sue).begin() as s,
        ):
            s.execute(text(statement))
    sue.dispose()
