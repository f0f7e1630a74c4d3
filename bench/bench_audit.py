"""Audit throughput: local append, sync to PostgreSQL, verification of 1,000,000 central events.

Usage: python -m bench.bench_audit [--pg-url URL] [--sync N] [--verify N]
                                  [--no-local-verify] [--repeat N]
Each PostgreSQL figure runs in a fresh database that is dropped afterwards. The 1M-event
fixture is a real hash chain (a signed checkpoint every 10,000 events, a DECIDE event with its
decision row every 8th), written with COPY to PostgreSQL and, in the same pass, to a local
SQLite workspace's journal. Verification is timed twice over the same data: the chain alone
(links, hashes, signatures: what verification was before issue 12) and in full (also against
the sync cursors and every DECIDE event against its decision row); medians of --repeat runs.
Local append, next to its bare-driver floor, is bench.bench_append. The figures are printed;
nothing is asserted here.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    Checkpoint,
    EventKind,
    SignatureCheck,
    checkpoint_message,
    payload_text,
    recompute,
)
from moderator.services.config import Profile
from moderator.services.signing import public_hex
from moderator.services.sync import Syncer
from moderator.services.workspace import Workspace
from moderator.store import journal, migrate
from moderator.store.chains import verify_stored_chain
from moderator.store.db import make_engine, session_factory
from moderator.store.journal import Actor
from moderator.store.keys import load_keys, signature_checker
from moderator.store.verification import verify_central, verify_local

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
    """Append n events, per_tx per transaction; events/s (the sync's fixture)."""
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


DECIDE_EVERY = 8


def decision_uid(seq: int) -> str:
    return str(uuid.UUID(int=(1 << 64) + seq))


def report_uid(seq: int) -> str:
    return str(uuid.UUID(int=(2 << 64) + seq))


def chain_events(ws_id: str, n: int, key: Ed25519PrivateKey) -> Iterator[ChainedEvent]:
    """One workstation's valid chain, a signed checkpoint every 10,000 events and a DECIDE
    event every 8th (its decision uid and report uid derived from the seq)."""
    prev, public = GENESIS_HASH, public_hex(key)
    for seq in range(1, n + 1):
        at = T0 + timedelta(milliseconds=seq)
        if seq % 10_000 == 0:
            sig = key.sign(checkpoint_message(ws_id, seq - 1, prev)).hex()
            kind = EventKind.CHECKPOINT.value
            payload = payload_text(Checkpoint(seq - 1, prev, public, sig).payload())
            report = None
        elif seq % DECIDE_EVERY == 0:
            kind, report = EventKind.DECIDE.value, report_uid(seq)
            payload = payload_text(
                {
                    "decision": decision_uid(seq),
                    "round": 1,
                    "outcome": "violation",
                    "policy": "platform-generic",
                    "policy_version": "1",
                    "policy_hash": "a" * 64,
                    "answers": {"q1": "yes"},
                    "seconds_on_item": 12.5,
                    "seconds_exposed": 1.25,
                }
            )
        else:
            kind, payload, report = "claim", payload_text({"lease": str(seq), "round": 1}), "r"
        uid = str(uuid.UUID(int=seq))
        event = ChainedEvent(uid, ws_id, seq, at, "bench", kind, report, payload, prev, "")
        prev = recompute(event)
        yield ChainedEvent(
            uid, ws_id, seq, at, "bench", kind, report, payload, event.prev_hash, prev
        )


AT_TEXT = "2026-11-01 00:00:00.000000"


def central_decision_line(e: ChainedEvent) -> str:
    """A central_decisions row for a DECIDE event, in COPY text format."""
    fields = (decision_uid(e.seq), e.report_uid or "", "1", "bench", e.workstation)
    tail = ("platform-generic", "1", "a" * 64, "violation", '{"q1":"yes"}', "", "12.5", "1.25")
    return "\t".join((*fields, *tail, AT_TEXT, AT_TEXT)) + "\n"


def local_decision_rows(e: ChainedEvent) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """(reports row, decisions row) for a DECIDE event in the SQLite journal."""
    report: tuple[object, ...] = (e.seq, e.report_uid, "bench", f"B-{e.seq}", 1, "", AT_TEXT)
    report += (AT_TEXT, "", "", "", "", 3, "decided", 1, AT_TEXT)
    decision: tuple[object, ...] = (decision_uid(e.seq), e.seq, 1, 1, "platform-generic", "1")
    decision += ("a" * 64, "violation", '{"q1":"yes"}', "", 12.5, 1.25, AT_TEXT, e.workstation)
    return report, (*decision, "t")


def copy_line(e: ChainedEvent) -> str:
    """A central_events row in COPY text format."""
    at_text = e.occurred_at.replace(tzinfo=None).isoformat(" ", "microseconds")
    fields = (e.uid, e.workstation, str(e.seq), at_text, e.actor, e.kind, e.report_uid or NULL)
    escaped = e.payload.replace("\\", "\\\\")
    return "\t".join((*fields, escaped, e.prev_hash, e.hash, NULL, NULL, at_text)) + "\n"


def sqlite_row(e: ChainedEvent) -> tuple[object, ...]:
    """An audit_events row as SQLAlchemy stores it in SQLite (naive UTC text, microseconds)."""
    at_text = e.occurred_at.replace(tzinfo=None).isoformat(" ", "microseconds")
    return (e.uid, e.workstation, e.seq, at_text, e.actor, e.kind, e.report_uid, e.payload) + (
        e.prev_hash,
        e.hash,
    )


LOCAL_INSERT = (
    "INSERT INTO audit_events (uid, workstation, seq, occurred_at, actor, kind, "
    "report_uid, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
REPORT_INSERT = (
    "INSERT INTO reports (id, uid, source, external_ref, queue_id, channel, received_at, "
    "sla_due, reported_category, reporter_text, url, platform, priority, state, review_round, "
    "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
DECISION_INSERT = (
    "INSERT INTO decisions (uid, report_id, review_round, reviewer_id, policy_id, "
    "policy_version, policy_hash, outcome, answers, notes, seconds_on_item, seconds_exposed, "
    "decided_at, workstation, lease_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def bench_verify(pg_url: str, n: int, local: bool, repeat: int = 3) -> dict[str, Any]:
    """Write one n-event chain to PostgreSQL (COPY) and, if `local`, to an SQLite journal in
    the same pass; time `verify_central` and `journal.verify` over them (seconds)."""
    figures: dict[str, Any] = {}
    with fresh_pg(pg_url) as url, tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(url)
        key = Ed25519PrivateKey.generate()
        ws_id = str(uuid.uuid4())
        workspace = local_workspace(tmp) if local else None
        lite = sqlite3.connect(Path(tmp) / "ws.sqlite", isolation_level=None) if local else None
        started = time.perf_counter()
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(
                "INSERT INTO workstation_keys VALUES (%s, 'ed25519', %s, 'bench', '', now())",
                (ws_id, public_hex(key)),
            )
            if lite is not None:
                lite.execute(
                    "INSERT INTO workstation_keys VALUES (?, 'ed25519', ?, 'bench', '', "
                    "'2026-11-01 00:00:00.000000')",
                    (ws_id, public_hex(key)),
                )
                lite.execute("BEGIN")
            columns = (
                "uid, workstation, seq, occurred_at, actor, kind, report_uid, payload, "
                "prev_hash, hash, outcome, policy_id, received_at"
            )
            decides: list[ChainedEvent] = []
            with cursor.copy(f"COPY central_events ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                chunk: list[ChainedEvent] = []
                for event in chain_events(ws_id, n, key):
                    chunk.append(event)
                    if event.kind == EventKind.DECIDE:
                        decides.append(event)
                    if len(chunk) == 50_000:
                        copy.write("".join(map(copy_line, chunk)))
                        if lite is not None:
                            lite.executemany(LOCAL_INSERT, map(sqlite_row, chunk))
                        chunk = []
                copy.write("".join(map(copy_line, chunk)))
                if lite is not None:
                    lite.executemany(LOCAL_INSERT, map(sqlite_row, chunk))
            with cursor.copy("COPY central_decisions FROM STDIN") as copy:  # type: ignore[attr-defined]
                copy.write("".join(map(central_decision_line, decides)))
            if lite is not None:
                rows = [local_decision_rows(e) for e in decides]
                lite.executemany(REPORT_INSERT, [r for r, _ in rows])
                lite.executemany(DECISION_INSERT, [d for _, d in rows])
                lite.execute("COMMIT")
            raw.commit()
        finally:
            raw.close()
            if lite is not None:
                lite.close()
        figures["fixture"] = time.perf_counter() - started
        # First read straight after the bulk COPY: PostgreSQL also sets every row's hint bits.
        started = time.perf_counter()
        with session_factory(engine)() as s:
            (status,) = verify_central(s)
        figures["central_cold"] = time.perf_counter() - started
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE central_events")  # as autovacuum would
            conn.exec_driver_sql("VACUUM ANALYZE central_decisions")
        sessions = session_factory(engine)

        def central_chain() -> object:
            with sessions() as s:
                return verify_stored_chain(s, "central_events", ws_id, check(s))

        def central_full() -> object:
            with sessions() as s:
                return verify_central(s)

        figures["central_chain"], figures["central"] = interleaved(
            central_chain, central_full, repeat
        )
        with sessions() as s:
            (status,) = verify_central(s)
        engine.dispose()
        assert status.ok, status
        assert status.events == n, status
        figures["checkpoint"] = status.checkpoint_seq or 0
        if workspace is not None:

            def local_chain() -> object:
                with workspace.transaction() as s:
                    return journal.verify(s)

            def local_full() -> object:
                with workspace.transaction() as s:
                    return verify_local(s)

            figures["local_chain"], figures["local"] = interleaved(local_chain, local_full, repeat)
            with workspace.transaction() as s:
                (report,) = verify_local(s)
            workspace.close()
            assert report.ok, report.problems
            assert report.events == n, report
            assert report.checkpoint_seq == status.checkpoint_seq, report
    return figures


def check(session: Session) -> SignatureCheck:
    return signature_checker(load_keys(session))


def interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """(median, min, max) seconds of each, run alternately `repeat` times."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, into in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            run()
            into.append(time.perf_counter() - started)
    spread = tuple((statistics.median(t), min(t), max(t)) for t in times)
    return spread[0], spread[1]


def spread(figure: object) -> str:
    assert isinstance(figure, tuple)
    median, low, high = figure
    return f"{median:6.2f} s (min {low:.2f}, max {high:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sync", type=int, default=50_000)
    parser.add_argument("--verify", type=int, default=1_000_000)
    parser.add_argument("--no-local-verify", action="store_true", help="skip the SQLite verify")
    parser.add_argument(
        "--repeat", type=int, default=3, help="verification runs to take medians of"
    )
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("local append: see bench.bench_append (with its bare-driver floor)")
    rate = bench_sync(args.pg_url, args.sync)
    print(f"sync SQLite -> PostgreSQL, batch 5000:    {rate:8.0f} events/s (target >= 5000)")
    figures = bench_verify(args.pg_url, args.verify, not args.no_local_verify, args.repeat)
    n = args.verify
    print(f"verify {n:,} central events on PostgreSQL (target < 10 s), medians of {args.repeat}:")
    print(f"  chain only (links, hashes, signatures):   {spread(figures['central_chain'])}")
    print(f"  in full (+ decisions, cursors):           {spread(figures['central'])}")
    print(f"  (first read straight after the bulk COPY: {figures['central_cold']:.2f} s)")
    if "local" in figures:
        print(f"verify {n:,} local events on SQLite:")
        print(f"  chain only (links, hashes, signatures):   {spread(figures['local_chain'])}")
        print(f"  in full (+ decisions, cursors):           {spread(figures['local'])}")
    print(
        f"  (fixture built in {figures['fixture']:.1f} s; last checkpoint covers seq "
        f"{figures['checkpoint']:.0f}; a DECIDE event every {DECIDE_EVERY})"
    )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
