"""Audit throughput: local append, sync to PostgreSQL, verification of 1,000,000 central events.

Usage: python -m bench.bench_audit [--pg-url URL] [--append N] [--sync N] [--verify N]
Each PostgreSQL figure runs in a fresh database that is dropped afterwards. The 1M-event
fixture is a real hash chain (with a signed checkpoint every 10,000 events), written with COPY.
The figures are printed; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, text

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    Checkpoint,
    EventKind,
    checkpoint_message,
    payload_text,
    recompute,
)
from moderator.services.config import Profile
from moderator.services.signing import public_hex
from moderator.services.sync import Syncer
from moderator.services.workspace import Workspace
from moderator.store import journal, migrate
from moderator.store.central import verify_central
from moderator.store.db import make_engine, session_factory
from moderator.store.journal import Actor

T0 = datetime(2026, 11, 1, tzinfo=UTC)
NULL = "\\N"  # COPY text format


@contextmanager
def fresh_pg(admin_url: str) -> Iterator[str]:
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = f"bench_audit_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def local_workspace(tmp: str) -> Workspace:
    url = f"sqlite:///{Path(tmp) / 'ws.sqlite'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    return Workspace(Profile("bench", url, tmp, "bench"), engine, str(uuid.uuid4()))


def append_events(ws: Workspace, n: int, per_tx: int) -> float:
    """Append n events, per_tx per transaction; events/s."""
    actor = Actor("bench", ws.workstation)
    payload = {"lease": "x" * 36, "round": 1}
    started = time.perf_counter()
    for start in range(0, n, per_tx):
        with ws.transaction() as s:
            for i in range(start, min(n, start + per_tx)):
                journal.append(
                    s, actor, EventKind.CLAIM, T0 + timedelta(seconds=i), payload=payload
                )
    return n / (time.perf_counter() - started)


def bench_append(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        ws = local_workspace(tmp)
        single = append_events(ws, n, 1)
        batched = append_events(ws, n, 500)
        ws.close()
    return single, batched


def bench_sync(pg_url: str, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, fresh_pg(pg_url) as url:
        ws = local_workspace(tmp)
        append_events(ws, n, 5000)
        started = time.perf_counter()
        with Syncer(ws, url, sign=False) as syncer:
            result = syncer.run_until_idle(batch=5000)
        elapsed = time.perf_counter() - started
        ws.close()
    assert result.error is None, result
    assert result.pushed == n, result
    return n / elapsed


def chain_rows(ws_id: str, n: int, key: Ed25519PrivateKey) -> Iterator[str]:
    """COPY text lines of one workstation's valid chain, a signed checkpoint every 10,000."""
    prev, public = GENESIS_HASH, public_hex(key)
    for seq in range(1, n + 1):
        at = T0 + timedelta(milliseconds=seq)
        if seq % 10_000 == 0:
            sig = key.sign(checkpoint_message(ws_id, seq - 1, prev)).hex()
            kind = EventKind.CHECKPOINT.value
            payload = payload_text(Checkpoint(seq - 1, prev, public, sig).payload())
            report = None
        else:
            kind, payload, report = "claim", payload_text({"lease": str(seq), "round": 1}), "r"
        uid = str(uuid.UUID(int=seq))
        event = ChainedEvent(uid, ws_id, seq, at, "bench", kind, report, payload, prev, "")
        digest = recompute(event)
        at_text = at.replace(tzinfo=None).isoformat()
        fields = (uid, ws_id, str(seq), at_text, "bench", kind, report or NULL)
        escaped = payload.replace("\\", "\\\\")
        yield "\t".join((*fields, escaped, prev, digest, NULL, NULL, at_text)) + "\n"
        prev = digest


def bench_verify(pg_url: str, n: int) -> tuple[float, float, int]:
    with fresh_pg(pg_url) as url:
        engine = make_engine(url)
        key = Ed25519PrivateKey.generate()
        ws_id = str(uuid.uuid4())
        started = time.perf_counter()
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(
                "INSERT INTO workstation_keys VALUES (%s, 'ed25519', %s, 'bench', '', now())",
                (ws_id, public_hex(key)),
            )
            columns = (
                "uid, workstation, seq, occurred_at, actor, kind, report_uid, payload, "
                "prev_hash, hash, outcome, policy_id, received_at"
            )
            with cursor.copy(f"COPY central_events ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                buffer = io.StringIO()
                for i, line in enumerate(chain_rows(ws_id, n, key)):
                    buffer.write(line)
                    if i % 50_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
            raw.commit()
        finally:
            raw.close()
        fixture = time.perf_counter() - started
        started = time.perf_counter()
        with session_factory(engine)() as s:
            (status,) = verify_central(s)
        elapsed = time.perf_counter() - started
        engine.dispose()
    assert status.ok, status
    assert status.events == n, status
    return fixture, elapsed, status.checkpoint_seq or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--append", type=int, default=5000)
    parser.add_argument("--sync", type=int, default=50_000)
    parser.add_argument("--verify", type=int, default=1_000_000)
    args = parser.parse_args()
    single, batched = bench_append(args.append)
    print(f"local append, 1 event per transaction:   {single:8.0f} events/s (target >= 5000)")
    print(f"local append, 500 events per transaction: {batched:8.0f} events/s")
    rate = bench_sync(args.pg_url, args.sync)
    print(f"sync SQLite -> PostgreSQL, batch 5000:    {rate:8.0f} events/s (target >= 5000)")
    fixture, elapsed, checkpoint = bench_verify(args.pg_url, args.verify)
    print(f"verify {args.verify:,} central events on PostgreSQL: {elapsed:6.2f} s (target < 10 s)")
    print(
        f"  (fixture built with COPY in {fixture:.1f} s; last checkpoint covers seq {checkpoint})"
    )


if __name__ == "__main__":
    main()
