"""The team server under load: claim+decide cycles per second over HTTPS with 16 and 64
concurrent clients, claim latency, media fetch MB/s for 24 MP images, and the same loop on
the database directly (the services in threads), as a ratio.

Usage: python -m bench.bench_server [--pg-url URL] [--seconds S] [--clients 16,64]
A cycle is what a reviewer's desktop does per report: claim, submit, finalize (three
requests). One `moderator serve` process (uvicorn, TLS with a trustme CA) on loopback, through
the server's least-privilege login; the clients are asyncio tasks with one httpx connection
each, in this process. Both share this machine's cores. Figures are printed; nothing asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import trustme
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bench import cpu
from moderator.domain.clock import SystemClock
from moderator.server.media_store import MediaStore
from moderator.services import enrollment, signing
from moderator.services.config import Profile
from moderator.services.pending import PendingDecisions
from moderator.services.review import ReviewService
from moderator.services.workspace import Workspace
from moderator.store import migrate
from moderator.store.db import make_engine
from moderator.store.models import MediaItem
from moderator.store.queue import DecisionInput, ReviewerRef
from tests.helpers import seed

ROOT = Path(__file__).resolve().parents[1]
DECISION = {
    "policy_id": "platform-generic",
    "policy_version": "1",
    "policy_hash": "c" * 64,
    "outcome": "violation",
    "answers": {"q": "yes"},
}


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def populate(url: str, reports: int, people: int, media_dir: Path) -> tuple[list[ReviewerRef], int]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        bench = seed.queue(s, "bench", now)
        media_queue = seed.queue(s, "media", now)
        refs = [seed.reviewer(s, f"b{i:03d}", now) for i in range(people)]
        for start in range(0, reports, 10_000):
            seed.reports(s, bench, now, min(10_000, reports - start), prefix=f"B{start}")
    engine.dispose()
    return refs, media_queue


def big_image(media_dir: Path) -> tuple[str, int]:
    """A 24 MP synthetic JPEG (6000 x 4000, shapes only) in the media store."""
    import numpy as np
    from PIL import Image

    y, x = np.mgrid[0:4000, 0:6000]
    rgb = np.stack([(x // 7) % 256, (y // 5) % 256, ((x + y) // 11) % 256], axis=-1)
    # Grain, so the file is as large as a camera's (a smooth gradient compresses to 1 MB).
    grain = np.random.default_rng(7).integers(-40, 40, size=rgb.shape)
    path = media_dir / "upload.jpg"
    Image.fromarray(np.clip(rgb + grain, 0, 255).astype("uint8")).save(path, quality=90)
    sha, size = MediaStore(media_dir).put(path), path.stat().st_size
    path.unlink()
    return sha, size


def add_media_reports(url: str, queue: int, n: int, sha: str, size: int) -> None:
    engine = make_engine(url)
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        ids = seed.reports(s, queue, now, n, prefix="M")
        s.execute(
            insert(MediaItem),
            [
                {"report_id": i, "position": 0, "uri": f"{sha[:2]}/{sha}", "kind": "image",
                 "size_bytes": size, "sha256": sha}
                for i in ids
            ],
        )  # fmt: skip
    engine.dispose()


class Served:
    def __init__(self, url: str, media: Path, tmp: Path, workers: int = 1) -> None:
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1")
        self.cert, self.key = tmp / "c.pem", tmp / "k.pem"
        cert.private_key_and_cert_chain_pem.write_to_path(str(self.cert))
        cert.private_key_pem.write_to_path(str(self.key))
        self.ssl = ssl.create_default_context()
        ca.configure_trust(self.ssl)
        self.port = _port()
        self.base = f"https://127.0.0.1:{self.port}"
        # 20 connections in all (idle ones stay open), so the direct loop's 64 fit beside them
        # under PostgreSQL's default max_connections of 100.
        argv = [
            sys.executable, "-m", "moderator", "serve", "--database", url, "--media", str(media),
            "--key-file", str(tmp / "server.key"), "--certfile", str(self.cert),
            "--keyfile", str(self.key), "--port", str(self.port), "--grace-seconds", "0",
            "--pool-size", str(max(4, 20 // workers)), "--workers", str(workers),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MODERATOR_HOME": str(tmp / "home")}
        self.log = (tmp / "server.log").open("wb")
        self.process = subprocess.Popen(argv, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/healthz", verify=self.ssl).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise SystemExit("the server did not start; see its log")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def enroll(admin_url: str, served: Served, names: list[str]) -> list[str]:
    engine = make_engine(admin_url)
    tokens = []
    with httpx.Client(verify=served.ssl) as client:
        for name in names:
            with Session(engine) as s, s.begin():
                code = enrollment.issue_enrollment(s, name, "bench", SystemClock().now())
            key = signing.public_hex(Ed25519PrivateKey.generate())
            got = client.post(f"{served.base}/v1/enroll", json={"code": code, "public_key": key})
            tokens.append(got.json()["token"])
    engine.dispose()
    return tokens


async def http_loop(served: Served, tokens: list[str], seconds: float) -> dict[str, Any]:
    claims: list[float] = []
    refused: list[str] = []
    cycles = 0
    stop = time.monotonic() + seconds

    async def one(token: str) -> None:
        nonlocal cycles
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=served.base, verify=served.ssl, headers=headers,
                                     timeout=60) as client:  # fmt: skip
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                got = await client.post("/v1/claims", json={"request_id": str(uuid.uuid4())})
                claims.append(time.perf_counter() - t0)
                if got.status_code != 200:  # e.g. 503: PostgreSQL full on a shared machine
                    refused.append(f"{got.status_code} {got.text[:150]}")
                    return
                lease = got.json()["lease"]
                if lease is None:
                    return
                decision_id = str(uuid.uuid4())
                await client.post(f"/v1/leases/{lease['token']}/decision",
                                  json={"decision_id": decision_id, **DECISION})  # fmt: skip
                await client.post(f"/v1/decisions/{decision_id}/finalize",
                                  json={"request_id": str(uuid.uuid4())})  # fmt: skip
                cycles += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(one(t) for t in tokens))
    elapsed = time.perf_counter() - t0
    claims.sort()
    if refused:
        print(f"      {len(refused)} client(s) stopped on a refused claim, e.g. {refused[0]}")
    return {
        "cycles": cycles,
        "rate": cycles / elapsed,
        "p50_ms": 1000 * statistics.median(claims),
        "p95_ms": 1000 * claims[int(0.95 * (len(claims) - 1))],
    }


async def media_loop(served: Served, tokens: list[str], seconds: float) -> float:
    moved = 0
    stop = time.monotonic() + seconds

    async def one(token: str) -> None:
        nonlocal moved
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=served.base, verify=served.ssl, headers=headers,
                                     timeout=60) as client:  # fmt: skip
            body = {"request_id": str(uuid.uuid4()), "queue_ids": [MEDIA_QUEUE[0]]}
            lease = (await client.post("/v1/claims", json=body)).json()["lease"]
            while time.monotonic() < stop:
                got = await client.get(f"/v1/leases/{lease['token']}/media/0")
                moved += len(got.content)

    t0 = time.perf_counter()
    await asyncio.gather(*(one(t) for t in tokens))
    return moved / (time.perf_counter() - t0) / 1e6


MEDIA_QUEUE = [0]


class CpuShare:
    """CPU ms per cycle of the server process(es), this process (the clients, or the services
    in the direct loop) and the database's backends for the bench database."""

    def __init__(self, admin: Any, database: str, server_pid: int | None) -> None:
        self.admin, self.database, self.server_pid = admin, database, server_pid
        self.server, self.backends = cpu.Meter(), cpu.Meter()

    def _backend_pids(self) -> list[int]:
        with self.admin.connect() as conn:
            rows = conn.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": self.database}
            )
            return [int(r[0]) for r in rows]

    def __enter__(self) -> CpuShare:
        self.server.start(cpu.children(self.server_pid) if self.server_pid else [])
        self.backends.start(self._backend_pids())
        self.own = time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.own = time.process_time() - self.own
        pids = cpu.children(self.server_pid) if self.server_pid else []
        self.server_s = self.server.stop(pids)
        self.backends_s = self.backends.stop(self._backend_pids())

    def per_cycle(self, cycles: int) -> dict[str, float]:
        n = max(cycles, 1)
        return {
            "server": 1000 * self.server_s / n,
            "own": 1000 * self.own / n,
            "pg": 1000 * self.backends_s / n,
        }


def _backend_pid(engine: Any) -> int:
    """The pool's one connection (kept from now on); waits while PostgreSQL is full (other
    programs' connections on a shared machine) rather than dropping the thread."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with engine.connect() as conn:
                return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def direct_loop(url: str, people: list[ReviewerRef], seconds: float) -> dict[str, Any]:
    """The same cycle through the services on the database, one thread per reviewer."""
    cycles = [0]
    backends = [0.0]  # CPU seconds of the threads' database backends
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    decision = DecisionInput(**DECISION)  # type: ignore[arg-type]

    def one(who: ReviewerRef) -> None:
        workspace = Workspace(Profile("bench", url, tempfile.gettempdir()),
                              make_engine(url, pool_size=1), f"ws-{who.username}")  # fmt: skip
        review = ReviewService(workspace, who)
        pending = PendingDecisions(workspace, who, grace=timedelta(0))
        pid = _backend_pid(workspace.engine)
        started = cpu.process_seconds(pid)
        while time.monotonic() < stop:
            lease = review.claim()
            if lease is None:
                break
            pending.finalize(pending.submit(lease, decision))
            with lock:
                cycles[0] += 1
        with lock:  # its backend's CPU in the loop (not its start), before it goes
            backends[0] += cpu.process_seconds(pid) - started
        workspace.close()

    threads = [threading.Thread(target=one, args=(p,)) for p in people]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"cycles": cycles[0], "rate": cycles[0] / elapsed, "backends_s": backends[0]}


def _median(runs: list[dict[str, Any]], key: str, sub: str | None = None) -> float:
    return statistics.median(r[key][sub] if sub else r[key] for r in runs)


def report(n: int, runs: list[dict[str, Any]], direct: list[dict[str, Any]]) -> None:
    rate, base = _median(runs, "rate"), _median(direct, "rate")
    low, high = min(r["rate"] for r in runs), max(r["rate"] for r in runs)
    print(
        f"{n:3d} clients over HTTPS: {rate:7.1f} cycles/s (runs {low:.1f}..{high:.1f}); claim "
        f"p50 {_median(runs, 'p50_ms'):.1f} ms, p95 {_median(runs, 'p95_ms'):.1f} ms | database "
        f"directly: {base:7.1f} cycles/s | ratio {rate / base:.2f} | load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"      CPU ms per cycle, HTTPS: server {_median(runs, 'cpu', 'server'):.1f}, clients "
        f"{_median(runs, 'cpu', 'own'):.1f}, PostgreSQL {_median(runs, 'cpu', 'pg'):.1f} | "
        f"directly: services {_median(direct, 'cpu', 'own'):.1f}, PostgreSQL "
        f"{_median(direct, 'cpu', 'pg'):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--clients", default="16,64")
    parser.add_argument("--reports", type=int, default=12_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    admin = create_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")  # fmt: skip
    name = f"moderator_bench_{uuid.uuid4().hex[:8]}"
    role = f"bench_srv_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            media = tmp / "media"
            media.mkdir()
            people, MEDIA_QUEUE[0] = populate(url, args.reports, max(counts), media)
            sha, size = big_image(media)
            add_media_reports(url, MEDIA_QUEUE[0], max(counts) * 2, sha, size)
            with make_engine(url).begin() as conn:
                conn.execute(text(f"CREATE ROLE {role} LOGIN IN ROLE moderator_server"))
            server_url = make_url(url).set(username=role).render_as_string(hide_password=False)
            served = Served(server_url, media, tmp, args.workers)
            try:
                tokens = enroll(url, served, [p.username for p in people])
                print(
                    f"24 MP JPEG: {size / 1e6:.1f} MB; cycle = claim + submit + finalize; "
                    f"{args.workers} server process(es); load average {os.getloadavg()[0]:.1f}"
                )
                for n in counts:
                    runs, direct = [], []
                    for _ in range(args.repeats):  # alternated, so load changes hit both
                        with CpuShare(admin, name, served.process.pid) as share:
                            runs.append(asyncio.run(http_loop(served, tokens[:n], args.seconds)))
                        runs[-1]["cpu"] = share.per_cycle(runs[-1]["cycles"])
                        with CpuShare(admin, name, None) as share:
                            direct.append(direct_loop(url, people[:n], args.seconds))
                        share.backends_s = direct[-1]["backends_s"]  # they closed by now
                        direct[-1]["cpu"] = share.per_cycle(direct[-1]["cycles"])
                    report(n, runs, direct)
                for n in (4, 16):
                    mbs = asyncio.run(media_loop(served, tokens[-n:], min(args.seconds, 5.0)))
                    print(f"media fetch, {n:2d} clients: {mbs:7.1f} MB/s")
            finally:
                served.stop()
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


if __name__ == "__main__":
    main()
