"""The server's clock is the database's, whatever the host's wall clock says."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from moderator.store.db import make_engine
from moderator.store.dbclock import DatabaseClock

pytestmark = pytest.mark.postgres


def test_the_database_clock_follows_postgres(pg_migrated: str) -> None:
    """It is PostgreSQL's clock_timestamp() carried on by the monotonic clock: the host's wall
    clock is never read, so a host 30 s fast changes nothing."""
    engine = make_engine(pg_migrated)
    try:
        clock = DatabaseClock(engine, resample=0.05)
        for _ in range(3):
            ours = clock.now()
            with engine.connect() as conn:
                theirs = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
            assert abs((theirs - ours).total_seconds()) < 0.5
            time.sleep(0.06)
        # Between samples it runs on the monotonic clock, forwards only.
        slow = DatabaseClock(engine, resample=60)
        first = slow.now()
        time.sleep(0.05)
        assert slow.now() - first >= timedelta(seconds=0.04)
    finally:
        engine.dispose()
