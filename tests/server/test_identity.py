"""Who and which workstation come from the token, never from the request (invariant 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text, update

from moderator.services import enrollment, signing
from moderator.store.models import Reviewer
from moderator.store.models_central import WorkstationKey
from tests.server.conftest import Team, rid
from tests.server.helpers import refusals, refused, snapshot

pytestmark = pytest.mark.postgres


def _enroll_body(code: str) -> dict[str, str]:
    return {"code": code, "public_key": signing.public_hex(Ed25519PrivateKey.generate())}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YWxpY2U6eA=="}],
    ids=["none", "unknown", "basic"],
)
def test_every_endpoint_but_enroll_and_health_wants_a_token(
    team: Team, headers: dict[str, str]
) -> None:
    team.add_reports("general", 1)
    before = snapshot(team)
    client = team.client()
    for method, path in [
        ("get", "/v1/me"),
        ("post", "/v1/claims"),
        ("get", "/v1/pending"),
        ("get", "/v1/wellbeing"),
        ("post", "/v1/checkins"),
        ("get", "/v1/audit/head"),
        ("post", "/v1/token/refresh"),
    ]:
        kw = {"json": {"request_id": rid()}} if method == "post" else {}
        got = getattr(client, method)(path, headers=headers, **kw)
        refused(got, 401, "unauthenticated")
        assert got.headers["www-authenticate"] == "Bearer"
    assert snapshot(team) == before
    assert {r["type"] for r in refusals(team)} == {"unauthenticated"}
    assert team.client().get("/healthz").status_code == 200


def test_a_code_works_once_and_only_before_it_expires(team: Team) -> None:
    code = team.code("alice")
    client = team.client()
    assert client.post("/v1/enroll", json=_enroll_body(code)).status_code == 201
    refused(client.post("/v1/enroll", json=_enroll_body(code)), 403, "enrollment-refused")
    stale = team.code("bob", lifetime=timedelta(seconds=-1))
    refused(client.post("/v1/enroll", json=_enroll_body(stale)), 403, "enrollment-refused")
    refused(client.post("/v1/enroll", json=_enroll_body("AAAA-BBBB")), 403, "enrollment-refused")


def test_the_server_chooses_the_workstation_id_and_binds_the_key_to_the_person(team: Team) -> None:
    alice = team.enroll("alice")
    # A client cannot name the workstation it wants (say, a victim's) at enrollment.
    victim = team.enroll("bob")
    got = team.client().post(
        "/v1/enroll", json={**_enroll_body(team.code("alice")), "workstation": victim.workstation}
    )
    refused(got, 422, "invalid-request")
    with team.sessions() as s:
        keys = dict(s.execute(select(WorkstationKey.workstation, WorkstationKey.public_key)).all())
    assert keys[victim.workstation] == signing.public_hex(victim.key)
    assert keys[alice.workstation] == signing.public_hex(alice.key)


def test_no_request_names_who_acts_where_or_when(team: Team) -> None:
    team.add_reports("general", 1)
    alice = team.enroll("alice")
    before = snapshot(team)
    for extra in (
        {"reviewer": "sue"},
        {"username": "sue"},
        {"workstation": alice.workstation},
        {"now": "2030-01-01T00:00:00Z"},
        {"role": "supervisor"},
    ):
        refused(alice.claim(**extra), 422, "invalid-request")
    # Nor does any request carry a report's own fields: they are not the reviewer's to write.
    lease = alice.lease()
    before = snapshot(team)
    for extra in (
        {"priority": 1},
        {"reporter_text": "rewritten"},
        {"url": "https://example.org/"},
        {"reviewer_id": team.people["sue"].id},
        {"decided_at": "2020-01-01T00:00:00Z"},
        {"workstation": alice.workstation},
    ):
        refused(alice.submit(lease["token"], **extra), 422, "invalid-request")
    assert snapshot(team) == before


def test_a_revoked_or_expired_token_is_refused_at_once(team: Team) -> None:
    alice = team.enroll("alice")
    assert alice.get("/v1/me").status_code == 200
    fresh = alice.post("/v1/token/refresh").json()["token"]
    # The old token runs out within minutes (a lost answer can be asked for again) ...
    assert alice.get("/v1/me").status_code == 200
    with team.engine.begin() as conn:
        left = conn.execute(
            text(
                "SELECT max(expires_at) - now() AT TIME ZONE 'UTC' FROM api_tokens"
                " WHERE token_hash = :h"
            ),
            {"h": enrollment.digest(alice.token)},
        ).scalar_one()
        assert left.total_seconds() <= 120
        conn.execute(
            text(
                "UPDATE api_tokens SET expires_at = expires_at - interval '3 minutes'"
                " WHERE token_hash = :h"
            ),
            {"h": enrollment.digest(alice.token)},
        )
    refused(alice.get("/v1/me"), 401, "unauthenticated")  # ... and then is refused
    renewed = team.client(fresh)
    assert renewed.get("/v1/me").status_code == 200
    assert renewed.post("/v1/token/revoke").status_code == 204
    refused(renewed.get("/v1/me"), 401, "unauthenticated")
    bob = team.enroll("bob")
    with team.engine.begin() as conn:
        conn.execute(text("UPDATE api_tokens SET expires_at = expires_at - interval '30 days'"))
    refused(bob.get("/v1/me"), 401, "unauthenticated")


def test_a_deactivated_person_is_refused_at_once(team: Team) -> None:
    team.add_reports("general", 2)
    alice = team.enroll("alice")
    lease = alice.lease()
    with team.sessions.begin() as s:
        s.execute(update(Reviewer).where(Reviewer.username == "alice").values(active=False))
    before = snapshot(team)
    refused(alice.claim(), 403, "deactivated")
    refused(
        alice.post(f"/v1/leases/{lease['token']}/renew", {"request_id": rid()}), 403, "deactivated"
    )
    refused(alice.get(f"/v1/leases/{lease['token']}/media/0"), 403, "deactivated")
    assert snapshot(team) == before
    # ... and gets no new code either.
    with pytest.raises(Exception, match="deactivated"):
        team.code("alice")


def test_people_revoke_ends_every_workstation_of_a_person(team: Team) -> None:
    from moderator.services import enrollment

    one, two = team.enroll("alice"), team.enroll("alice")
    with team.sessions.begin() as s:
        assert enrollment.revoke_person(s, "alice", team.now()) == 2
    refused(one.get("/v1/me"), 401, "unauthenticated")
    refused(two.get("/v1/me"), 401, "unauthenticated")
