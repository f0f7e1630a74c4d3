"""Audit append: events per second through `journal.append`, next to the bare driver's floor.

Usage: python -m bench.bench_append [--pg-url URL] [--events N] [--repeat N] [--skip-pg]

For SQLite (a workspace file, the workspace's PRAGMAs) and PostgreSQL (one connection, a fresh
database): 1 event per transaction through `Workspace.transaction()` + `journal.append`, and
500 per transaction; the floor is the same head read + chained insert per transaction on
sqlite3/psycopg directly (PostgreSQL: under the workstation's advisory lock). Runs are
interleaved and repeated; medians (min..max), the ratio to the floor and `uptime` are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bench_audit import fresh_pg
from moderator.domain.audit import EventKind
from moderator.services.config import Profile
from moderator.services.workspace import Workspace
from moderator.store import journal, migrate
from moderator.store.db import make_engine
from moderator.store.journal import Actor

T0 = datetime(2026, 11, 1, tzinfo=UTC)
PAYLOAD = {"lease": "x" * 36, "round": 1}
HEAD = "SELECT seq, hash FROM audit_events WHERE workstation = {m} ORDER BY seq DESC LIMIT 1"
INSERT = (
    "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, report_uid, "
    "payload, prev_hash, hash) VALUES ({v})"
)


def workspace(url: str, tmp: str) -> Workspace:
    engine = make_engine(url, pool_size=1)
    migrate.upgrade(engine)
    return Workspace(Profile("bench", url, tmp, "bench"), engine, str(uuid.uuid4()))


def appended(ws: Workspace, n: int, per_tx: int) -> float:
    """n events through the journal, per_tx per transaction; events/s."""
    actor = Actor("bench", ws.workstation)
    started = time.perf_counter()
    for start in range(0, n, per_tx):
        with ws.transaction() as s:
            for i in range(start, min(n, start + per_tx)):
                journal.append(
                    s, actor, EventKind.CLAIM, T0 + timedelta(seconds=i), payload=PAYLOAD
                )
    return n / (time.perf_counter() - started)


def floor(conn: Any, pg: bool, n: int) -> float:
    """The same work per transaction on the bare driver; events/s."""
    m = "%s" if pg else "?"
    head, insert = HEAD.format(m=m), INSERT.format(v=", ".join([m] * 10))
    cur, ws = conn.cursor(), str(uuid.uuid4())
    started = time.perf_counter()
    for i in range(n):
        if not pg:
            cur.execute("BEGIN IMMEDIATE")
        else:
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7001))", (ws,))
        cur.execute(head, (ws,))
        found = cur.fetchone()
        seq, prev = (found[0], found[1]) if found else (0, "0" * 64)
        at: Any = T0 + timedelta(seconds=i)
        at = at.replace(tzinfo=None) if pg else at.strftime("%Y-%m-%d %H:%M:%S.%f")
        digest = hashlib.sha256(f"{prev}{seq + 1}".encode()).hexdigest()
        row = (str(uuid.uuid4()), ws, seq + 1, at, "bench", "claim", None, '{"round":1}', prev)
        cur.execute(insert, (*row, digest))
        if pg:
            conn.commit()
        else:
            cur.execute("COMMIT")
    return n / (time.perf_counter() - started)


def sqlite_place() -> AbstractContextManager[str]:
    class Place:
        def __enter__(self) -> str:
            self.tmp = tempfile.TemporaryDirectory()
            return f"sqlite:///{Path(self.tmp.name) / 'ws.sqlite'}"

        def __exit__(self, *_exc: object) -> None:
            self.tmp.cleanup()

    return Place()


def bare(url: str) -> Any:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))


def measure(
    place: Callable[[], AbstractContextManager[str]], n: int, repeat: int
) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {"1 per transaction": [], "500 per transaction": [], "floor": []}
    for _ in range(repeat):
        with place() as url, tempfile.TemporaryDirectory() as tmp:
            ws = workspace(url, tmp)
            try:
                runs["1 per transaction"].append(appended(ws, n, 1))
                runs["500 per transaction"].append(appended(ws, n, 500))
            finally:
                ws.close()
            conn = bare(url)
            try:
                runs["floor"].append(floor(conn, not url.startswith("sqlite"), n))
            finally:
                conn.close()
    return runs


def show(title: str, runs: dict[str, list[float]]) -> None:
    base = statistics.median(runs["floor"])
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{title} (target >= 5000 events/s at 1 per transaction), {load}")
    for name, rates in runs.items():
        med = statistics.median(rates)
        print(
            f"  {name:20s} {med:8.0f} events/s (min {min(rates):.0f} .. max {max(rates):.0f}, "
            f"n={len(rates)})  {med / base:5.2f} x the floor"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    show("SQLite append", measure(sqlite_place, args.events, args.repeat))
    if not args.skip_pg:
        show("PostgreSQL append", measure(lambda: fresh_pg(args.pg_url), args.events, args.repeat))


if __name__ == "__main__":
    main()
