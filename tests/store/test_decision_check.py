"""Every DECIDE event has its decision row and every row its event, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from moderator.store import decision_check, queue
from moderator.store.decision_check import LOCAL
from moderator.store.queue import DecisionInput
from moderator.store.verification import verify_local
from tests.helpers import seed
from tests.store.conftest import Db

DECISION = DecisionInput("platform-generic", "1", "a" * 64, "violation", {"q1": "yes"})
WS = "ws-alice"


@pytest.fixture
def decided(db: Db) -> list[tuple[int, str]]:
    """Three decided reports and one released; [(seq, decision uid)] of the DECIDE events."""
    now = db.clock.now()
    with db.tx() as s:
        qid = seed.queue(s, "general", now)
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, qid, now, 4)
    found = []
    for i in range(4):
        with db.tx() as s:
            lease = queue.claim(s, alice, db.actor(), now)
            assert lease is not None
            if i == 3:
                queue.release(s, lease, db.actor(), now, "later")
                continue
            uid = queue.decide(s, lease, alice, db.actor(), now, DECISION)
            seq = s.execute(
                text("SELECT max(seq) FROM audit_events WHERE kind = 'decide'")
            ).scalar_one()
            found.append((int(seq), uid))
    return found


def problems(db: Db) -> list[str]:
    with db.tx() as s:
        counts = decision_check.decision_counts(s, LOCAL)
        return [
            f.describe() for f in decision_check.check_decisions(s, LOCAL, WS, counts.get(WS, 0))
        ]


def run(db: Db, sql: str) -> None:
    with db.tx() as s:
        s.execute(text(sql))


def test_matched_decisions_pass(db: Db, decided: list[tuple[int, str]]) -> None:
    assert problems(db) == []
    with db.tx() as s:
        (status,) = verify_local(s)
    assert status.ok, status.problems


def test_a_deleted_row_an_edited_row_and_an_orphan_are_each_named(
    db: Db, decided: list[tuple[int, str]]
) -> None:
    (seq1, uid1), (seq2, uid2), (_seq3, uid3) = decided
    run(db, f"DELETE FROM decisions WHERE uid = '{uid1}'")
    run(db, f"UPDATE decisions SET outcome = 'none', review_round = 2 WHERE uid = '{uid2}'")
    run(
        db,
        f"UPDATE audit_events SET kind = 'claim' WHERE kind = 'decide' AND payload LIKE '%{uid3}%'",
    )
    found = problems(db)
    assert found == [
        f"workstation {WS}: seq {seq1}: decision {uid1} of this DECIDE event has no decision "
        "row (deleted)",
        f"workstation {WS}: seq {seq2}: decision row {uid2} says outcome 'none' (the event says "
        "'violation'), review_round '2' (the event says '1'): edited",
        found[2],
    ]
    assert found[2].startswith(f"workstation {WS}: decision {uid3} (report ")
    assert found[2].endswith(
        "has no DECIDE event in the chain (its event was deleted, or the row was added)"
    )


def test_a_decide_payload_that_is_not_json_is_named_not_raised(
    db: Db, decided: list[tuple[int, str]]
) -> None:
    seq, _uid = decided[0]
    run(db, f"UPDATE audit_events SET payload = '{{not json' WHERE seq = {seq}")
    found = problems(db)
    assert f"workstation {WS}: seq {seq}: DECIDE event payload is not readable JSON" in found


def test_a_row_on_another_workstation_is_named(db: Db, decided: list[tuple[int, str]]) -> None:
    seq, uid = decided[0]
    run(db, f"UPDATE decisions SET workstation = 'ws-other' WHERE uid = '{uid}'")
    assert f"workstation {WS}: seq {seq}: decision row {uid} says workstation ws-other: edited" in (
        problems(db)
    )
    with db.tx() as s:
        statuses = {st.workstation: st for st in verify_local(s)}
    assert not statuses["ws-other"].ok  # its orphan row is named on its side too
    assert f"decision {uid} (report" in statuses["ws-other"].problems[0]


def test_many_problems_are_counted_after_the_first_twenty(db: Db) -> None:
    now = db.clock.now()
    with db.tx() as s:
        qid = seed.queue(s, "general", now)
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, qid, now, 25)
    for _ in range(25):
        with db.tx() as s:
            lease = queue.claim(s, alice, db.actor(), now)
            assert lease is not None
            queue.decide(s, lease, alice, db.actor(), now, DECISION)
    run(db, "DELETE FROM decisions")
    found = problems(db)
    assert len(found) == decision_check.MAX_NAMED + 1
    assert found[-1] == f"workstation {WS}: and 5 more decision problem(s)"
