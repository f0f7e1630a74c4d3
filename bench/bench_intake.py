"""Intake and webhook throughput of the team server, each with a baseline from the same run.

Usage: python -m bench.bench_intake [--reports N] [--deliveries M] [--database URL]
- intake: N reports, one small synthetic PNG each, POSTed in multipart batches of 250 to the
  app in process (source token, sandboxed hashing, bank matching, audit), vs. local `Ingest` of
  the same manifest and files with the same pool (what `moderator ingest` does);
- webhooks: M final decisions delivered by the outbox worker to a local receiver, vs. a bare
  loop of signed POSTs of the same bodies with the same number of threads.
The database is a scratch PostgreSQL database (made and migrated here).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from moderator.media.pool import MediaPool
from moderator.server.platform import webhooks
from moderator.server.platform.webhooks import WebhookSettings, Worker
from moderator.services.ingest import Ingest
from moderator.services.media_hashing import pool_hasher
from moderator.services.sources import Sources
from moderator.store import migrate
from moderator.store.db import make_engine
from tests.server.conftest import build_team
from tests.server.platform_kit import Receiver, png

BATCH = 250


def _database(url: str) -> str:
    admin = make_engine(url)
    name = f"moderator_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    target = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(target)
    migrate.upgrade(engine)
    engine.dispose()
    return target


def _drop(url: str, target: str) -> None:
    admin = make_engine(url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {make_url(target).database} WITH (FORCE)"))
    admin.dispose()


def _records(prefix: str, n: int) -> list[dict[str, object]]:
    return [
        {"external_ref": f"{prefix}-{i}", "queue": "general", "media": [f"{prefix}{i}.png"]}
        for i in range(n)
    ]


def bench_intake(team: object, n: int, files: list[bytes]) -> tuple[float, float]:
    from fastapi.testclient import TestClient

    t = team  # a tests.server.conftest.Team
    token = Sources(t.server.workspace(), "sue").add("bench")  # type: ignore[attr-defined]
    client = TestClient(t.app, headers={"Authorization": f"Bearer {token}"})  # type: ignore[attr-defined]
    records = _records("api", n)
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        chunk = records[start : start + BATCH]
        manifest = "\n".join(json.dumps(r) for r in chunk).encode()
        parts = [("manifest", ("m.jsonl", manifest, "application/x-ndjson"))]
        parts += [
            ("media", (f"api{start + i}.png", files[start + i], "image/png"))
            for i in range(len(chunk))
        ]
        got = client.post("/v1/reports", files=parts)
        assert got.status_code == 200, got.text[:300]
        assert got.json()["accepted"] == len(chunk), got.text[:300]
    api = n / (time.perf_counter() - started)

    # Baseline: `moderator ingest` of the same records and files, the same pool size.
    media: Path = t.media  # type: ignore[attr-defined]
    local = media / "local"
    local.mkdir()
    manifest_path = local / "manifest.jsonl"
    with manifest_path.open("w") as out:
        for i, record in enumerate(_records("loc", n)):
            (local / f"loc{i}.png").write_bytes(files[i])
            out.write(json.dumps({**record, "media": [f"local/loc{i}.png"]}) + "\n")
    workers = max(2, min(4, os.cpu_count() or 2))  # what the server's intake uses
    pool = MediaPool(workers=workers)
    try:
        ws = t.server.workspace()  # type: ignore[attr-defined]
        ingest = Ingest(ws, ws.actor("sue"), hasher=pool_hasher(pool), hash_workers=workers)
        started = time.perf_counter()
        summary = ingest.run([manifest_path])
        assert summary.added == n, summary.as_dict()
        base = n / (time.perf_counter() - started)
    finally:
        pool.close()
    return api, base


def bench_webhooks(team: object, m: int) -> tuple[float, float]:
    t = team
    receiver = Receiver()
    hook, receiver.secret = Sources(t.server.workspace(), "sue").add_webhook(receiver.url, None)  # type: ignore[attr-defined]
    engine = t.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO decisions (uid, report_id, review_round, reviewer_id, policy_id, "
                "policy_version, policy_hash, outcome, answers, notes, seconds_on_item, "
                "seconds_exposed, decided_at, workstation, lease_token) "
                "SELECT gen_random_uuid(), id, 1, :p, 'platform-generic', '1', :h, 'violation', "
                "'{}', '', 0, 0, now(), gen_random_uuid(), gen_random_uuid() FROM reports "
                "ORDER BY id LIMIT :m"
            ),
            {"p": t.people["alice"].id, "h": "a" * 64, "m": m},  # type: ignore[attr-defined]
        )
    settings = WebhookSettings()
    worker = Worker(t.server, settings)  # type: ignore[attr-defined]
    try:
        started = time.perf_counter()
        while len(receiver.acked) < m:
            if not worker.tick():
                time.sleep(0.01)
        rate = m / (time.perf_counter() - started)
    finally:
        worker.close()
    # Baseline: the same signed bodies, POSTed by a bare loop with as many threads.
    bodies = [json.dumps({"event_id": str(uuid.uuid4()), "n": i}).encode() for i in range(m)]
    with httpx.Client(timeout=5) as client:

        def post(body: bytes) -> None:
            headers = {webhooks.SIGNATURE: webhooks.sign(receiver.secret, int(time.time()), body)}
            client.post(receiver.url, content=body, headers=headers)

        started = time.perf_counter()
        with ThreadPoolExecutor(settings.concurrency) as pool:
            list(pool.map(post, bodies))
        bare = m / (time.perf_counter() - started)
    receiver.close()
    del hook
    return rate, bare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    files = [png(i, 12, 8) for i in range(args.reports)]
    results: dict[str, list[float]] = {"api": [], "local": [], "hooks": [], "bare": []}
    for _ in range(args.runs):
        target = _database(args.database)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                team = build_team(target, Path(tmp) / "media")
                try:
                    api, local = bench_intake(team, args.reports, files)
                    hooks, bare = bench_webhooks(team, min(args.deliveries, 2 * args.reports))
                finally:
                    team.engine.dispose()
        finally:
            _drop(args.database, target)
        for key, value in zip(results, (api, local, hooks, bare), strict=True):
            results[key].append(value)
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"intake, {args.reports} reports with one PNG each (median of {args.runs}):")
    print(f"  POST /v1/reports (multipart, batches of {BATCH}): {med['api']:8.1f} reports/s")
    print(f"  baseline: local Ingest, same files, same pool:  {med['local']:8.1f} reports/s")
    print(f"  ratio intake/local: {med['api'] / med['local']:.2f}")
    print(f"webhooks, {min(args.deliveries, 2 * args.reports)} deliveries:")
    print(f"  outbox worker (signed, logged):                 {med['hooks']:8.1f} deliveries/s")
    print(f"  baseline: bare signed POST loop, same threads:  {med['bare']:8.1f} posts/s")
    print(f"  ratio worker/bare: {med['hooks'] / med['bare']:.2f}")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
