"""`queue status` at growing queue sizes: the kept counts against the scan they replace.

Usage: python -m bench.bench_status [--sizes 10000,100000,1000000] [--repeat N] [--pg-url URL]
                                    [--pg-max N]

A SQLite workspace (and a fresh PostgreSQL database, up to --pg-max reports) is filled with
reports in 3 queues and mixed states by one INSERT ... SELECT (the triggers count every row,
as they do at ingest), then decided/claimed in part. At each size: the store's
`counts_by_queue_and_state` (the first call folds what ingest appended; the figure is the
median of the calls after it, with 200 claims' worth of unfolded rows in place) next to the
floor it replaces, a GROUP BY over `reports`, in the same run. Medians of --repeat and
`uptime`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bench.bench_audit import fresh_pg
from moderator.domain.clock import SystemClock
from moderator.store import migrate
from moderator.store.db import make_engine
from moderator.store.reports import counts_by_queue_and_state
from tests.helpers import seed

SCAN = "SELECT queue_id, state, count(*) FROM reports GROUP BY queue_id, state"
FILL = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM n "
    "WHERE i < {stop}) ",
    "postgresql": "WITH n(i) AS (SELECT generate_series({start}, {stop})) ",
}
ROWS = (
    "INSERT INTO reports (uid, source, external_ref, queue_id, channel, received_at, sla_due, "
    "reported_category, reporter_text, url, platform, priority, state, review_round, "
    "ingested_at) SELECT 'u' || i, 'bench', 'r' || i, {q0} + i % 3, '', {now}, {now}, '', '', "
    "'', '', 3, CASE WHEN i % 10 < 7 THEN 'decided' ELSE 'queued' END, 1, {now} FROM n"
)


def fill(engine: Engine, start: int, stop: int, queues: list[int]) -> None:
    dialect = engine.dialect.name
    now = "CURRENT_TIMESTAMP" if dialect == "sqlite" else "now()"
    sql = FILL[dialect].format(start=start, stop=stop) + ROWS.format(q0=queues[0], now=now)
    with engine.begin() as conn:
        conn.execute(text(sql))
        conn.execute(text("ANALYZE"))


def churn(engine: Engine, n: int) -> None:
    """n claims' worth of state changes, left unfolded."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE reports SET state = 'claimed', claimed_by = 1, lease_token = 't' || id, "
                "lease_expires_at = received_at "
                f"WHERE id IN (SELECT id FROM reports WHERE state = 'queued' LIMIT {n})"
            )
        )


def timed(engine: Engine, work: Callable[[Session], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        with Session(engine) as s, s.begin():
            started = time.perf_counter()
            work(s)
            times.append((time.perf_counter() - started) * 1000)
    return times


def run(engine: Engine, sizes: list[int], repeat: int, title: str) -> None:
    migrate.upgrade(engine)
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        queues = [seed.queue(s, f"q{i}", now) for i in range(3)]
        seed.reviewer(s, "b", now)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{title}: queue status, ms (medians of {repeat}), {load}")
    done = 0
    for size in sizes:
        started = time.perf_counter()
        fill(engine, done + 1, size, queues)
        filled = time.perf_counter() - started
        done = size
        first = timed(engine, counts_by_queue_and_state, 1)[0]  # folds what ingest appended
        churn(engine, 200)
        kept = timed(engine, counts_by_queue_and_state, repeat)
        scan = timed(engine, lambda s: s.execute(text(SCAN)).all(), repeat)
        ratio = statistics.median(scan) / statistics.median(kept)
        print(
            f"  {size:>9,} reports: kept counts {statistics.median(kept):7.2f} "
            f"(min {min(kept):.2f} .. max {max(kept):.2f}); scan {statistics.median(scan):8.2f} "
            f"(min {min(scan):.2f} .. max {max(scan):.2f}); scan/kept {ratio:6.1f}x; "
            f"first call after the fill {first:.1f} ms; fill {filled:.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--pg-max", type=int, default=100_000)
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'status.sqlite'}")
        run(engine, sizes, args.repeat, "SQLite")
        engine.dispose()
    if not args.skip_pg:
        with fresh_pg(args.pg_url) as url:
            engine = make_engine(url)
            run(engine, [s for s in sizes if s <= args.pg_max], args.repeat, "PostgreSQL")
            engine.dispose()


if __name__ == "__main__":
    main()
