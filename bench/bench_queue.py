"""Queue throughput: claim+decide cycles per second on PostgreSQL (16 workers) and SQLite (1).

Usage: python -m bench.bench_queue [--pg-url URL] [--reports N] [--workers N]
Each PostgreSQL worker is its own process with its own connection and workstation, as 16
reviewers' workstations would be. The figures are printed; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from moderator.domain.clock import SystemClock
from moderator.services.config import Profile
from moderator.services.review import ReviewService
from moderator.services.workspace import Workspace
from moderator.store import migrate
from moderator.store.db import make_engine
from moderator.store.models import Decision
from moderator.store.queue import DecisionInput, ReviewerRef
from tests.helpers import seed

DECISION = DecisionInput("platform-generic", "1", "c" * 64, "violation", {"q": "yes"})


def populate(url: str, reports: int, reviewers: int) -> list[ReviewerRef]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        qid = seed.queue(s, "bench", now)
        people = [seed.reviewer(s, f"b{i:02d}", now) for i in range(reviewers)]
        for start in range(0, reports, 10_000):
            seed.reports(s, qid, now, min(10_000, reports - start), prefix=f"B{start}")
    engine.dispose()
    return people


def service(url: str, who: ReviewerRef, pool_size: int = 1) -> ReviewService:
    """The reviewer's service as the workstation uses it: one transaction per call."""
    profile = Profile("bench", url, tempfile.gettempdir())
    workspace = Workspace(profile, make_engine(url, pool_size=pool_size), f"ws-{who.username}")
    return ReviewService(workspace, who)


def cycle_until_empty(svc: ReviewService) -> int:
    done = 0
    while (lease := svc.claim()) is not None:
        svc.decide(lease, DECISION)
        done += 1
    return done


def work(url: str, who: ReviewerRef, start_at: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    svc = service(url, who)
    svc.workspace.engine.connect().close()  # connect before the clock starts
    while time.time() < start_at:
        time.sleep(0.001)
    done = cycle_until_empty(svc)
    out.put((done, time.time()))
    svc.workspace.close()


def run_parallel(url: str, reports: int, workers: int) -> float:
    people = populate(url, reports, workers)
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    start_at = time.time() + 3.0  # let every process connect before the clock starts
    procs = [ctx.Process(target=work, args=(url, p, start_at, out)) for p in people]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    total = sum(d for d, _ in results)
    elapsed = max(t for _, t in results) - start_at
    engine = make_engine(url)
    with Session(engine) as s:
        stored = s.scalar(select(func.count()).select_from(Decision))
    engine.dispose()
    assert total == reports == stored, (total, reports, stored)
    return total / elapsed


def bench_postgres(admin_url: str, reports: int, workers: int) -> float:
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = f"moderator_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        return run_parallel(url, reports, workers)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_sqlite(reports: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        who = populate(url, reports, 1)[0]
        svc = service(url, who)
        started = time.perf_counter()
        done = cycle_until_empty(svc)
        elapsed = time.perf_counter() - started
        svc.workspace.close()
    assert done == reports
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--reports", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    sqlite_rate = bench_sqlite(args.reports)
    print(f"SQLite, 1 workstation:       {sqlite_rate:8.0f} claim+decide cycles/s (target >= 2000)")
    if not args.skip_pg:
        pg_rate = bench_postgres(args.pg_url, args.reports, args.workers)
        print(
            f"PostgreSQL, {args.workers} processes:    {pg_rate:8.0f} claim+decide cycles/s "
            f"(target >= 1000)"
        )


if __name__ == "__main__":
    main()
