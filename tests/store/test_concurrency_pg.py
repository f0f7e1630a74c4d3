"""Sixteen reviewers at once on the real PostgreSQL: every report decided exactly once."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moderator.domain.clock import SystemClock
from moderator.store import journal, queue
from moderator.store.db import make_engine
from moderator.store.journal import Actor
from moderator.store.models import AuditEvent, Decision, Report
from moderator.store.queue import DecisionInput, ReviewerRef
from tests.conftest import truncate_all
from tests.helpers import seed
from tests.helpers.workers import work_until_drained

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORKERS = 16
REPORTS = 2000
DECISION = DecisionInput("platform-generic", "1", "c" * 64, "violation", {"q": "yes"})


def _worker(url: str, who: ReviewerRef, errors: list[BaseException], decided: list[int]) -> None:
    work_until_drained(
        url, who, errors, lambda: DECISION, on_decided=lambda lease: decided.append(lease.report_id)
    )


def test_sixteen_workers_decide_every_report_exactly_once(
    pg_migrated: str, request: pytest.FixtureRequest
) -> None:
    truncate_all(pg_migrated)
    engine = make_engine(pg_migrated)
    request.addfinalizer(engine.dispose)
    clock = SystemClock()
    with Session(engine) as s, s.begin():
        qid = seed.queue(s, "general", clock.now())
        people = [seed.reviewer(s, f"r{i:02d}", clock.now()) for i in range(WORKERS + 1)]
        seed.reports(s, qid, clock.now(), REPORTS)
    dead, workers = people[0], people[1:]

    # A worker claims with a short lease and dies without releasing or deciding.
    with Session(engine) as s, s.begin():
        orphan = queue.claim(
            s, dead, Actor(dead.username, "ws-dead"), clock.now(), lease=timedelta(seconds=1)
        )
    assert orphan is not None

    errors: list[BaseException] = []
    decided: list[int] = []
    threads = [
        threading.Thread(target=_worker, args=(pg_migrated, w, errors, decided)) for w in workers
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - started
    assert not errors, errors[:3]
    assert not any(t.is_alive() for t in threads)

    with Session(engine) as s:
        decisions = s.execute(select(Decision.report_id, Decision.reviewer_id)).all()
        assert len(decisions) == REPORTS
        assert len({d.report_id for d in decisions}) == REPORTS
        assert Counter(decided) == Counter(d.report_id for d in decisions)
        assert (
            s.scalar(select(func.count()).select_from(Report).where(Report.state != "decided")) == 0
        )
        # The orphaned report was decided by someone else after its lease expired.
        orphan_decider = next(d.reviewer_id for d in decisions if d.report_id == orphan.report_id)
        assert orphan_decider != dead.id

        # No double claim: a report is claimed again only after its lease was given back.
        events = s.execute(
            select(AuditEvent.report_uid, AuditEvent.kind, AuditEvent.occurred_at)
            .where(AuditEvent.kind.in_(["claim", "decide", "lease_expired"]))
            # Events of one transaction share a timestamp: their chain order breaks the tie.
            .order_by(AuditEvent.occurred_at, AuditEvent.workstation, AuditEvent.seq)
        ).all()
        by_report: dict[str, list[str]] = defaultdict(list)
        for uid, kind, _at in events:
            by_report[uid].append(kind)
        for uid, kinds in by_report.items():
            holders = 0
            for kind in kinds:
                holders += 1 if kind == "claim" else -1
                assert holders in (0, 1), f"report {uid} claimed twice at once: {kinds}"
            assert kinds[-1] == "decide"
        assert by_report[orphan.report_uid] == ["claim", "lease_expired", "claim", "decide"]
        assert all(r.ok for r in journal.verify(s))
    print(f"\n{REPORTS} claim+decide cycles by {WORKERS} threads in {elapsed:.2f} s")
