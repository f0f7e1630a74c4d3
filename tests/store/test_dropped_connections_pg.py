"""Pooled PostgreSQL connections without a pre-ping: a connection the server closed while it
sat in the pool is replaced unseen; one that dies during a transaction gives
DatabaseUnavailable, and the next transaction works again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from moderator.domain.errors import DatabaseUnavailable
from moderator.services.config import Profile
from moderator.services.workspace import Workspace
from moderator.store.db import make_engine

pytestmark = pytest.mark.postgres


def _terminate(admin: Engine, pid: int) -> None:
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar_one()
        conn.commit()


@pytest.fixture
def workspace(pg_migrated: str, tmp_path: object) -> Iterator[Workspace]:
    ws = Workspace(Profile("t", pg_migrated, str(tmp_path)), make_engine(pg_migrated), "ws-d")
    yield ws
    ws.close()


@pytest.fixture
def admin(pg_migrated: str) -> Iterator[Engine]:
    engine = make_engine(pg_migrated)
    yield engine
    engine.dispose()


def _pid(ws: Workspace) -> int:
    with ws.transaction() as s:
        return int(s.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_jit_is_off_for_the_sessions(workspace: Workspace) -> None:
    with workspace.transaction() as s:
        assert s.execute(text("SHOW jit")).scalar_one() == "off"


def test_a_connection_closed_in_the_pool_is_replaced_without_an_error(
    workspace: Workspace, admin: Engine
) -> None:
    before = _pid(workspace)  # back in the pool, idle
    _terminate(admin, before)
    assert _pid(workspace) != before  # no DatabaseUnavailable: the dropped one was noticed


def test_a_connection_dying_mid_transaction_is_database_unavailable_then_recovers(
    workspace: Workspace, admin: Engine
) -> None:
    def die_mid_transaction() -> None:
        with workspace.transaction() as s:
            _terminate(admin, int(s.execute(text("SELECT pg_backend_pid()")).scalar_one()))
            s.execute(text("SELECT 1"))

    with pytest.raises(DatabaseUnavailable, match="try again|cannot be reached|lost"):
        die_mid_transaction()
    assert _pid(workspace) > 0  # the next transaction works, on a fresh connection
