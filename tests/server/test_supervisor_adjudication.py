"""Adjudication over the server: the remote service answers what the local one does, the
media goes only to a supervisor and only for a disagreement (each fetch recorded), an
adjudication is recorded once in the server's chain, and a reviewer's token gets nothing."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from moderator.domain.errors import ModeratorError, NotEligible, NotFound
from moderator.remote.adjudication import RemoteAdjudications
from moderator.services.quality import QualityService
from moderator.store.models import AuditEvent
from moderator.store.models_quality import Adjudication
from tests.server.conftest import Desk, Team, rid
from tests.server.helpers import count, refused, snapshot
from tests.server.test_supervisor_api import api_for

pytestmark = pytest.mark.postgres


def decide(desk: Desk, outcome: str) -> str:
    lease = desk.lease()
    decision_id = rid()
    assert desk.submit(lease["token"], decision_id, outcome=outcome).status_code == 201
    final = desk.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
    assert final.json()["state"] == "final", final.text
    return str(lease["report_uid"])


def disagree(team: Team, n: int = 1) -> tuple[list[str], Desk, Desk]:
    """`n` reports alice decided "remove" and bob, at second review, "no_violation"."""
    QualityService(team.server.workspace(), "sue").set_settings("general", second_review=1.0)
    team.add_reports("general", n)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    firsts = [decide(alice, "remove") for _ in range(n)]
    seconds = [decide(bob, "no_violation") for _ in range(n)]
    assert sorted(firsts) == sorted(seconds)
    return firsts, alice, bob


def events(team: Team, kind: str) -> list[tuple[str, str | None, dict[str, object]]]:
    with team.sessions() as s:
        rows = s.execute(
            select(AuditEvent.actor, AuditEvent.report_uid, AuditEvent.payload)
            .where(AuditEvent.kind == kind)
            .order_by(AuditEvent.id)
        ).all()
    return [(a, r, json.loads(p)) for a, r, p in rows]


def test_the_cases_their_media_and_the_adjudication_over_the_server(team: Team) -> None:
    (case,), _alice, _bob = disagree(team)
    sue = team.enroll("sue")
    remote = RemoteAdjudications(api_for(sue), "sue")
    local = QualityService(team.server.workspace(), "sue")
    found = remote.disagreements()
    assert found == local.disagreements()
    assert [(c.report_uid, c.first.outcome, c.second.outcome) for c in found] == [
        (case, "remove", "no_violation")
    ]
    policies = remote.policies_of(found)
    assert policies == local.policies_of(found)
    assert "remove" in {o.id for o in policies[found[0].policy_hash].outcomes}

    media = remote.case_media(case)
    assert (media.report_uid, media.review_round, len(media.media)) == (case, 2, 1)
    item = media.media[0]
    assert item.problem == ""
    assert item.path is None  # fetched into memory, never a file
    data, claimed = remote.api.fetch(item.uri, 1 << 20)
    assert hashlib.sha256(data).hexdigest() == claimed == item.sha256
    ((actor, report, payload),) = events(team, "media_fetch")[-1:]
    assert (actor, report, payload["purpose"]) == ("sue", case, "adjudication")
    looks = api_for(sue).call("GET", "/v1/supervisor/adjudication/looks")
    assert {r["queue_id"] for r in looks} == set(team.queues.values()), looks

    uid = remote.adjudicate(case, "remove", "Checked the media: it is a violation")
    ((actor, report, payload),) = events(team, "adjudicate")
    assert (actor, report, payload["adjudication"], payload["outcome"]) == (
        "sue", case, uid, "remove",
    )  # fmt: skip
    assert remote.disagreements() == []
    (done,) = remote.disagreements(include_adjudicated=True)
    assert (done.adjudicated_outcome, done.adjudicated_by) == ("remove", "sue")
    assert remote.case_media(case).report_uid == case  # still open to look back at


def test_an_adjudication_sent_twice_is_recorded_once_and_the_rules_are_409(team: Team) -> None:
    (case, other), alice, _bob = disagree(team, 2)
    sue = team.enroll("sue")
    path = f"/v1/supervisor/adjudication/{case}"
    body = {"request_id": rid(), "outcome": "remove", "note": "a clear case"}
    first, again = sue.post(path, body), sue.post(path, body)
    assert first.status_code == again.status_code == 200, first.text
    assert first.json() == again.json()
    assert count(team, Adjudication) == 1
    team.add_reports("general", 1, prefix="PLAIN")
    plain = decide(alice, "remove")
    before = snapshot(team)
    detail = refused(sue.post(path, {**body, "request_id": rid()}), 409, "change-refused")
    assert "no disagreement waiting" in detail["detail"]
    # A report that never was a disagreement: not adjudicated, its media not served.
    plain_path = f"/v1/supervisor/adjudication/{plain}"
    refused(sue.post(plain_path, {**body, "request_id": rid()}), 409, "change-refused")
    refused(sue.get(plain_path), 404, "not-found")
    refused(sue.get(f"{plain_path}/media/0"), 404, "not-found")
    unknown = f"/v1/supervisor/adjudication/{rid()}"
    refused(sue.post(unknown, {**body, "request_id": rid()}), 404, "not-found")
    refused(sue.get(unknown), 404, "not-found")
    refused(sue.get(f"{unknown}/media/0"), 404, "not-found")
    refused(sue.get(f"/v1/supervisor/adjudication/{other}/media/7"), 404, "not-found")
    wrong = {**body, "request_id": rid(), "outcome": "no-such-outcome"}
    refused(sue.post(f"/v1/supervisor/adjudication/{other}", wrong), 409, "change-refused")
    blank = {**body, "request_id": rid(), "note": "  "}
    refused(sue.post(f"/v1/supervisor/adjudication/{other}", blank), 409, "change-refused")
    for extra in ({"adjudicated_by": "sue"}, {"supervisor_id": 1}):
        sent = sue.post(f"/v1/supervisor/adjudication/{other}", {**body, **extra})
        assert sent.status_code == 422, sent.text  # nobody names who adjudicated
    assert snapshot(team) == before
    assert count(team, Adjudication) == 1


def test_a_supervisor_who_decided_the_report_cannot_adjudicate_it(team: Team) -> None:
    QualityService(team.server.workspace(), "sue").set_settings("general", second_review=1.0)
    team.add_reports("general", 1)
    sue, bob = team.enroll("sue"), team.enroll("bob")
    case = decide(sue, "remove")
    assert decide(bob, "no_violation") == case
    remote = RemoteAdjudications(api_for(sue), "sue")
    with pytest.raises(NotEligible, match="decided this report yourself"):
        remote.adjudicate(case, "remove", "mine")
    assert count(team, Adjudication) == 0


def test_a_reviewer_gets_403_on_every_adjudication_route_and_nothing_changes(
    team: Team,
) -> None:
    (case,), alice, bob = disagree(team)
    fetches = len(events(team, "media_fetch"))
    before = snapshot(team)
    base = "/v1/supervisor/adjudication"
    body = {"request_id": rid(), "outcome": "no_violation", "note": "mine is right"}
    for desk in (alice, bob):
        for response in (
            desk.get(base, params={"include_adjudicated": True}),
            desk.get(f"{base}/looks"),
            desk.get(f"{base}/{case}"),
            desk.get(f"{base}/{case}/media/0"),
            desk.post(f"{base}/{case}", {**body, "request_id": rid()}),
        ):
            problem = refused(response, 403, "not-eligible")
            assert "no_violation" not in json.dumps(problem)  # nothing of the case leaks
            assert "remove" not in json.dumps(problem)
    assert snapshot(team) == before
    assert count(team, Adjudication) == 0
    assert len(events(team, "media_fetch")) == fetches
    remote = RemoteAdjudications(api_for(alice), "alice")
    with pytest.raises(NotEligible):
        remote.disagreements()
    # The refusals are recorded, as every refusal is.
    refusals = [p for a, _r, p in events(team, "refusal") if a in {"alice", "bob"}]
    assert len(refusals) >= 10


def test_a_supervisors_exposure_to_a_case_is_recorded_and_nobody_elses(team: Team) -> None:
    (case,), _alice, _bob = disagree(team)
    carol, sue = team.enroll("carol"), team.enroll("sue")
    exposure = {
        "request_id": rid(), "report_uid": case, "review_round": 2, "session_uid": rid(),
        "severity": "severe", "category": "csam", "seconds_revealed": 3.0,
        "seconds_blurred": 20.0, "ended_by": "case_changed",
    }  # fmt: skip
    assert sue.post("/v1/exposures", exposure).status_code == 200
    refused(carol.post("/v1/exposures", {**exposure, "request_id": rid()}), 404, "not-found")
    team.add_reports("general", 1, prefix="PLAIN")
    plain = decide(team.enroll("bob"), "remove")
    not_a_case = {**exposure, "request_id": rid(), "report_uid": plain}
    refused(sue.post("/v1/exposures", not_a_case), 404, "not-found")
    ((actor, report, _payload),) = events(team, "exposure")
    assert (actor, report) == ("sue", case)


def test_the_local_service_refuses_the_media_of_a_report_that_is_no_disagreement(
    team: Team,
) -> None:
    team.add_reports("general", 1)
    plain = decide(team.enroll("alice"), "remove")
    with pytest.raises(NotFound, match="not a disagreement"):
        QualityService(team.server.workspace(), "sue").case_media(plain)
    with pytest.raises(ModeratorError):
        QualityService(team.server.workspace(), "sue").adjudicate(plain, "remove", "why")
