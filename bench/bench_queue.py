"""Queue throughput: claim+decide cycles per second, next to the bare driver doing the same work.

Usage: python -m bench.bench_queue [--pg-url URL] [--reports N] [--workers N] [--repeat N]
                                   [--skip-pg] [--skip-sqlite]

Three ways through the same cycle, each on a freshly populated and ANALYZEd database:
- `claim+decide`: ReviewService.claim then ReviewService.decide, two transactions (today's
  window and server path);
- `decide+claim-next`: ReviewService.decide_and_claim, one transaction per cycle;
- `bare driver`: the floor. The same statements (the claim's own SQL, the decision insert, the
  audit head read under the workstation's lock and two chained inserts) on sqlite3/psycopg
  directly, one transaction per cycle, no SQLAlchemy.
PostgreSQL runs `--workers` processes (one connection and workstation each, as that many
reviewers' desks), started together behind a barrier once connected. SQLite runs one client.
Medians (and min..max) of `--repeat` runs and the machine's load (`uptime`) are printed; the
ratio is the path's rate over the floor's. Nothing is asserted here.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import statistics
import subprocess
import tempfile
import time
import uuid
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.clock import SystemClock
from moderator.services.config import Profile
from moderator.services.review import ReviewService
from moderator.services.workspace import Workspace
from moderator.store import journal, migrate
from moderator.store.db import make_engine
from moderator.store.journal import Actor
from moderator.store.models import Decision
from moderator.store.queue import DecisionInput, ReviewerRef
from tests.helpers import seed

DECISION = DecisionInput("platform-generic", "1", "c" * 64, "violation", {"q": "yes"})
MODES = ("claim+decide", "decide+claim-next", "bare driver")
HISTORY_WORKSTATIONS, HISTORY_EVENTS = 10, 500


def populate(url: str, reports: int, reviewers: int) -> list[ReviewerRef]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        qid = seed.queue(s, "bench", now)
        people = [seed.reviewer(s, f"b{i:02d}", now) for i in range(reviewers)]
        for start in range(0, reports, 10_000):
            seed.reports(s, qid, now, min(10_000, reports - start), prefix=f"B{start}")
        # A workspace in use has an audit record: without one the planner, given an empty
        # table's statistics, reads a chain's head by scanning every event (a generic plan that
        # psycopg's prepared statement then keeps), which no working team sees.
        for ws in range(HISTORY_WORKSTATIONS):
            actor = Actor(f"earlier{ws}", f"ws-earlier{ws}")
            for _ in range(HISTORY_EVENTS):
                journal.append(s, actor, EventKind.VIEW, now, payload={"bench": True})
    with engine.connect() as conn:  # as after any large ingest: the planner needs statistics
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()
    return people


def service(url: str, who: ReviewerRef) -> ReviewService:
    """The reviewer's service as the workstation uses it: one transaction per call."""
    profile = Profile("bench", url, tempfile.gettempdir())
    workspace = Workspace(profile, make_engine(url, pool_size=1), f"ws-{who.username}")
    return ReviewService(workspace, who)


def two_transactions(svc: ReviewService) -> int:
    done = 0
    while (lease := svc.claim()) is not None:
        svc.decide(lease, DECISION)
        done += 1
    return done


def fused(svc: ReviewService) -> int:
    done, lease = 0, svc.claim()
    while lease is not None:
        _uid, lease = svc.decide_and_claim(lease, DECISION)
        done += 1
    return done


# --- the floor: the same statements on the bare driver ------------------------------------

DECISION_SQL = {
    pg: "INSERT INTO decisions (uid, report_id, review_round, reviewer_id, policy_id, "
    "policy_version, policy_hash, outcome, answers, notes, seconds_on_item, seconds_exposed, "
    f"decided_at, workstation, lease_token) VALUES ({', '.join([m] * 15)})"
    for pg, m in ((False, "?"), (True, "%s"))
}
CLOSE_SQL = {
    False: "UPDATE reports SET state='decided', claimed_by=NULL, lease_token=NULL, "
    "lease_expires_at=NULL, decided_at=? WHERE id=? AND state='claimed' AND lease_token=?",
    True: "UPDATE reports SET state='decided', claimed_by=NULL, lease_token=NULL, "
    "lease_expires_at=NULL, decided_at=%s WHERE id=%s AND state='claimed' AND lease_token=%s",
}
HEAD_SQL = {
    False: "SELECT seq, hash FROM audit_events WHERE workstation=? ORDER BY seq DESC LIMIT 1",
    True: "SELECT seq, hash FROM audit_events WHERE workstation=%s ORDER BY seq DESC LIMIT 1",
}
AUDIT_SQL = {
    pg: "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, report_uid, "
    f"payload, prev_hash, hash) VALUES ({', '.join([m] * 10)})"
    for pg, m in ((False, "?"), (True, "%s"))
}


def bare_cycles(conn: Any, pg: bool, who: ReviewerRef) -> int:
    """decide-the-held + claim-next per transaction, as decide_and_claim does it."""
    from moderator.store import queue_statements as statements

    dialect = postgresql.psycopg.dialect() if pg else sqlite.dialect()
    claim = statements.claim_statement(pg, False, True, ("reviewer",), True).compile(
        dialect=dialect
    )
    fixed = {
        k: v.value if isinstance(v, Enum) else v
        for k, v in claim.construct_params(_check=False).items()
    }
    names = claim.positiontup
    ws, clock = f"ws-{who.username}", SystemClock()

    def stamp() -> Any:
        now = clock.now().replace(tzinfo=None)
        return now if pg else now.strftime("%Y-%m-%d %H:%M:%S.%f")

    cur = conn.cursor()
    done: int = 0
    held: tuple[int, str, str] | None = None
    while True:
        if not pg:
            cur.execute("BEGIN IMMEDIATE")
        now = stamp()
        events = []
        if held is not None:
            cur.execute(CLOSE_SQL[pg], (now, held[0], held[1]))
            decision = (str(uuid.uuid4()), held[0], 1, who.id, "p", "1", "c" * 64, "violation")
            cur.execute(DECISION_SQL[pg], (*decision, "{}", "", 0.0, 0.0, now, ws, held[1]))
            events.append(("decide", held[2]))
            done += 1
        if pg:
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7001))", (ws,))
            cur.execute("SELECT pg_advisory_xact_lock_shared(%s)", (who.id,))
        token = str(uuid.uuid4())
        values = {**fixed, "p_reviewer": who.id, "p_now": now, "p_token": token, "p_expires": now}
        cur.execute(claim.string, values if names is None else tuple(values[n] for n in names))
        row = cur.fetchone()
        held = (row[0], token, row[1]) if row else None
        if row:
            events.append(("claim", row[1]))
        cur.execute(HEAD_SQL[pg], (ws,))
        head = cur.fetchone()
        seq, prev = (head[0], head[1]) if head else (0, "0" * 64)
        for kind, report in events:
            seq += 1
            digest = hashlib.sha256(f"{prev}{seq}{kind}".encode()).hexdigest()
            audit = (str(uuid.uuid4()), ws, seq, now, who.username, kind, report, "{}", prev)
            cur.execute(AUDIT_SQL[pg], (*audit, digest))
            prev = digest
        if pg:
            conn.commit()
        else:
            cur.execute("COMMIT")
        if held is None:
            return done


# --- running them -------------------------------------------------------------------------


def run_mode(mode: str, url: str, who: ReviewerRef) -> int:
    if mode == "bare driver":
        pg = url.startswith("postgresql")
        if pg:
            import psycopg

            conn: Any = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
            conn.execute("SET jit = off")
            conn.commit()
        else:
            import sqlite3

            conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
                conn.execute(f"PRAGMA {pragma}")
        try:
            return bare_cycles(conn, pg, who)
        finally:
            conn.close()
    svc = service(url, who)
    try:
        return (two_transactions if mode == "claim+decide" else fused)(svc)
    finally:
        svc.workspace.close()


def _worker(mode: str, url: str, who: ReviewerRef, barrier: Any, out: Any) -> None:
    if mode != "bare driver":  # connect (and import) before the clock starts
        service(url, who).workspace.engine.connect().close()
    barrier.wait()
    started = time.time()
    done = run_mode(mode, url, who)
    out.put((done, started, time.time()))


def decided(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as s:
        n = s.scalar(select(func.count()).select_from(Decision)) or 0
    engine.dispose()
    return n


def pg_once(admin_url: str, mode: str, reports: int, workers: int) -> float:
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = f"moderator_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        people = populate(url, reports, workers)
        ctx = mp.get_context("spawn")
        barrier, out = ctx.Barrier(workers), ctx.Queue()
        procs = [ctx.Process(target=_worker, args=(mode, url, p, barrier, out)) for p in people]
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        total = sum(d for d, _, _ in results)
        assert total == reports == decided(url), (mode, total, reports)
        return total / (max(e for _, _, e in results) - min(s for _, s, _ in results))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def sqlite_once(mode: str, reports: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        who = populate(url, reports, 1)[0]
        if mode != "bare driver":
            warm = service(url, who)
            warm.workspace.engine.connect().close()
            warm.workspace.close()
        started = time.perf_counter()
        done = run_mode(mode, url, who)
        elapsed = time.perf_counter() - started
        assert done == reports == decided(url), (mode, done, reports)
    return done / elapsed


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report(title: str, runs: dict[str, list[float]], target: int) -> None:
    floor = statistics.median(runs["bare driver"]) if runs.get("bare driver") else float("nan")
    print(f"{title} (target >= {target}/s), {load()}")
    for mode, rates in runs.items():
        med = statistics.median(rates)
        print(
            f"  {mode:18s} {med:8.0f}/s  (min {min(rates):.0f} .. max {max(rates):.0f}, "
            f"n={len(rates)})  {med / floor:5.2f} x the bare driver"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--modes", default=",".join(MODES), help="which of: " + ", ".join(MODES))
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    print(f"cpus: {os.cpu_count()}; start: {load()}")
    if not args.skip_sqlite:
        runs: dict[str, list[float]] = {m: [] for m in modes}
        for _ in range(args.repeat):  # interleaved, so load changes hit every mode alike
            for mode in modes:
                runs[mode].append(sqlite_once(mode, args.reports))
        report("SQLite, 1 client, claim+decide cycles", runs, 2000)
    if not args.skip_pg:
        runs = {m: [] for m in modes}
        for _ in range(args.repeat):
            for mode in modes:
                runs[mode].append(pg_once(args.pg_url, mode, args.reports, args.workers))
        report(f"PostgreSQL, {args.workers} processes, claim+decide cycles", runs, 1000)


if __name__ == "__main__":
    main()
