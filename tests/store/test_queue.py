"""Queue semantics, run identically on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from moderator.domain.reports import Role
from moderator.store import journal, queue
from moderator.store.errors import LeaseLost, NotFound
from moderator.store.models import AuditEvent, Decision, PendingDecision, Report
from moderator.store.queue import DecisionInput
from tests.helpers import seed
from tests.store.conftest import Db

DECISION = DecisionInput("platform-generic", "1", "a" * 64, "no_violation", {"q1": "yes"})


def setup_queue(db: Db, n: int = 3, **report_fields: object) -> tuple[int, queue.ReviewerRef]:
    now = db.clock.now()
    with db.tx() as s:
        qid = seed.queue(s, "general", now)
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, qid, now, n, **report_fields)
    return qid, alice


def claim(db: Db, who: queue.ReviewerRef, **kw: object) -> queue.Lease | None:
    with db.tx() as s:
        return queue.claim(
            s, who, db.actor(who.username, f"ws-{who.username}"), db.clock.now(), **kw
        )  # type: ignore[arg-type]


def test_claim_takes_the_oldest_first_and_sets_a_lease(db: Db) -> None:
    _qid, alice = setup_queue(db)
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        row = s.get(Report, lease.report_id)
        assert row is not None
        assert (row.state, row.claimed_by, row.lease_token) == ("claimed", alice.id, lease.token)
        assert row.external_ref == "R-000000"
        assert row.lease_expires_at == db.clock.now() + queue.DEFAULT_LEASE


def test_order_is_sla_then_severity_then_age(db: Db) -> None:
    now = db.clock.now()
    with db.tx() as s:
        qid = seed.queue(s, "q", now)
        alice = seed.reviewer(s, "alice", now)
        seed.reports(
            s, qid, now, 1, prefix="late-sla", sla_due=now + timedelta(hours=9), priority=5
        )
        seed.reports(
            s, qid, now, 1, prefix="soon-low", sla_due=now + timedelta(hours=1), priority=1
        )
        seed.reports(
            s, qid, now, 1, prefix="soon-high", sla_due=now + timedelta(hours=1), priority=5
        )
        seed.reports(s, qid, now, 2, prefix="age", sla_due=now + timedelta(hours=5))
    order = []
    while (lease := claim(db, alice)) is not None:
        with db.tx() as s:
            order.append(s.scalar(select(Report.external_ref).where(Report.id == lease.report_id)))
    assert order == [
        "soon-high-000000",
        "soon-low-000000",
        "age-000000",
        "age-000001",
        "late-sla-000000",
    ]


def test_empty_queue_gives_none(db: Db) -> None:
    _qid, alice = setup_queue(db, n=0)
    assert claim(db, alice) is None


def test_decide_records_decision_state_and_audit_in_one_go(db: Db) -> None:
    _qid, alice = setup_queue(db, n=1)
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        uid = queue.decide(s, lease, alice, db.actor(ws="ws-alice"), db.clock.now(), DECISION)
    with db.tx() as s:
        decision = s.scalars(select(Decision)).one()
        assert (decision.uid, decision.outcome, decision.policy_hash) == (
            uid,
            "no_violation",
            "a" * 64,
        )
        assert decision.answers == '{"q1":"yes"}'
        report = s.get(Report, lease.report_id)
        assert report is not None
        assert report.state == "decided"
        assert report.claimed_by is None
        kinds = list(s.scalars(select(AuditEvent.kind).order_by(AuditEvent.seq)))
        assert kinds == ["claim", "decide"]
        assert all(r.ok for r in journal.verify(s))


def test_a_failed_decision_leaves_no_trace(db: Db) -> None:
    """If any part of decide fails, none of it is kept: the report stays claimed."""
    _qid, alice = setup_queue(db, n=1)
    lease = claim(db, alice)
    assert lease is not None
    bad = DecisionInput("p", "1", "h" * 64, "x", {}, seconds_on_item=-1)  # violates a CHECK
    with pytest.raises(IntegrityError), db.tx() as s:
        queue.decide(s, lease, alice, db.actor(ws="ws-alice"), db.clock.now(), bad)
    with db.tx() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert s.scalar(select(Report.state)) == "claimed"
        assert list(s.scalars(select(AuditEvent.kind))) == ["claim"]


def test_double_decision_is_impossible(db: Db) -> None:
    _qid, alice = setup_queue(db, n=1)
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        queue.decide(s, lease, alice, db.actor(), db.clock.now(), DECISION)
    with pytest.raises(LeaseLost), db.tx() as s:
        queue.decide(s, lease, alice, db.actor(), db.clock.now(), DECISION)
    # Even a write that bypasses the queue functions is refused by the database.
    with pytest.raises(IntegrityError), db.tx() as s:
        s.execute(
            insert(Decision).values(
                uid="dup",
                report_id=lease.report_id,
                review_round=1,
                reviewer_id=alice.id,
                policy_id="p",
                policy_version="1",
                policy_hash="h" * 64,
                outcome="x",
                answers="{}",
                notes="",
                seconds_on_item=0,
                seconds_exposed=0,
                decided_at=db.clock.now(),
                workstation="w",
                lease_token="t",
            )
        )


def test_the_database_refuses_a_half_made_lease(db: Db) -> None:
    _qid, _alice = setup_queue(db, n=1)
    with pytest.raises(IntegrityError), db.tx() as s:
        s.execute(update(Report).values(state="claimed"))  # claimed without holder or token
    with pytest.raises(IntegrityError), db.tx() as s:
        s.execute(update(Report).values(lease_token="t"))  # a token on a queued report


def test_renew_extends_and_release_returns(db: Db) -> None:
    _qid, alice = setup_queue(db, n=1)
    lease = claim(db, alice)
    assert lease is not None
    db.clock.advance(minutes=4)
    with db.tx() as s:
        renewed = queue.renew(s, lease, db.clock.now())
    assert renewed.expires_at == db.clock.now() + queue.DEFAULT_LEASE
    with db.tx() as s:
        queue.release(s, renewed, db.actor(), db.clock.now(), "closing")
    with db.tx() as s:
        assert s.scalar(select(Report.state)) == "queued"
    with pytest.raises(LeaseLost), db.tx() as s:
        queue.renew(s, renewed, db.clock.now())


def test_an_expired_lease_goes_back_to_the_queue(db: Db) -> None:
    now = db.clock.now()
    _qid, alice = setup_queue(db, n=1)
    with db.tx() as s:
        bob = seed.reviewer(s, "bob", now)
    lease = claim(db, alice)
    assert lease is not None
    assert claim(db, bob) is None
    db.clock.advance(minutes=5, seconds=1)
    bobs = claim(db, bob)
    assert bobs is not None
    assert bobs.report_id == lease.report_id
    with pytest.raises(LeaseLost), db.tx() as s:
        queue.decide(s, lease, alice, db.actor(), db.clock.now(), DECISION)
    with db.tx() as s:
        queue.decide(s, bobs, bob, db.actor("bob", "ws-bob"), db.clock.now(), DECISION)
        kinds = list(s.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))
    assert kinds == ["claim", "lease_expired", "claim", "decide"]


def test_skip_keeps_the_report_from_that_reviewer_for_a_while(db: Db) -> None:
    now = db.clock.now()
    _qid, alice = setup_queue(db, n=1)
    with db.tx() as s:
        bob = seed.reviewer(s, "bob", now)
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        queue.skip(s, lease, alice, db.actor(), db.clock.now(), cooldown=timedelta(minutes=30))
    assert claim(db, alice) is None
    other = claim(db, bob)
    assert other is not None
    assert other.report_id == lease.report_id
    with db.tx() as s:
        queue.release(s, other, db.actor("bob", "ws-bob"), db.clock.now())
    db.clock.advance(minutes=31)
    again = claim(db, alice)
    assert again is not None
    assert again.report_id == lease.report_id
    with db.tx() as s:  # a second skip updates the cooldown instead of failing
        queue.skip(s, again, alice, db.actor(), db.clock.now())


def test_escalate_moves_to_the_supervisor_queue(db: Db) -> None:
    now = db.clock.now()
    with db.tx() as s:
        sup_q = seed.queue(s, "escalations", now, min_role=Role.SUPERVISOR)
        qid = seed.queue(s, "general", now, escalation=sup_q)
        alice = seed.reviewer(s, "alice", now)
        sam = seed.reviewer(s, "sam", now, Role.SUPERVISOR)
        seed.reports(s, qid, now, 1)
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        assert queue.escalate(s, lease, db.actor(), db.clock.now(), "unsure") == sup_q
    assert claim(db, alice) is None  # reviewers cannot claim from the supervisor queue
    sams = claim(db, sam)
    assert sams is not None
    assert sams.queue_id == sup_q
    with pytest.raises(NotFound), db.tx() as s:
        queue.escalate(s, sams, db.actor("sam", "ws-sam"), db.clock.now(), "again")


def test_training_gates_the_claim_exactly_at_expiry(db: Db) -> None:
    now = db.clock.now()
    with db.tx() as s:
        qid = seed.queue(s, "csam", now, trainings=("CERT",))
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, qid, now, 2)
    assert claim(db, alice) is None  # no record at all
    with db.tx() as s:
        seed.training(s, alice, "CERT", now - timedelta(days=300), now + timedelta(minutes=10))
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        queue.release(s, lease, db.actor(), db.clock.now())
    db.clock.advance(minutes=10)  # exactly at expires_at: no longer valid
    assert claim(db, alice) is None


def test_claim_can_be_limited_to_queues(db: Db) -> None:
    now = db.clock.now()
    with db.tx() as s:
        q1 = seed.queue(s, "a", now)
        q2 = seed.queue(s, "b", now)
        alice = seed.reviewer(s, "alice", now)
        seed.reports(s, q1, now, 1, prefix="A")
        seed.reports(s, q2, now, 1, prefix="B")
    lease = claim(db, alice, queue_ids=[q2])
    assert lease is not None
    assert lease.queue_id == q2


def test_every_action_is_in_the_verified_chain(db: Db) -> None:
    _qid, alice = setup_queue(db, n=3)
    for _ in range(3):
        lease = claim(db, alice)
        assert lease is not None
        with db.tx() as s:
            queue.decide(s, lease, alice, db.actor(ws="ws-alice"), db.clock.now(), DECISION)
    with db.tx() as s:
        reports = journal.verify(s)
        assert [(r.workstation, r.events, r.ok) for r in reports] == [("ws-alice", 6, True)]
        s.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 4"))
        broken = journal.verify(s)[0]
        assert broken.problem is not None
        assert broken.problem.seq == 4


def test_concurrent_appends_from_one_workstation_queue_up(db: Db) -> None:
    """Four threads of one workstation append at once: all succeed, the chain stays whole."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def appender(n: int) -> None:
        try:
            barrier.wait()
            for i in range(15):
                with db.tx() as s:
                    journal.append(
                        s,
                        db.actor(ws="ws-shared"),
                        "view",
                        db.clock.now(),
                        payload={"thread": n, "i": i},
                    )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=appender, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:2]
    with db.tx() as s:
        (report,) = journal.verify(s)
    assert (report.ok, report.events) == (True, 60)


def test_a_pending_decision_keeps_its_lease_past_expiry(db: Db) -> None:
    """A decision submitted but not yet final (undo grace, or a crashed client) is not orphaned."""
    now = db.clock.now()
    _qid, alice = setup_queue(db, n=1)
    with db.tx() as s:
        bob = seed.reviewer(s, "bob", now)
    lease = claim(db, alice)
    assert lease is not None
    with db.tx() as s:
        s.add(
            PendingDecision(
                report_id=lease.report_id,
                uid="p1",
                report_uid=lease.report_uid,
                queue_id=lease.queue_id,
                review_round=1,
                lease_token=lease.token,
                reviewer_id=alice.id,
                workstation="ws-alice",
                decision="{}",
                submitted_at=now,
                final_at=now + timedelta(seconds=10),
            )
        )
    db.clock.advance(hours=2)
    assert claim(db, bob) is None
    with db.tx() as s:
        assert s.scalar(select(Report.claimed_by)) == alice.id
