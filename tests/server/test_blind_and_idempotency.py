"""Blind stays blind through the API, and every mutation runs once per request id."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, select, text

from moderator.store import quality
from moderator.store.journal import Actor
from moderator.store.models import AuditEvent, Decision, Report
from moderator.store.models_quality import GoldCopy
from tests.server.conftest import Team, rid
from tests.server.helpers import count, refused

pytestmark = pytest.mark.postgres


def _decide(desk: object, outcome: str) -> str:
    lease = desk.lease()  # type: ignore[attr-defined]
    decision_id = rid()
    desk.submit(lease["token"], decision_id, outcome=outcome)  # type: ignore[attr-defined]
    desk.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})  # type: ignore[attr-defined]
    return str(lease["report_uid"])


def test_a_gold_copy_gives_nothing_away(team: Team) -> None:
    team.add_reports("general", 1, prefix="G")
    sue, alice = team.enroll("sue"), team.enroll("alice")
    original = _decide(sue, "no_violation")
    with team.sessions.begin() as s:
        quality.mark_gold(s, Actor("sue", "ws"), team.now(), original, "expected_outcome_xyz")
        quality.set_settings(s, Actor("sue", "ws"), team.now(), "general", gold_rate=1.0)
    team.add_reports("general", 1, prefix="Q")
    lease = alice.lease()
    with team.sessions() as s:
        copy = s.scalar(select(GoldCopy.report_id))
        served = s.scalar(select(Report.uid).where(Report.id == copy))
    assert lease["report_uid"] == served  # alice was served the gold copy
    shown = alice.get(f"/v1/leases/{lease['token']}/report").text
    for secret in ("expected_outcome_xyz", "no_violation", original):
        assert secret not in shown
    assert json.loads(shown)["matches"] == []


def test_a_second_review_does_not_show_the_first_rounds_outcome(team: Team) -> None:
    team.add_reports("general", 1)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    with team.sessions.begin() as s:
        quality.set_settings(s, Actor("sue", "ws"), team.now(), "general", second_review=1.0)
    first = _decide(alice, "round_one_outcome")
    lease = bob.lease()
    assert lease["report_uid"] == first
    assert lease["review_round"] == 2
    assert "round_one_outcome" not in bob.get(f"/v1/leases/{lease['token']}/report").text
    assert alice.claim().json()["lease"] is None  # never back to the first reviewer


def test_a_repeated_request_returns_the_first_answer_and_changes_nothing(team: Team) -> None:
    team.add_reports("general", 3)
    alice = team.enroll("alice")
    request_id = rid()
    first = alice.post("/v1/claims", {"request_id": request_id})
    second = alice.post("/v1/claims", {"request_id": request_id})
    assert first.json() == second.json()
    assert first.json()["lease"]
    with team.sessions() as s:
        claims = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "claim")
        )
        held = s.scalar(select(func.count()).select_from(Report).where(Report.state == "claimed"))
    assert (claims, held) == (1, 1)
    refused(
        alice.post("/v1/claims", {"request_id": request_id, "queue_ids": [1]}),
        409,
        "idempotency-key-reused",
    )
    token = first.json()["lease"]["token"]
    decision_id = rid()
    answers = [alice.submit(token, decision_id) for _ in range(3)]
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["uid"] for a in answers}) == 1
    fin = [
        alice.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()}) for _ in range(2)
    ]
    assert {f.json()["decision_uid"] for f in fin} == {fin[0].json()["decision_uid"]}
    assert count(team, Decision) == 1


def test_concurrent_repeats_of_a_submit_land_once(team: Team) -> None:
    team.add_reports("general", 1)
    alice = team.enroll("alice")
    token = alice.lease()["token"]
    decision_id = rid()
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(alice.submit(token, decision_id)))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {r.status_code for r in results} == {201}  # type: ignore[attr-defined]
    with team.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pending_decisions")).scalar() == 1
        assert (
            conn.execute(text("SELECT count(*) FROM audit_events WHERE kind = 'submit'")).scalar()
            == 1
        )
