"""The decision feed's sequencer, on SQLite and PostgreSQL, and migration 0019's backfill.
(Concurrent transactions on PostgreSQL: tests/server/test_platform_feed_order.py.)"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from moderator.domain.ids import new_uid
from moderator.store import decision_feed, migrate
from moderator.store.db import make_engine
from moderator.store.models import Decision
from tests.helpers import seed

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def _decide(engine: Engine, n: int, first_round: int) -> list[int]:
    with Session(engine) as session, session.begin():
        report = session.scalar(text("SELECT min(id) FROM reports"))
        if report is None:
            qid = seed.queue(session, "q", NOW)
            report = seed.reports(session, qid, NOW, 1)[0]
        who = session.scalar(text("SELECT min(id) FROM reviewers"))
        if who is None:
            who = seed.reviewer(session, "ann", NOW).id
        rows = [
            Decision(
                uid=new_uid(),
                report_id=report,
                review_round=first_round + i,
                reviewer_id=who,
                policy_id="platform-generic",
                policy_version="1",
                policy_hash="a" * 64,
                outcome="violation",
                decided_at=NOW,
                workstation=new_uid(),
                lease_token=new_uid(),
            )
            for i in range(n)
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def _sequence(engine: Engine, want: int) -> int:
    """Run the sequencer until it has numbered `want` rows (another run's open transaction on
    the shared PostgreSQL cluster may hold numbering back for a moment)."""
    done, deadline = 0, time.monotonic() + 30
    while done < want and time.monotonic() < deadline:
        with Session(engine) as session, session.begin():
            done += decision_feed.sequence(session)
        if done < want:
            time.sleep(0.05)
    return done


def _numbers(engine: Engine) -> list[tuple[int, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT decision_id, seq FROM decision_feed ORDER BY seq"))
        return [(r[0], r[1]) for r in rows]


def test_the_sequencer_numbers_each_decision_once_and_continues(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        ids = _decide(engine, 3, 1)
        assert [seq for _, seq in _numbers(engine)] == [None, None, None]  # the trigger's rows
        assert _sequence(engine, 3) == 3
        assert _numbers(engine) == list(zip(ids, [1, 2, 3], strict=True))
        with Session(engine) as session, session.begin():
            assert decision_feed.sequence(session) == 0  # nothing left: nothing renumbered
        more = _decide(engine, 2, 10)
        assert _sequence(engine, 2) == 2
        assert _numbers(engine) == list(zip(ids + more, [1, 2, 3, 4, 5], strict=True))
    finally:
        engine.dispose()


def test_migration_0019_numbers_the_decisions_stored_before_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    try:
        migrate.upgrade(engine, "0018")
        before = _decide(engine, 3, 1)
        migrate.upgrade(engine)
        assert _numbers(engine) == list(zip(before, [1, 2, 3], strict=True))
        after = _decide(engine, 1, 5)
        assert _sequence(engine, 1) == 1
        assert _numbers(engine)[-1] == (after[0], 4)
        migrate.downgrade(engine, "0018")  # the trigger goes with the table
        _decide(engine, 1, 6)
    finally:
        engine.dispose()
