"""Abuse first: a source token submits and does nothing else; a person's token cannot submit
as a source; the feed, the delivery log and the metrics are closed to those not meant for them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from moderator.services.sources import Sources
from moderator.store.models import Report
from tests.server.conftest import Team, rid
from tests.server.helpers import count, refused
from tests.server.platform_kit import record, source, token

pytestmark = pytest.mark.postgres


def _every_route(team: Team) -> list[tuple[str, str]]:
    out = []
    for path, methods in team.app.openapi()["paths"].items():
        for method in methods:
            concrete = (
                path.replace("{token}", rid())
                .replace("{decision_id}", rid())
                .replace("{uid}", rid())
                .replace("{position}", "0")
                .replace("{policy_id}", "platform-generic")
            )
            out.append((method.upper(), concrete))
    return out


def test_a_source_token_reaches_nothing_but_the_intake(team: Team) -> None:
    team.add_reports("general", 2)
    submit = team.client(source(team))
    open_to_all = {"/healthz", "/readyz", "/v1/enroll", "/metrics"}
    for method, path in _every_route(team):
        if path in open_to_all or path == "/v1/reports":
            continue
        got = submit.request(method, path, json={"request_id": rid()})
        refused(got, 401, "unauthenticated")
    # /metrics is for loopback clients or supervisors: from elsewhere the source token fails.
    remote = TestClient(
        team.app,
        client=("203.0.113.7", 4000),
        raise_server_exceptions=False,
        headers=dict(submit.headers),
    )
    refused(remote.get("/metrics"), 401, "unauthenticated")
    # ... and what it is for, it can do.
    assert submit.post("/v1/reports", json={"records": [record("A-1")]}).status_code == 200


def test_a_persons_token_cannot_submit_as_a_source(team: Team) -> None:
    source(team)
    before = count(team, Report)
    for name in ("alice", "sue"):
        desk = team.enroll(name)
        got = desk.post("/v1/reports", {"records": [record(f"X-{name}")]})
        refused(got, 401, "unauthenticated")
    refused(
        team.client().post("/v1/reports", json={"records": [record("X")]}), 401, "unauthenticated"
    )
    assert count(team, Report) == before


def test_a_decisions_token_reads_only_its_feed_and_cannot_submit(team: Team) -> None:
    source(team, "acme")
    reader = team.client(token(team, "acme", "decisions"))
    refused(reader.post("/v1/reports", json={"records": [record("Y")]}), 401, "unauthenticated")
    refused(reader.get("/v1/me"), 401, "unauthenticated")
    refused(reader.get("/v1/webhooks/deliveries"), 401, "unauthenticated")
    assert reader.get("/v1/decisions").status_code == 200
    submitter = team.client(token(team, "acme", "submit"))
    refused(submitter.get("/v1/decisions"), 401, "unauthenticated")


def test_a_reviewer_cannot_read_the_feed_the_log_or_the_metrics(team: Team) -> None:
    alice, sue = team.enroll("alice"), team.enroll("sue")
    refused(alice.get("/v1/decisions"), 403, "not-eligible")
    refused(alice.get("/v1/webhooks/deliveries"), 403, "not-eligible")
    remote = TestClient(team.app, client=("203.0.113.7", 4000), raise_server_exceptions=False)
    refused(remote.get("/metrics"), 401, "unauthenticated")
    remote.headers["Authorization"] = f"Bearer {alice.token}"
    refused(remote.get("/metrics"), 403, "not-eligible")
    remote.headers["Authorization"] = f"Bearer {sue.token}"
    assert remote.get("/metrics").status_code == 200
    assert sue.get("/v1/decisions").status_code == 200
    assert sue.get("/v1/webhooks/deliveries").status_code == 200


def test_revoked_source_tokens_stop_at_once(team: Team) -> None:
    submit = team.client(source(team, "acme"))
    assert submit.post("/v1/reports", json={"records": [record("R-1")]}).status_code == 200
    assert Sources(team.server.workspace(), "sue").revoke("acme") == 1
    refused(submit.post("/v1/reports", json={"records": [record("R-2")]}), 401, "unauthenticated")
    with pytest.raises(Exception, match="revoked"):
        token(team, "acme", "submit")


def test_tokens_are_stored_hashed_and_names_checked(team: Team) -> None:
    secret = source(team, "acme")
    with team.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM source_tokens").scalars().all()
    assert secret not in stored
    assert len(stored) == 1
    assert len(stored[0]) == 64
    with pytest.raises(Exception, match="source name"):
        source(team, "Not A Name!")
    with pytest.raises(Exception, match="exists"):
        source(team, "acme")
