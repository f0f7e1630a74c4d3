from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from moderator.store import migrate
from moderator.store.base import Base
from moderator.store.db import make_engine
from moderator.store.models import Queue, Report
from tests.conftest import truncate_all
from tests.helpers import seed

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_there_is_a_single_head() -> None:
    assert len(migrate.heads()) == 1


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert tables == set(Base.metadata.tables)


def test_upgrade_and_downgrade_step_by_step_with_data(tmp_path: Path) -> None:
    """Walk every revision down to base and back up, with rows in place at the top."""
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    _walk(url)


@pytest.mark.postgres
def test_upgrade_and_downgrade_on_postgres(pg_migrated: str) -> None:
    truncate_all(pg_migrated)
    _walk(pg_migrated)
    engine = make_engine(pg_migrated)
    migrate.upgrade(engine)  # leave the shared test database at head
    engine.dispose()


def _walk(url: str) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():
        qid = seed.queue(session, "q", NOW)
        seed.reports(session, qid, NOW, 3)
    revisions = migrate.revisions()
    # Down one step at a time to base, then back up: each step must run with data present.
    for revision in revisions[1:]:
        migrate.downgrade(engine, revision)
        assert migrate.current(engine) == revision
    migrate.downgrade(engine, "base")
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    with Session(engine) as session, session.begin():
        qid = seed.queue(session, "q2", NOW)
        seed.reports(session, qid, NOW, 2)
        assert len(session.scalars(select(Report)).all()) == 2
        assert session.scalar(select(Queue.name)) == "q2"
    engine.dispose()


def test_0009_fills_in_the_cursor_hash_and_indexes_decide_events(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    migrate.upgrade(engine, "0007")
    event = (
        "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, report_uid, "
        "payload, prev_hash, hash) VALUES (:u, 'w', :s, '2026-11-21 09:00:00.000000', 'a', :k, "
        "NULL, '{}', :p, :h)"
    )
    with engine.begin() as conn:
        for seq, kind in ((1, "claim"), (2, "checkpoint"), (3, "decide")):
            conn.execute(
                text(event),
                {"u": f"e{seq}", "s": seq, "k": kind, "p": f"{seq - 1:064x}", "h": f"{seq:064x}"},
            )
        conn.execute(
            text(
                "INSERT INTO sync_cursors (target, workstation, acked_seq, acked_decision_id, "
                "updated_at) VALUES ('t', 'w', 3, 0, '2026-11-21 09:00:00.000000')"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        cursor = conn.execute(text("SELECT acked_hash, checkpoint_seq FROM sync_cursors")).one()
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT seq FROM audit_events WHERE workstation = 'w' "
                "AND kind = 'decide'"
            )
        ).all()
    assert tuple(cursor) == (f"{3:064x}", 2)
    assert "ix_audit_events_decide" in str(plan)
    migrate.downgrade(engine, "0007")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT acked_seq FROM sync_cursors")).scalar_one() == 3
    engine.dispose()
