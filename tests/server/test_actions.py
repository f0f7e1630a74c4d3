"""Actions over the team server: a supervisor lists and marks them; a reviewer is refused,
recorded, and changes nothing; bad bodies are refused whole."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from moderator.domain.ids import new_uid
from moderator.domain.policy_file import load_builtin
from moderator.store.models import Decision
from moderator.store.models_lifecycle import Action
from tests.helpers import seed
from tests.server.conftest import Team, rid
from tests.server.helpers import refusals, refused

pytestmark = pytest.mark.postgres


def decided(team: Team) -> None:
    """One report of 'general' decided 'remove' under the shipped generic policy."""
    policy = load_builtin("platform-generic")
    now = team.now()
    with team.sessions.begin() as s:
        (report_id,) = seed.reports(s, team.queues["general"], now, 1, state="decided")
        s.add(Decision(uid=new_uid(), report_id=report_id, reviewer_id=team.people["alice"].id,
                       policy_id=policy.id, policy_version=policy.version,
                       policy_hash=policy.sha256, outcome="remove", decided_at=now,
                       workstation=new_uid(), lease_token=new_uid()))  # fmt: skip


def test_a_supervisor_lists_and_marks_actions(team: Team) -> None:
    decided(team)
    sue = team.enroll("sue")
    got = sue.get("/v1/actions")
    assert got.status_code == 200, got.text
    (action,) = got.json()["actions"]
    assert (action["kind"], action["state"], action["queue"]) == ("remove", "due", "general")
    body = {"request_id": rid(), "state": "sent", "evidence": "host ticket 9"}
    marked = sue.post(f"/v1/actions/{action['id']}/mark", body)
    assert marked.status_code == 200, marked.text
    assert (marked.json()["state"], marked.json()["updated_by"]) == ("sent", "sue")
    again = sue.post(f"/v1/actions/{action['id']}/mark", body)  # a repeat: the same answer
    assert again.json() == marked.json()
    # sent again: not a state it can move to now, and nothing changes
    refused(sue.post(f"/v1/actions/{action['id']}/mark",
                     {"request_id": rid(), "state": "sent", "evidence": "x"}),
            409, "action-refused")  # fmt: skip
    overdue = sue.get("/v1/actions", params={"overdue": "true"})
    assert overdue.json()["actions"] == []


def test_a_reviewer_can_neither_see_nor_mark_actions(team: Team) -> None:
    decided(team)
    sue, alice = team.enroll("sue"), team.enroll("alice")
    (action,) = sue.get("/v1/actions").json()["actions"]
    refused(alice.get("/v1/actions"), 403, "not-eligible")
    refused(
        alice.post(f"/v1/actions/{action['id']}/mark",
                   {"request_id": rid(), "state": "confirmed", "evidence": "gone"}),
        403, "not-eligible",
    )  # fmt: skip
    with team.sessions() as s:
        assert s.scalar(select(Action.state)) == "due"
    assert len([r for r in refusals(team) if r["actor"] == "alice"]) == 2
    for body in (
        {"request_id": rid(), "state": "due", "evidence": "x"},
        {"request_id": rid(), "state": "sent"},
        {"request_id": rid(), "state": "sent", "evidence": "x" * 2001},
        {"request_id": rid(), "state": "sent", "evidence": "x", "actor": "bob"},
    ):
        refused(sue.post(f"/v1/actions/{action['id']}/mark", body), 422, "invalid-request")
    refused(sue.post("/v1/actions/0/mark", {"request_id": rid(), "state": "sent",
                                            "evidence": "x"}), 422, "invalid-request")  # fmt: skip
    refused(sue.post("/v1/actions/999/mark", {"request_id": rid(), "state": "sent",
                                              "evidence": "x"}), 404, "not-found")  # fmt: skip
