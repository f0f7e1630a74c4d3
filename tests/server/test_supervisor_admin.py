"""The Admin window's services over the server: the remote ones change what the local ones
would, as the supervisor, in their server chain; the local rules hold (never no supervisor,
no code for a deactivated person); an enrollment code is shown once and never stored; a
repeated request is applied once; bad input is refused with a sentence, nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text

from moderator.domain.audit import EventKind
from moderator.domain.reports import Role
from moderator.remote.admin import RemoteAdmin
from moderator.services import signing
from moderator.services.admin import Admin
from moderator.services.enrollment import server_chain_of
from moderator.services.policies import shipped_bytes
from moderator.services.queues import QueueRequest, wellbeing_text
from moderator.store.models import AuditEvent
from tests.server.conftest import Team, rid
from tests.server.helpers import refused
from tests.server.test_supervisor_api import api_for

pytestmark = pytest.mark.postgres
PEOPLE = "/v1/supervisor/admin/people"
ADMIN_TABLES = (
    "reviewers", "queues", "queue_trainings", "policies", "org_settings", "wellbeing_profiles",
    "queue_lifecycle", "enrollment_codes", "workstation_registrations", "api_tokens",
)  # fmt: skip


def snapshot(team: Team) -> dict[str, list[tuple[object, ...]]]:
    """What the Admin routes change (audit events aside)."""
    with team.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
            for t in ADMIN_TABLES
        }


def person_events(team: Team) -> list[tuple[str, str, dict[str, object]]]:
    with team.sessions() as s:
        rows = s.execute(
            select(AuditEvent.actor, AuditEvent.workstation, AuditEvent.payload)
            .where(AuditEvent.kind == EventKind.PERSON)
            .order_by(AuditEvent.id)
        ).all()
    return [(actor, ws, json.loads(payload)) for actor, ws, payload in rows]


def test_queues_people_policies_and_settings_change_over_the_server(
    team: Team, tmp_path: Path
) -> None:
    sue = team.enroll("sue")
    remote = RemoteAdmin(api_for(sue))
    local = Admin(team.server.workspace(), "sue")
    assert remote.snapshot() == local.snapshot()

    policy = tmp_path / "kr.toml"
    policy.write_bytes(shipped_bytes("kr-illegal-filming"))
    imported = remote.policies.import_file(policy)
    assert imported.created
    assert imported.summary().startswith("policy kr-illegal-filming version ")
    stored = remote.policies.text(f"{imported.policy_id}@{imported.version}")
    assert stored.data() == policy.read_bytes()  # byte for byte: the hash is the same
    assert stored.sha256 == imported.sha256

    added = remote.queues.add(
        QueueRequest("filming", "kr-illegal-filming", "Filming", 12, "supervisors",
                     ("CSAM-101",), Role.REVIEWER, ("filming",), wellbeing_text("standard"))
    )  # fmt: skip
    assert (added.name, added.policy_id, added.sla_hours, added.wellbeing) == (
        "filming", "kr-illegal-filming", 12, "standard"
    )  # fmt: skip
    edited = remote.queues.edit("filming", {"sla_hours": 6, "min_role": Role.SUPERVISOR,
                                            "requires": ()})  # fmt: skip
    assert (edited.sla_hours, edited.min_role, edited.requires) == (6, Role.SUPERVISOR, ())
    assert remote.queues.archive("filming").archived

    assert remote.people.add("dana", Role.REVIEWER, "Dana K").display_name == "Dana K"
    assert remote.people.edit("dana", role=Role.SUPERVISOR).role == Role.SUPERVISOR
    assert not remote.people.edit("dana", active=False).active
    changed = remote.organisation.change({"support": "call Sue, 2231"})
    assert changed == {"support": [None, "call Sue, 2231"]}
    assert remote.snapshot() == local.snapshot()

    events = person_events(team)
    assert [(actor, ws) for actor, ws, _ in events] == [
        ("sue", server_chain_of(sue.workstation))
    ] * 3
    assert [p["op"] for _, _, p in events] == ["add", "edit", "edit"]


def test_the_last_supervisor_cannot_demote_or_deactivate_themselves(team: Team) -> None:
    sue = team.enroll("sue")
    before = snapshot(team)
    for body in ({"role": "reviewer"}, {"active": False}):
        got = sue.post(f"{PEOPLE}/sue", {"request_id": rid(), **body})
        assert "last active supervisor" in refused(got, 409, "change-refused")["detail"]
    assert snapshot(team) == before
    # With a second supervisor, the first may step down (the local rule, no stricter).
    assert sue.post(PEOPLE, {"request_id": rid(), "username": "dana", "role": "supervisor"}
                    ).status_code == 200  # fmt: skip
    got = sue.post(f"{PEOPLE}/sue", {"request_id": rid(), "role": "reviewer"})
    assert got.json()["person"]["role"] == "reviewer", got.text
    # ...and from then on the server refuses her the supervisor tools.
    refused(sue.post(f"{PEOPLE}/dana", {"request_id": rid(), "active": False}), 403,
            "not-eligible")  # fmt: skip


def test_a_deactivated_person_gets_no_code_and_their_token_stops(team: Team) -> None:
    sue, alice = team.enroll("sue"), team.enroll("alice")
    assert sue.post(f"{PEOPLE}/alice", {"request_id": rid(), "active": False}).status_code == 200
    refused(alice.get("/v1/pending"), 403, "deactivated")
    got = sue.post(f"{PEOPLE}/alice/code", {"request_id": rid()})
    assert "deactivated" in refused(got, 403, "not-eligible")["detail"]
    refused(sue.post(f"{PEOPLE}/nobody/code", {"request_id": rid()}), 404, "not-found")


def test_an_enrollment_code_is_shown_once_and_never_stored(team: Team) -> None:
    sue = team.enroll("sue")
    body = {"request_id": rid(), "hours": 2}
    first = sue.post(f"{PEOPLE}/carol/code", body).json()
    code = first["code"]
    assert code
    assert len(code.replace("-", "")) == 24
    again = sue.post(f"{PEOPLE}/carol/code", body).json()
    assert again == {**first, "code": None}  # a repeat: answered, the code not shown again
    with team.engine.connect() as conn:
        for table in ("idempotency_keys", "enrollment_codes", "audit_events"):
            dump = str(conn.execute(text(f"SELECT * FROM {table}")).all())
            assert code not in dump, table
            assert code.replace("-", "") not in dump, table
    key = Ed25519PrivateKey.generate()
    enrolled = team.client().post(
        "/v1/enroll", json={"code": code, "public_key": signing.public_hex(key), "label": "c"}
    )
    assert enrolled.status_code == 201, enrolled.text
    assert [p["op"] for _, _, p in person_events(team)] == ["code"]


def test_revoking_a_person_stops_every_token_of_theirs(team: Team) -> None:
    sue, alice = team.enroll("sue"), team.enroll("alice")
    second = team.enroll("alice")
    assert alice.get("/v1/pending").status_code == 200
    got = sue.post(f"{PEOPLE}/alice/revoke", {"request_id": rid()})
    assert got.json() == {"workstations": 2}
    for desk in (alice, second):
        refused(desk.get("/v1/pending"), 401, "unauthenticated")
    assert sue.get("/v1/supervisor/admin").status_code == 200
    assert person_events(team)[-1][2] == {"op": "revoke", "person": "alice", "workstations": 2}


def test_a_change_sent_twice_is_applied_once(team: Team) -> None:
    sue = team.enroll("sue")
    body = {"request_id": rid(), "username": "erin", "display_name": "Erin"}
    first = sue.post(PEOPLE, body)
    assert first.status_code == 200, first.text
    assert sue.post(PEOPLE, body).json() == first.json()
    assert len(person_events(team)) == 1
    reused = sue.post(PEOPLE, {**body, "username": "frank"})
    refused(reused, 409, "idempotency-key-reused")
    assert len(person_events(team)) == 1


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        (PEOPLE, {"username": "x", "role": "owner"}, 422),  # no such role
        (PEOPLE, {"username": "x", "workstation": "w"}, 422),  # no client chooses where
        (PEOPLE, {"username": "a\x00b"}, 422),
        (PEOPLE, {"username": "alice"}, 409),  # already a person
        (PEOPLE, {"username": "bad name!"}, 409),
        (f"{PEOPLE}/nobody", {"role": "supervisor"}, 404),
        ("/v1/supervisor/admin/queues/general", {"changes": {"sla_hours": 0}}, 422),
        ("/v1/supervisor/admin/queues/general", {"changes": {"policy": "nope"}}, 404),
        ("/v1/supervisor/admin/queues/nope/archive", {}, 404),
        ("/v1/supervisor/admin/policies", {"file": "p.toml", "text": "not = [toml"}, 409),
        ("/v1/supervisor/admin/settings", {"settings": {"timezone": "Mars/Base"}}, 409),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    team: Team, path: str, body: dict[str, object], status: int
) -> None:
    sue = team.enroll("sue")
    before = snapshot(team)
    got = sue.post(path, {"request_id": rid(), **body})
    assert got.status_code == status, got.text
    assert len(got.json()["detail"]) > 10
    assert snapshot(team) == before


def test_null_fields_leave_things_as_they_are(team: Team) -> None:
    """Found by the schema fuzzer: null for a queue's policy or role was a 500."""
    sue = team.enroll("sue")
    nulls = {"policy": None, "min_role": None, "sla_hours": None, "escalate_to": None}
    got = sue.post("/v1/supervisor/admin/queues/general", {"request_id": rid(), "changes": nulls})
    assert got.status_code == 200, got.text
    assert got.json()["queue"]["escalate_to"] == "supervisors"
    settings = {"request_id": rid(), "settings": {"name": None, "support": None}}
    assert sue.post("/v1/supervisor/admin/settings", settings).json() == {"changed": {}}
