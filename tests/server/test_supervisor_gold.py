"""Gold items and QA rates over the server: the remote service answers what the local one
does, changes are applied once and recorded as the supervisor's, and a reviewer's token
never sees an expected outcome."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from moderator.remote.quality import RemoteGoldItems
from moderator.services.quality import QualityService
from moderator.store.models import AuditEvent
from moderator.store.models_quality import GoldItem
from tests.server.conftest import Desk, Team, rid
from tests.server.helpers import count, refused, snapshot
from tests.server.test_supervisor_api import api_for

pytestmark = pytest.mark.postgres


def decide(desk: Desk, outcome: str = "remove") -> str:
    lease = desk.lease()
    decision_id = rid()
    assert desk.submit(lease["token"], decision_id, outcome=outcome).status_code == 201
    final = desk.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
    assert final.json()["state"] == "final"
    return str(lease["report_uid"])


def test_gold_items_and_rates_over_the_server(team: Team) -> None:
    team.add_reports("general", 2)
    alice = team.enroll("alice")
    first = decide(alice)
    sue = team.enroll("sue")
    remote = RemoteGoldItems(api_for(sue))
    local = QualityService(team.server.workspace(), "sue")
    decided = remote.decided_reports()
    assert decided == local.decided_reports()
    assert [d.uid for d in decided] == [first]
    gold = remote.mark_gold(first, "remove", "a clear case")
    assert (gold.report_uid, gold.expected_outcome, gold.created_by) == (first, "remove", "sue")
    assert remote.gold_items() == local.gold_items() == [gold]
    retired = remote.retire_gold(gold.uid)
    assert retired.retired_at is not None
    assert remote.gold_items() == []
    assert remote.gold_items(include_retired=True) == [retired]
    rates = remote.set_settings("general", gold_rate=0.05, second_review=0.1)
    assert (rates.queue, rates.gold_rate, rates.second_review) == ("general", 0.05, 0.1)
    assert remote.settings() == local.settings()
    with team.sessions() as s:
        recorded = s.execute(
            select(AuditEvent.kind, AuditEvent.actor).where(
                AuditEvent.kind.in_(("gold_mark", "settings"))
            )
        ).all()
    assert sorted(recorded) == [("gold_mark", "sue"), ("gold_mark", "sue"), ("settings", "sue")]
    # Reviewers never get the expected outcome, nor the list of gold items.
    refused(alice.get("/v1/supervisor/gold", params={"include_retired": True}), 403, "not-eligible")


def test_a_mark_sent_twice_makes_one_gold_item_and_rules_are_refused(team: Team) -> None:
    team.add_reports("general", 2)
    report = decide(team.enroll("alice"))
    sue = team.enroll("sue")
    body = {"request_id": rid(), "report": report, "outcome": "remove", "note": ""}
    first = sue.post("/v1/supervisor/gold", body)
    again = sue.post("/v1/supervisor/gold", body)
    assert first.status_code == again.status_code == 200, first.text
    assert first.json() == again.json()
    assert count(team, GoldItem) == 1
    before = snapshot(team)
    twice = {**body, "request_id": rid()}
    detail = refused(sue.post("/v1/supervisor/gold", twice), 409, "change-refused")["detail"]
    assert "already a gold item" in detail
    refused(
        sue.post("/v1/supervisor/gold", {**body, "request_id": rid(), "report": "no-such"}),
        404,
        "not-found",
    )
    for rates in ({"gold_rate": 1.5}, {"second_review": -0.1}, {"gold_rate": "NaN"}):
        refused(
            sue.post("/v1/supervisor/qa-settings/general", {"request_id": rid(), **rates}),
            422,
            "invalid-request",
        )
    refused(
        sue.post("/v1/supervisor/qa-settings/nowhere", {"request_id": rid(), "gold_rate": 0.1}),
        404,
        "not-found",
    )
    assert snapshot(team) == before
