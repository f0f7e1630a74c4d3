"""Database roles on the real server: what a reviewer may and may not do (migration 0007)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import ProgrammingError

from moderator.store import journal, queue
from moderator.store.central import insert_events
from moderator.store.db import make_engine, session_factory
from moderator.store.journal import Actor
from moderator.store.keys import load_keys, register_key
from moderator.store.models_central import CentralEvent
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


def test_a_reviewer_works_the_queue_but_cannot_rewrite_history(
    pg_migrated: str, logins: dict[str, str]
) -> None:
    clock = FakeClock()
    admin = make_engine(pg_migrated)
    with session_factory(admin).begin() as s:
        qid = seed.queue(s, "general", clock.now())
        who = seed.reviewer(s, "alice", clock.now())
        seed.reports(s, qid, clock.now(), 2)
    admin.dispose()

    alice = engine_as(pg_migrated, logins["alice"])
    sessions = session_factory(alice)
    actor = Actor("alice", "ws-alice")
    # Allowed: claim, decide, skip, append, register a key, sync insert.
    with sessions.begin() as s:
        lease = queue.claim(s, who, actor, clock.now())
        assert lease is not None
        queue.decide(s, lease, who, actor, clock.now(), DECISION)
    with sessions.begin() as s:
        lease = queue.claim(s, who, actor, clock.now())
        assert lease is not None
        queue.skip(s, lease, who, actor, clock.now(), reason="later")
    with sessions.begin() as s:
        assert register_key(s, "ws-alice", "ab" * 32, "alice", clock.now())
        events = list(journal.iter_chain(s, "ws-alice"))
        insert_events(
            s,
            [
                {
                    **{f: getattr(e, f) for f in e.__slots__},
                    "outcome": None,
                    "policy_id": None,
                    "received_at": clock.now(),
                }
                for e in events
            ],
        )
        assert s.scalar(select(func.count()).select_from(CentralEvent)) == len(events)
    # Forbidden: rewriting or removing audit events and decisions, local or central.
    for statement in (
        "UPDATE audit_events SET payload = '{}'",
        "DELETE FROM audit_events",
        "UPDATE decisions SET outcome = 'no_violation'",
        "DELETE FROM decisions",
        "UPDATE central_events SET payload = '{}'",
        "DELETE FROM central_events",
        "UPDATE central_decisions SET outcome = 'x'",
        "DELETE FROM central_decisions",
        "UPDATE workstation_keys SET public_key = 'x'",  # no UPDATE grant at all
        # Nor grant themselves what supervisors decide: training, gold items, adjudications,
        # QA settings, wellbeing profiles, queues.
        "INSERT INTO training_records (reviewer_id, course_code, completed_at, expires_at,"
        " evidence, source) VALUES (1, 'X', now(), now() + interval '1 year', '', '')",
        "UPDATE training_records SET expires_at = expires_at + interval '1 year'",
        "INSERT INTO training_courses (code, title, validity_days, categories)"
        " VALUES ('X', 'x', 1, '[]')",
        "DELETE FROM wellbeing_profiles",
        "UPDATE qa_settings SET gold_rate = 0",
        "DELETE FROM gold_items",
        "DELETE FROM adjudications",
        "UPDATE queues SET min_role = 'reviewer'",
    ):
        with pytest.raises(ProgrammingError, match="permission denied"), sessions.begin() as s:
            s.execute(text(statement))
    alice.dispose()


def test_a_reviewer_cannot_read_other_workstations_keys_a_supervisor_can(
    pg_migrated: str, logins: dict[str, str]
) -> None:
    now = FakeClock().now()
    for who in ("alice", "bob"):
        engine = engine_as(pg_migrated, logins[who])
        with session_factory(engine).begin() as s:
            register_key(s, f"ws-{who}", who[0] * 64, who, now)
        engine.dispose()
    alice = engine_as(pg_migrated, logins["alice"])
    with session_factory(alice).begin() as s:
        assert load_keys(s) == {"ws-alice": "a" * 64}
        # Nor may a reviewer insert a key row in someone else's name.
        with pytest.raises(ProgrammingError, match="row-level security"):
            s.execute(
                text(
                    "INSERT INTO workstation_keys VALUES "
                    "('ws-x', 'ed25519', 'cc', 'x', 'someone_else', now())"
                )
            )
    alice.dispose()
    sue = engine_as(pg_migrated, logins["sue"])
    with session_factory(sue).begin() as s:
        assert load_keys(s) == {"ws-alice": "a" * 64, "ws-bob": "b" * 64}
        s.execute(text("UPDATE training_courses SET title = title"))  # supervision writes
    with (
        pytest.raises(ProgrammingError, match="permission denied"),
        session_factory(sue).begin() as s,
    ):
        s.execute(text("DELETE FROM audit_events"))
    sue.dispose()
