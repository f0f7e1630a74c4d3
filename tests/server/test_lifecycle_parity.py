"""A decision made through the server's reviewer routes gets its actions planned as one made
on the database directly does: the outcome's `actions = [...]` of the stored policy version
it was decided under, due as long after the decision; an adjudication through the server
plans its final outcome's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from moderator.services.lifecycle import ActionRow, Lifecycle
from moderator.services.quality import QualityService
from moderator.services.review import ReviewService
from moderator.store.queue import DecisionInput
from tests.server.conftest import Desk, Team, rid

pytestmark = pytest.mark.postgres
OUTCOMES = ("remove", "restrict", "no_violation")


def stored_policy(desk: Desk) -> dict[str, Any]:
    got = desk.get("/v1/policies/platform-generic")
    assert got.status_code == 200, got.text
    return dict(got.json())


def decide_over_the_server(desk: Desk, policy: dict[str, Any], outcome: str) -> str:
    lease = desk.lease()
    decision_id = rid()
    sent = desk.submit(lease["token"], decision_id, outcome=outcome, policy_id=policy["policy_id"],
                       policy_version=policy["version"], policy_hash=policy["sha256"])  # fmt: skip
    assert sent.status_code == 201, sent.text
    final = desk.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
    assert final.json()["state"] == "final", final.text
    return str(lease["report_uid"])


def planned(rows: list[ActionRow], reports: dict[str, str]) -> dict[str, list[tuple[str, Any]]]:
    """By outcome: the kinds planned and how long after the decision each is due."""
    out: dict[str, list[tuple[str, Any]]] = {o: [] for o in OUTCOMES}
    for r in rows:
        if r.report_uid in reports:
            out[reports[r.report_uid]].append((r.kind, r.due_at - r.decided_at))
    return {k: sorted(v) for k, v in out.items()}


def test_server_decisions_get_the_actions_local_ones_do(team: Team) -> None:
    team.add_reports("general", 2 * len(OUTCOMES))
    alice = team.enroll("alice")
    policy = stored_policy(alice)
    served = {decide_over_the_server(alice, policy, o): o for o in OUTCOMES}
    local_ws = team.server.workspace()  # the team database, as a supervisor's own login sees it
    bob = ReviewService(local_ws, team.people["bob"])
    direct: dict[str, str] = {}
    for outcome in OUTCOMES:
        lease = bob.claim()
        assert lease is not None
        bob.decide(lease, DecisionInput(policy["policy_id"], policy["version"], policy["sha256"],
                                        outcome, {"violation": "none"}))  # fmt: skip
        direct[lease.report_uid] = outcome
    sue = team.enroll("sue")
    listed = sue.get("/v1/actions")
    assert listed.status_code == 200, listed.text
    rows = Lifecycle(local_ws, "sue").actions()
    assert len(listed.json()["actions"]) == len(rows)  # the server planned them all at once
    over_server, on_database = planned(rows, served), planned(rows, direct)
    assert over_server == on_database
    assert over_server["remove"][0][0] == "remove"
    assert over_server["restrict"][0][0] == "block"
    assert over_server["no_violation"] == []
    assert all(delta > timedelta(0) for kinds in over_server.values() for _k, delta in kinds)


def test_an_adjudication_through_the_server_plans_its_final_outcomes_actions(team: Team) -> None:
    QualityService(team.server.workspace(), "sue").set_settings("general", second_review=1.0)
    team.add_reports("general", 1)
    alice, bob, sue = team.enroll("alice"), team.enroll("bob"), team.enroll("sue")
    policy = stored_policy(alice)
    case = decide_over_the_server(alice, policy, "no_violation")
    assert decide_over_the_server(bob, policy, "restrict") == case
    assert [a["report_uid"] for a in sue.get("/v1/actions").json()["actions"]] == []
    body = {"request_id": rid(), "outcome": "remove", "note": "it is a violation"}
    assert sue.post(f"/v1/supervisor/adjudication/{case}", body).status_code == 200
    (action,) = sue.get("/v1/actions").json()["actions"]
    assert (action["report_uid"], action["kind"], action["outcome"]) == (case, "remove", "remove")
