"""The review loop through the server, in process, on the real PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select, text

from moderator.domain.audit import EventKind
from moderator.server import upkeep
from moderator.server.review.service import finalize_due
from moderator.store import journal
from moderator.store.models import AuditEvent, Decision, Report
from tests.server.conftest import Team, rid

pytestmark = pytest.mark.postgres


def test_a_reviewer_claims_sees_fetches_submits_and_the_decision_is_theirs(team: Team) -> None:
    team.add_reports("general", 2)
    alice = team.enroll("alice")
    me = alice.get("/v1/me").json()
    assert (me["username"], me["role"], me["workstation"]) == (
        "alice",
        "reviewer",
        alice.workstation,
    )

    lease = alice.lease()
    report = alice.get(f"/v1/leases/{lease['token']}/report")
    assert report.status_code == 200, report.text
    media = report.json()["media"]
    assert media[0]["available"] is True
    got = alice.get(f"/v1/leases/{lease['token']}/media/0")
    assert got.status_code == 200
    assert hashlib.sha256(got.content).hexdigest() == media[0]["sha256"]
    assert got.headers["x-moderator-sha256"] == media[0]["sha256"]

    decision_id = rid()
    pending = alice.submit(lease["token"], decision_id)
    assert pending.status_code == 201, pending.text
    assert alice.get(f"/v1/decisions/{decision_id}").json()["state"] == "pending"
    assert [p["decision_id"] for p in alice.get("/v1/pending").json()] == [decision_id]
    final = alice.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
    assert final.status_code == 200, final.text
    assert final.json()["state"] == "final"

    with team.sessions() as s:
        decision = s.execute(select(Decision)).scalar_one()
        assert decision.reviewer_id == team.people["alice"].id
        assert decision.uid == final.json()["decision_uid"]
        kinds = list(
            s.scalars(
                select(AuditEvent.kind)
                .where(AuditEvent.workstation != team.server.main_chain)
                .order_by(AuditEvent.seq)
            )
        )
    assert kinds == ["enroll", "claim", "media_fetch", "submit", "decide"]
    # The server's chains are signed and verify.
    assert upkeep.checkpoint_all(team.server) >= 1
    with team.sessions() as s:
        upkeep.register_server_key(team.server)
        reports = journal.verify(s)
    assert reports
    assert all(r.ok for r in reports), [r.problem for r in reports]
    assert all(r.checkpoint_seq for r in reports if r.events > 1)


def test_a_decision_left_in_its_grace_period_is_finalized_by_the_server(team: Team) -> None:
    team.add_reports("general", 1)
    alice = team.enroll("alice")
    lease = alice.lease()
    decision_id = rid()
    assert alice.submit(lease["token"], decision_id).status_code == 201
    # The desktop never comes back; the server's sweeper finalizes once the grace is over.
    assert finalize_due(team.server) == 0
    with team.sessions.begin() as s:  # as if the grace period had run out
        s.execute(text("UPDATE pending_decisions SET final_at = final_at - interval '1 hour'"))
    assert finalize_due(team.server) == 1
    state = alice.get(f"/v1/decisions/{decision_id}").json()
    assert state["state"] == "final"
    assert state["decision_uid"]
    with team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 1
        assert s.scalar(select(Report.state)) == "decided"


def test_undo_gives_the_report_back_and_nothing_is_decided(team: Team) -> None:
    team.add_reports("general", 1)
    alice = team.enroll("alice")
    lease = alice.lease()
    decision_id = rid()
    alice.submit(lease["token"], decision_id)
    back = alice.post(f"/v1/decisions/{decision_id}/undo", {"request_id": rid()})
    assert back.status_code == 200, back.text
    assert back.json()["token"] == lease["token"]
    assert alice.get(f"/v1/decisions/{decision_id}").json()["state"] == "undone"
    again = alice.submit(lease["token"])
    assert again.status_code == 201
    with team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        events = list(s.scalars(select(AuditEvent.kind).where(AuditEvent.kind == EventKind.UNDO)))
    assert events == ["undo"]
