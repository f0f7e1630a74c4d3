"""Training gates the claim itself, to the microsecond and whatever zone a time is written in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from moderator.services.training import EXPIRED, EXPIRING, gating, training_status
from moderator.store import queue
from moderator.store.queue import Lease, ReviewerRef
from tests.helpers import seed
from tests.store.conftest import Db

EXPIRES = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
SEOUL = timezone(timedelta(hours=9))
US = timedelta(microseconds=1)


def _claim_at(db: Db, who: ReviewerRef, at: datetime) -> Lease | None:
    with db.tx() as s:
        lease = queue.claim(s, who, db.actor(who.username, f"ws-{who.username}"), at)
        if lease is not None:  # give it back: the next probe sees the same queue
            queue.release(s, lease, db.actor(who.username, f"ws-{who.username}"), at)
        return lease


@pytest.fixture
def gated(db: Db) -> ReviewerRef:
    now = EXPIRES - timedelta(days=300)
    with db.tx() as s:
        qid = seed.queue(s, "csam", now, trainings=("CSAM-CERT",))
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, qid, now, 2)
        seed.training(s, alice, "CSAM-CERT", now, EXPIRES)
    return alice


def test_claims_one_microsecond_before_expiry_and_not_at_it(db: Db, gated: ReviewerRef) -> None:
    assert _claim_at(db, gated, EXPIRES - US) is not None
    assert _claim_at(db, gated, EXPIRES) is None
    assert _claim_at(db, gated, EXPIRES + US) is None


def test_the_same_instant_in_another_zone_gates_the_same(db: Db, gated: ReviewerRef) -> None:
    just_before = (EXPIRES - US).astimezone(SEOUL)
    at_expiry = EXPIRES.astimezone(ZoneInfo("Asia/Seoul"))
    assert just_before.utcoffset() == timedelta(hours=9)
    assert _claim_at(db, gated, just_before) is not None
    assert _claim_at(db, gated, at_expiry) is None


def test_status_and_gating_agree_with_the_claim_at_the_boundary(db: Db, gated: ReviewerRef) -> None:
    with db.tx() as s:
        before = training_status(s, EXPIRES - US)
        at = training_status(s, EXPIRES.astimezone(SEOUL))
        gate_before, gate_at = gating(s, "alice", EXPIRES - US), gating(s, "alice", EXPIRES)
    assert [r.state for r in before] == [EXPIRING]
    assert [r.state for r in at] == [EXPIRED]
    assert gate_before.open_queues == ("csam",)
    assert not gate_before.blocked
    assert gate_at.open_queues == ()
    assert [b.course.course_code for b in gate_at.blocked] == ["CSAM-CERT"]
