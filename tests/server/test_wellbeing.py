"""A reviewer sees and writes only its own wellbeing records; breaks run on server time."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from moderator.store.models_wellbeing import BreakRecord, CheckIn
from tests.server.conftest import Team, rid
from tests.server.helpers import refused, snapshot

pytestmark = pytest.mark.postgres


def test_a_colleagues_break_cannot_be_ended_or_skipped(team: Team) -> None:
    alice, bob = team.enroll("alice"), team.enroll("bob")
    brk = alice.post("/v1/breaks", {"break_id": rid(), "reason": "due", "minutes": 10})
    assert brk.status_code == 201, brk.text
    uid = brk.json()["uid"]
    before = snapshot(team)
    refused(bob.post(f"/v1/breaks/{uid}/end", {"request_id": rid()}), 404, "not-found")
    refused(
        bob.post(f"/v1/breaks/{uid}/end", {"request_id": rid(), "skipped_because": "x"}),
        404,
        "not-found",
    )
    assert snapshot(team) == before
    # Alice's own break cannot be "taken" before it is over, nor a hard one skipped.
    refused(alice.post(f"/v1/breaks/{uid}/end", {"request_id": rid()}), 409, "break-not-over")
    hard = alice.post("/v1/breaks", {"break_id": rid(), "minutes": 1, "hard": True}).json()
    refused(
        alice.post(
            f"/v1/breaks/{hard['uid']}/end", {"request_id": rid(), "skipped_because": "busy"}
        ),
        409,
        "break-not-over",
    )
    assert (
        alice.post(
            f"/v1/breaks/{uid}/end", {"request_id": rid(), "skipped_because": "busy"}
        ).status_code
        == 200
    )


def test_a_break_is_at_least_as_long_as_the_profile_and_on_server_time(team: Team) -> None:
    alice = team.enroll("alice")
    got = alice.post("/v1/breaks", {"break_id": rid(), "minutes": 0.01}).json()
    ends, started = (datetime.fromisoformat(got[k]) for k in ("ends_at", "started_at"))
    seconds = (ends - started).total_seconds()
    assert seconds == pytest.approx(600, abs=1)  # the standard profile's 10 minutes
    # During the break no claim is served.
    team.add_reports("general", 1)
    refused(alice.claim(), 409, "on-break")


def test_check_ins_and_exposure_only_for_oneself_and_reports_one_held(team: Team) -> None:
    (report_id,) = team.add_reports("general", 1)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    lease = alice.lease()
    before = snapshot(team)
    exposure = {
        "request_id": rid(),
        "report_uid": lease["report_uid"],
        "session_uid": rid(),
        "seconds_revealed": 999,
    }
    refused(bob.post("/v1/exposures", exposure), 404, "not-found")
    refused(
        bob.post(
            "/v1/checkins", {"request_id": rid(), "report_uid": lease["report_uid"], "score": None}
        ),
        404,
        "not-found",
    )
    assert snapshot(team) == before
    assert alice.post("/v1/exposures", {**exposure, "request_id": rid()}).status_code == 200
    # Bob's "I need to stop" is his own, and shows in nobody else's standing.
    assert bob.post("/v1/checkins", {"request_id": rid(), "score": None}).status_code == 200
    assert bob.get("/v1/wellbeing").json()["stopped_today"] is True
    assert alice.get("/v1/wellbeing").json()["stopped_today"] is False
    assert alice.get("/v1/wellbeing").json()["revealed_today"]
    assert bob.get("/v1/wellbeing").json()["revealed_today"] == {}
    with team.sessions() as s:
        who = s.execute(select(CheckIn.reviewer_id, CheckIn.stopped)).all()
    assert [tuple(r) for r in who] == [(team.people["bob"].id, True)]
    refused(bob.claim(), 409, "on-break")


def test_a_reviewer_cannot_read_colleagues_breaks(team: Team) -> None:
    alice, bob = team.enroll("alice"), team.enroll("bob")
    alice.post("/v1/breaks", {"break_id": rid(), "minutes": 10})
    assert bob.get("/v1/wellbeing").json()["open_break"] is None
    assert alice.get("/v1/wellbeing").json()["open_break"] is not None
    with team.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM wellbeing_breaks")).scalar() == 1
    assert BreakRecord  # the table the API never lists
