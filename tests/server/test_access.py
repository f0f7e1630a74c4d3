"""A reviewer acts only on reports it holds and in queues its role and training allow; the
abuses of issue 16 that go through the review loop, each refused with nothing changed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from moderator.store.models import AuditEvent, Decision, PendingDecision, Report
from tests.server.conftest import Team, rid
from tests.server.helpers import count, refusals, refused, snapshot

pytestmark = pytest.mark.postgres


def test_a_colleagues_lease_cannot_be_used_for_anything(team: Team) -> None:
    team.add_reports("general", 2)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    lease = alice.lease()
    token = lease["token"]
    before = snapshot(team)
    for path, body in [
        (f"/v1/leases/{token}/renew", {"request_id": rid()}),
        (f"/v1/leases/{token}/release", {"request_id": rid(), "reason": "mine now"}),
        (f"/v1/leases/{token}/skip", {"request_id": rid()}),
        (f"/v1/leases/{token}/escalate", {"request_id": rid(), "reason": "x"}),
    ]:
        refused(bob.post(path, body), 409, "lease-lost")
    refused(bob.submit(token), 409, "lease-lost")
    refused(bob.get(f"/v1/leases/{token}/report"), 409, "lease-lost")
    refused(bob.get(f"/v1/leases/{token}/media/0"), 409, "lease-lost")
    assert snapshot(team) == before
    # Every refusal is in bob's server chain, with what was tried.
    mine = [r for r in refusals(team) if r["actor"] == "bob"]
    assert len(mine) == 7
    assert {r["workstation"] for r in mine} == {bob.workstation}
    # Alice still holds it and decides it.
    assert alice.submit(token).status_code == 201


def test_never_claimed_reports_cannot_be_decided_by_guessing_tokens(team: Team) -> None:
    team.add_reports("general", 1)
    bob = team.enroll("bob")
    before = snapshot(team)
    refused(bob.submit(rid()), 409, "lease-lost")
    refused(bob.submit("not-a-uuid"), 422, "invalid-request")
    assert snapshot(team) == before


def test_a_supervisor_only_queue_is_closed_to_a_reviewer(team: Team) -> None:
    team.add_reports("supervisors", 1)
    alice, sue = team.enroll("alice"), team.enroll("sue")
    got = alice.claim(queue_ids=[team.queues["supervisors"]])
    assert got.status_code == 200
    assert got.json()["lease"] is None
    assert alice.claim().json()["lease"] is None
    assert sue.lease()["queue_id"] == team.queues["supervisors"]


def test_a_queue_needing_a_course_is_closed_without_it(team: Team) -> None:
    team.add_reports("gated", 1)
    alice, bob = team.enroll("alice"), team.enroll("bob")  # bob holds the course
    assert alice.claim().json()["lease"] is None
    blocked = alice.get("/v1/me/training").json()["blocked"]
    assert [b["course"]["course_code"] for b in blocked] == ["CSAM-101"]
    assert bob.lease()["queue_id"] == team.queues["gated"]


def test_a_pending_decision_of_a_colleague_cannot_be_touched(team: Team) -> None:
    team.add_reports("general", 1)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    lease = alice.lease()
    decision_id = rid()
    alice.submit(lease["token"], decision_id)
    before = snapshot(team)
    refused(bob.post(f"/v1/decisions/{decision_id}/undo", {"request_id": rid()}), 404, "not-found")
    refused(
        bob.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()}), 404, "not-found"
    )
    refused(bob.get(f"/v1/decisions/{decision_id}"), 404, "not-found")
    assert bob.get("/v1/pending").json() == []
    assert snapshot(team) == before
    # Nor can the lease behind it be given away while it waits, by anyone.
    refused(
        alice.post(f"/v1/leases/{lease['token']}/release", {"request_id": rid()}),
        409,
        "decision-pending",
    )
    refused(alice.submit(lease["token"]), 409, "decision-pending")
    assert count(team, PendingDecision) == 1


def test_undo_after_the_grace_period_is_refused(team: Team) -> None:
    team.add_reports("general", 1)
    alice = team.enroll("alice")
    lease = alice.lease()
    decision_id = rid()
    alice.submit(lease["token"], decision_id)
    with team.engine.begin() as conn:
        conn.execute(text("UPDATE pending_decisions SET final_at = final_at - interval '1 minute'"))
    refused(
        alice.post(f"/v1/decisions/{decision_id}/undo", {"request_id": rid()}), 409, "undo-too-late"
    )
    assert count(team, PendingDecision) == 1


def test_a_report_is_shown_to_one_person_at_a_time(team: Team) -> None:
    team.add_reports("general", 20)
    desks = [team.enroll(name) for name in ("alice", "bob", "carol")]
    got: list[str] = []
    lock = threading.Lock()

    def work(desk: object) -> None:
        while True:
            lease = desk.claim().json()["lease"]  # type: ignore[attr-defined]
            if lease is None:
                return
            with lock:
                got.append(lease["report_uid"])

    threads = [threading.Thread(target=work, args=(d,)) for d in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 20
    assert len(set(got)) == 20


def test_a_fast_client_clock_cannot_expire_a_colleagues_lease(team: Team) -> None:
    """Issue 16: a client 30 s fast returned live leases to the queue. Time is the server's."""
    team.add_reports("general", 3)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    lease = alice.lease()
    fast = {"Date": "Thu, 01 Jan 2099 00:00:00 GMT"}
    for _ in range(2):
        assert bob.post("/v1/claims", {"request_id": rid()}, headers=fast).status_code == 200
    refused(bob.claim(now="2099-01-01T00:00:00Z"), 422, "invalid-request")
    with team.sessions() as s:
        state = s.execute(
            select(Report.state, Report.claimed_by).where(Report.uid == lease["report_uid"])
        ).one()
        expired = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "lease_expired")
        )
    assert tuple(state) == ("claimed", team.people["alice"].id)
    assert expired == 0
    assert (
        alice.post(f"/v1/leases/{lease['token']}/renew", {"request_id": rid()}).status_code == 200
    )


def test_a_lease_past_its_server_time_is_lost_even_before_the_sweep(team: Team) -> None:
    team.add_reports("general", 1)
    alice = team.enroll("alice")
    lease = alice.lease()
    with team.engine.begin() as conn:
        conn.execute(text("UPDATE reports SET lease_expires_at = now() - interval '1 second'"))
    refused(alice.get(f"/v1/leases/{lease['token']}/media/0"), 409, "lease-lost")
    refused(alice.submit(lease["token"]), 409, "lease-lost")
    assert count(team, Decision) == 0


def test_media_is_checked_against_its_ingest_hash(team: Team) -> None:
    (report,) = team.add_reports("general", 1)
    alice = team.enroll("alice")
    lease = alice.lease()
    (path,) = [p for p in team.media.rglob("*") if p.is_file()]
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, one byte different
    path.write_bytes(bytes(data))
    before = snapshot(team)
    refused(alice.get(f"/v1/leases/{lease['token']}/media/0"), 409, "media-unavailable")
    assert snapshot(team) == before
    path.write_bytes(bytes(data[:-1]))  # now the size differs: refused before any byte
    refused(alice.get(f"/v1/leases/{lease['token']}/media/0"), 409, "media-unavailable")
    refused(alice.get(f"/v1/leases/{lease['token']}/media/5"), 404, "not-found")


def test_a_reviewer_cannot_hoard_the_queue(team: Team) -> None:
    team.add_reports("general", 15)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    for _ in range(10):
        alice.lease()
    before = snapshot(team)
    refused(alice.claim(), 409, "too-many-leases")
    assert snapshot(team) == before
    assert bob.lease()["report_uid"]
