"""Database roles for the organisation's tables as migration 0010 grants them, on the real
server (the database is taken back to 0010 for the test, and then to head again).

People are added by supervisors only (a reviewer's login no longer inserts its own row);
policies are inserted by supervisors and never rewritten; settings are the supervisors'.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import ProgrammingError

from moderator.store import migrate
from moderator.store.db import make_engine, session_factory
from tests.conftest import truncate_all

pytestmark = pytest.mark.postgres

POLICY_ROW = (
    "INSERT INTO policies (policy_id, version, sha256, title, body, source, imported_by,"
    " imported_at) VALUES ('p', '{v}', '{h}', 't', 'b', 's', 'x', now())"
)


@pytest.fixture
def at_0010(pg_migrated: str) -> Iterator[str]:
    truncate_all(pg_migrated)
    engine = make_engine(pg_migrated)
    migrate.downgrade(engine, "0010")
    try:
        yield pg_migrated
    finally:
        migrate.upgrade(engine)  # leave the shared test database at head
        engine.dispose()


@pytest.fixture
def logins(at_0010: str) -> Iterator[dict[str, str]]:
    pg_migrated = at_0010
    tag = uuid.uuid4().hex[:8]
    names = {"alice": f"t_alice_{tag}", "sue": f"t_sue_{tag}"}
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


def test_people_policies_and_settings_are_supervision(
    pg_migrated: str, logins: dict[str, str]
) -> None:
    alice = engine_as(pg_migrated, logins["alice"])
    sue = engine_as(pg_migrated, logins["sue"])
    add_person = (
        "INSERT INTO reviewers (username, display_name, role, active, created_at)"
        " VALUES ('{n}', '', 'reviewer', true, now())"
    )
    add_setting = (
        "INSERT INTO org_settings (key, value, changed_by, changed_at)"
        " VALUES ('{k}', '1', 'x', now())"
    )
    for statement in (
        add_person.format(n="mallory"),
        POLICY_ROW.format(v="1", h="a" * 64),
        add_setting.format(k="name"),
    ):
        with (
            pytest.raises(ProgrammingError, match="permission denied"),
            session_factory(alice).begin() as s,
        ):
            s.execute(text(statement))
    with session_factory(sue).begin() as s:
        s.execute(text(add_person.format(n="bob")))
        s.execute(text(POLICY_ROW.format(v="1", h="b" * 64)))
        s.execute(text(add_setting.format(k="timezone")))
        s.execute(text("UPDATE org_settings SET value = '2'"))
    for statement in ("UPDATE policies SET body = 'x'", "DELETE FROM policies"):
        with (
            pytest.raises(ProgrammingError, match="permission denied"),
            session_factory(sue).begin() as s,
        ):
            s.execute(text(statement))
    with session_factory(alice).begin() as s:  # everyone reads them
        assert s.execute(text("SELECT count(*) FROM policies")).scalar_one() == 1
        assert s.execute(text("SELECT value FROM org_settings")).scalar_one() == "2"
    alice.dispose()
    sue.dispose()
