"""Sixteen reviewers at once on the real PostgreSQL, every decision reviewed twice and gold
mixed in: no one ever reviews their own round-1 report, no one gets a gold item twice."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moderator.domain.clock import SystemClock
from moderator.store import journal, quality, queue
from moderator.store.db import make_engine
from moderator.store.journal import Actor
from moderator.store.models import Decision, MediaItem
from moderator.store.models_quality import GoldCopy, GoldResult, SecondReview
from moderator.store.queue import DecisionInput, ReviewerRef
from tests.conftest import truncate_all
from tests.helpers import seed
from tests.helpers.workers import work_until_drained

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORKERS = 16
REPORTS = 300
GOLD = 12


def _decision(rng: random.Random) -> DecisionInput:
    outcome = rng.choice(["remove", "no_violation"])
    return DecisionInput("platform-generic", "1", "c" * 64, outcome, {"q": "yes"})


def _worker(url: str, who: ReviewerRef, seed_: int, errors: list[BaseException]) -> None:
    rng = random.Random(seed_)
    work_until_drained(
        url,
        who,
        errors,
        lambda: _decision(rng),
        claim_args={"rng": rng},
        patience=60.0,
        pause=0.02,
    )


def test_sixteen_workers_never_review_their_own_report_twice(
    pg_migrated: str, request: pytest.FixtureRequest
) -> None:
    truncate_all(pg_migrated)
    engine = make_engine(pg_migrated)
    request.addfinalizer(engine.dispose)
    clock = SystemClock()
    with Session(engine) as s, s.begin():
        qid = seed.queue(s, "general", clock.now())
        gold_decider = seed.reviewer(s, "gold", clock.now())
        workers = [seed.reviewer(s, f"r{i:02d}", clock.now()) for i in range(WORKERS)]
        gold_ids = seed.reports(s, qid, clock.now(), GOLD, prefix="G")
        s.add_all(MediaItem(report_id=i, uri=f"g{i}.jpg", kind="image") for i in gold_ids)
    gold_actor = Actor("gold", "ws-gold")
    for _ in range(GOLD):
        with Session(engine) as s, s.begin():
            lease = queue.claim(s, gold_decider, gold_actor, clock.now())
            assert lease is not None
            queue.decide(
                s, lease, gold_decider, gold_actor, clock.now(), _decision(random.Random())
            )
            quality.mark_gold(s, gold_actor, clock.now(), lease.report_uid, "remove")
    with Session(engine) as s, s.begin():
        seed.reports(s, qid, clock.now(), REPORTS)
        quality.set_settings(
            s, gold_actor, clock.now(), "general", gold_rate=0.1, second_review=1.0
        )

    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_worker, args=(pg_migrated, w, i, errors))
        for i, w in enumerate(workers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert not errors, errors[:3]
    assert not any(t.is_alive() for t in threads)

    with Session(engine) as s:
        copies = set(s.scalars(select(GoldCopy.report_id)))
        rows = s.execute(
            select(Decision.report_id, Decision.review_round, Decision.reviewer_id)
        ).all()
        by_report: dict[int, dict[int, int]] = {}
        for report_id, round_, reviewer_id in rows:
            by_report.setdefault(report_id, {})[round_] = reviewer_id
        real = [r for r in by_report if r not in copies and r not in gold_ids]
        assert len(real) == REPORTS
        for report_id in real:
            rounds = by_report[report_id]
            assert set(rounds) == {1, 2}, rounds
            assert rounds[1] != rounds[2], f"report {report_id} reviewed twice by one reviewer"
        assert copies, "no gold was served"
        served = Counter(s.execute(select(GoldCopy.gold_id, GoldCopy.reviewer_id)).all())
        assert max(served.values()) == 1
        assert s.scalar(select(func.count()).select_from(GoldResult)) == len(copies)
        assert all(set(by_report[c]) == {1} for c in copies)  # no second review of gold
        assert s.scalar(select(func.count()).select_from(SecondReview)) == REPORTS
        assert all(r.ok for r in journal.verify(s))
