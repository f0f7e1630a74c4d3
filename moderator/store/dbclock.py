"""The database's clock, for everything a team server times (leases, grace periods, audit).

Reading `clock_timestamp()` on every call would cost a round trip each; instead the clock is
sampled now and then and carried forward with the host's monotonic clock, which a wrong or
jumping wall clock on the host cannot disturb. Several server processes on several hosts then
agree with each other (and with PostgreSQL's `now()`) to within a round trip.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, text

from moderator.domain.clock import utc

RESAMPLE_SECONDS = 10.0


class DatabaseClock:
    """`now()` in the database's time, resampled every `resample` seconds."""

    def __init__(self, engine: Engine, resample: float = RESAMPLE_SECONDS) -> None:
        self._engine = engine
        self._resample = resample
        self._lock = threading.Lock()
        self._base: datetime | None = None
        self._mono = 0.0

    def _sample(self) -> tuple[datetime, float]:
        dialect = self._engine.dialect.name
        query = "SELECT clock_timestamp()" if dialect == "postgresql" else None
        before = time.monotonic()
        if query is None:  # SQLite has no server: its clock is this host's
            return datetime.now(UTC), before
        with self._engine.connect() as conn:
            value = conn.execute(text(query)).scalar_one()
        after = time.monotonic()
        assert isinstance(value, datetime)
        # The reading was taken somewhere in the round trip: assume its middle.
        return utc(value), (before + after) / 2

    def now(self) -> datetime:
        mono = time.monotonic()
        with self._lock:
            base, at = self._base, self._mono
        if base is None or mono - at >= self._resample:
            base, at = self._sample()
            with self._lock:
                self._base, self._mono = base, at
            mono = time.monotonic()
        return base + timedelta(seconds=mono - at)
