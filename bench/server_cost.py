"""What one request costs the server: SQL statements, transactions and connection checkouts
per claim / submit / finalize, and the wall time of each, in process (no TLS, one client).

Usage: python -m bench.server_cost [--pg-url URL] [--cycles N] [--profile FILE]
The same cycle as bench_server.py, through the ASGI application with an in-process client,
so the counts are the server's own (every statement, counted at the driver). With --profile the
cycles run under cProfile and the top functions by cumulative time are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import pstats
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench import cpu
from bench.bench_server import DECISION, populate
from moderator.domain.clock import SystemClock
from moderator.server.context import ServerSettings
from moderator.server.serve import build
from moderator.services import enrollment, signing
from moderator.store.db import make_engine


class Counter:
    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.last: list[str] = []

    def attach(self, engine: Any) -> None:
        # Counted at the driver: the compiled statements run on its cursor, past the engine.
        execute = psycopg.Cursor.execute

        def counted(cursor: Any, query: Any, *args: Any, **kw: Any) -> Any:
            self.counts["statements"] += 1
            self.last.append(" ".join(str(query).split())[:110])
            return execute(cursor, query, *args, **kw)

        def on_begin(*_: Any) -> None:
            self.counts["transactions"] += 1

        def on_commit(*_: Any) -> None:
            self.counts["commits"] += 1

        def on_checkout(*_: Any) -> None:
            self.counts["checkouts"] += 1

        psycopg.Cursor.execute = counted  # type: ignore[method-assign]
        event.listen(engine, "begin", on_begin)
        event.listen(engine, "commit", on_commit)
        event.listen(engine.pool, "checkout", on_checkout)

    def take(self) -> dict[str, int]:
        got: dict[str, Any] = dict(self.counts)
        got["sql"] = self.last
        self.counts.clear()
        self.last = []
        return got


async def cycles(app: Any, url: str, n: int, counter: Counter) -> dict[str, list[Any]]:
    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        code = enrollment.issue_enrollment(s, "b000", "bench", SystemClock().now())
    engine.dispose()
    per: dict[str, list[Any]] = collections.defaultdict(list)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        key = signing.public_hex(Ed25519PrivateKey.generate())
        token = (await client.post("/v1/enroll", json={"code": code, "public_key": key})).json()
        client.headers["Authorization"] = f"Bearer {token['token']}"
        counter.take()
        for _ in range(n):
            t0 = time.perf_counter()
            got = await client.post("/v1/claims", json={"request_id": str(uuid.uuid4())})
            per["claim"].append((time.perf_counter() - t0, counter.take()))
            lease = got.json()["lease"]
            decision_id = str(uuid.uuid4())
            t0 = time.perf_counter()
            got = await client.post(
                f"/v1/leases/{lease['token']}/decision",
                json={"decision_id": decision_id, **DECISION},
            )
            assert got.status_code == 201, got.text
            per["submit"].append((time.perf_counter() - t0, counter.take()))
            t0 = time.perf_counter()
            got = await client.post(
                f"/v1/decisions/{decision_id}/finalize", json={"request_id": str(uuid.uuid4())}
            )
            assert got.status_code == 200, got.text
            per["finalize"].append((time.perf_counter() - t0, counter.take()))
    return per


def _backend_pids(admin: Any, database: str) -> list[int]:
    with admin.connect() as conn:
        rows = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": database}
        )
        return [int(r[0]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--sql", action="store_true", help="print each request's statements")
    args = parser.parse_args()
    admin = create_engine(
        args.pg_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    name = f"moderator_cost_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            populate(url, args.cycles + 100, 1, Path(tmp))
            settings = ServerSettings(
                database=url, media_dir=Path(tmp), background=False, grace=timedelta(0)
            )
            app = build(settings, Ed25519PrivateKey.generate())
            counter = Counter()
            counter.attach(app.state.server.engine)
            asyncio.run(cycles(app, url, 20, counter))  # warm up
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            backends = cpu.Meter()
            backends.start(_backend_pids(admin, name))
            cpu0, wall0 = time.process_time(), time.perf_counter()
            per = asyncio.run(cycles(app, url, args.cycles, counter))
            cpu_ms = 1000 * (time.process_time() - cpu0) / args.cycles
            pg_ms = 1000 * backends.stop(_backend_pids(admin, name)) / args.cycles
            wall_ms = 1000 * (time.perf_counter() - wall0) / args.cycles
            if profiler:
                profiler.disable()
                profiler.dump_stats(str(args.profile))
                pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(45)
            for kind, rows in per.items():
                times = [t for t, _ in rows]
                counts = dict(rows[-1][1])
                sql = counts.pop("sql")
                if args.sql:
                    print("\n  ".join([kind, *sql]))
                print(
                    f"{kind:9s} median {1000 * statistics.median(times):6.2f} ms; "
                    + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                )
            print(
                f"per cycle: {wall_ms:.1f} ms wall, {cpu_ms:.1f} ms CPU (server and the "
                f"in-process client; no TLS, no HTTP parsing), PostgreSQL {pg_ms:.1f} ms CPU"
            )
            app.state.server.close()
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


if __name__ == "__main__":
    main()
