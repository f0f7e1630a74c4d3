"""The counts the store keeps (`queue_counts`, by triggers) always equal a count of the reports:
through claims, decides, releases, escalations, second reviews, gold copies, deletes, folds,
the migration's backfill, and on PostgreSQL under concurrent claims, decides and ingest."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from moderator.domain.clock import SystemClock
from moderator.store import migrate, queue, queue_counts
from moderator.store.db import make_engine, session_factory
from moderator.store.models import Queue, Report
from moderator.store.queue import DecisionInput
from tests.conftest import truncate_all
from tests.helpers import seed
from tests.helpers.workers import work_until_drained
from tests.store.conftest import Db

DECISION = DecisionInput("platform-generic", "1", "c" * 64, "violation", {"q": "yes"})


def scanned(session: Session) -> dict[int, dict[str, int]]:
    """The slow, obviously right answer."""
    counts: dict[int, dict[str, int]] = {}
    for qid, state, n in session.execute(
        select(Report.queue_id, Report.state, func.count()).group_by(Report.queue_id, Report.state)
    ):
        counts.setdefault(qid, {})[state] = n
    return counts


def _agree(db: Db) -> dict[int, dict[str, int]]:
    with db.tx() as s:
        kept = queue_counts.by_queue(s)
        assert kept == scanned(s)
    return kept


def test_counts_follow_every_change_of_queue_and_state(db: Db) -> None:
    now = db.clock.now()
    with db.tx() as s:
        general = seed.queue(s, "general", now)
        escalated = seed.queue(s, "escalated", now)
        s.execute(update(Queue).where(Queue.id == general).values(escalation_queue_id=escalated))
        seed.reports(s, general, now, 6)
        alice = seed.reviewer(s, "alice", now)
    assert _agree(db) == {general: {"queued": 6}}
    with db.tx() as s:
        leases = [queue.claim(s, alice, db.actor(), now) for _ in range(4)]
    assert _agree(db) == {general: {"queued": 2, "claimed": 4}}
    assert None not in leases
    a, b, c, d = (lease for lease in leases if lease is not None)
    with db.tx() as s:
        queue.decide(s, a, alice, db.actor(), now, DECISION)
        queue.release(s, b, db.actor(), now)
        queue.escalate(s, c, db.actor(), now, "needs a supervisor")
    assert _agree(db) == {
        general: {"queued": 3, "claimed": 1, "decided": 1},
        escalated: {"queued": 1},
    }
    with db.tx() as s:
        queue_counts.fold(s)
        queue_counts.fold(s)  # twice changes nothing
        assert s.scalar(text("SELECT count(*) FROM queue_counts")) == 4
        s.execute(delete(Report).where(Report.state == "queued", Report.queue_id == escalated))
        queue.decide(s, d, alice, db.actor(), now, DECISION)
    assert _agree(db) == {general: {"queued": 3, "decided": 2}}


def test_status_reads_the_counts_and_folds_them_when_due(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderator.store.reports import counts_by_queue_and_state

    monkeypatch.setattr(queue_counts, "FOLD_AT", 5)
    now = db.clock.now()
    with db.tx() as s:
        seed.queue(s, "empty", now)
        qid = seed.queue(s, "general", now)
        seed.reports(s, qid, now, 20)
    with db.tx() as s:
        assert counts_by_queue_and_state(s) == {"empty": {}, "general": {"queued": 20}}
        assert s.scalar(text("SELECT count(*) FROM queue_counts")) == 1  # folded


def test_the_migration_backfills_the_counts_and_the_triggers_are_there(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    engine = make_engine(url)
    migrate.upgrade(engine, "0020")
    now = SystemClock().now()
    with Session(engine) as s, s.begin():
        qid = seed.queue(s, "q", now)
        seed.reports(s, qid, now, 7)
        s.execute(update(Report).where(Report.id <= 2).values(state="decided"))
    migrate.upgrade(engine)
    with Session(engine) as s, s.begin():
        assert queue_counts.by_queue(s) == {qid: {"queued": 5, "decided": 2}}
        # A later migration that rebuilds `reports` (SQLite's batch mode) drops its triggers:
        # this says so.
        triggers = s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        assert {t for t in triggers if t.startswith("queue_counts")} == {
            "queue_counts_insert",
            "queue_counts_delete",
            "queue_counts_update",
        }
        seed.reports(s, qid, now, 1, prefix="N")
        assert queue_counts.by_queue(s) == scanned(s)
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_counts_stay_exact_under_concurrent_claims_decides_ingest_and_folds(
    pg_migrated: str,
) -> None:
    truncate_all(pg_migrated)
    engine = make_engine(pg_migrated)
    sessions = session_factory(engine)
    now = SystemClock().now()
    with sessions() as s, s.begin():
        qid = seed.queue(s, "general", now)
        people = [seed.reviewer(s, f"r{i}", now) for i in range(6)]
        seed.reports(s, qid, now, 300)
    errors: list[BaseException] = []
    stop = threading.Event()

    def ingest() -> None:
        try:
            for batch in range(10):
                with sessions() as s, s.begin():
                    seed.reports(s, qid, SystemClock().now(), 20, prefix=f"I{batch}")
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    def fold() -> None:
        try:
            while not stop.is_set():
                with sessions() as s, s.begin():
                    queue_counts.fold(s)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    workers = [
        threading.Thread(target=work_until_drained, args=(pg_migrated, p, errors, lambda: DECISION))
        for p in people
    ]
    others = [threading.Thread(target=ingest), threading.Thread(target=fold)]
    for t in [*workers, *others]:
        t.start()
    for t in [*workers, others[0]]:
        t.join(timeout=300)
    stop.set()
    others[1].join(timeout=60)
    assert not errors, errors
    with sessions() as s, s.begin():
        assert queue_counts.by_queue(s) == scanned(s)
        assert sum(scanned(s)[qid].values()) == 500
    engine.dispose()
