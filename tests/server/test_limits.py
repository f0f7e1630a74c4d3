"""The longest value every field allows is stored, not a 500: the schema's limits are the
columns' widths (a value one longer is a 422)."""

from __future__ import annotations

import pytest

from tests.server.conftest import DECISION, Team, rid
from tests.server.helpers import refused

pytestmark = pytest.mark.postgres


def test_the_longest_allowed_values_fit_their_columns(team: Team) -> None:
    team.add_reports("general", 3)
    alice = team.enroll("alice")
    lease = alice.lease()
    exposure = {
        "request_id": rid(),
        "report_uid": lease["report_uid"],
        "session_uid": rid(),
        "severity": "s" * 20,
        "category": "c" * 100,
        "ended_by": "e" * 30,
    }
    assert alice.post("/v1/exposures", exposure).status_code == 200
    refused(alice.post("/v1/exposures", {**exposure, "severity": "s" * 21}), 422, "invalid-request")
    checkin = {"request_id": rid(), "severity": "s" * 20, "score": 3}
    assert alice.post("/v1/checkins", checkin).status_code == 200
    decision = {
        **DECISION,
        "policy_id": "p" * 100,
        "policy_version": "v" * 50,
        "policy_hash": "h" * 64,
        "outcome": "o" * 100,
        "notes": "n" * 20_000,
        "severity": "s" * 100,
        "category": "c" * 100,
    }
    got = alice.post(f"/v1/leases/{lease['token']}/decision", {"decision_id": rid(), **decision})
    assert got.status_code == 201, got.text
    refused(alice.submit(lease["token"], policy_version="v" * 51), 422, "invalid-request")
    other = alice.lease()
    assert (
        alice.post(
            f"/v1/leases/{other['token']}/skip", {"request_id": rid(), "reason": "r" * 500}
        ).status_code
        == 200
    )
    other = alice.lease()
    assert (
        alice.post(
            f"/v1/leases/{other['token']}/escalate", {"request_id": rid(), "reason": "r" * 500}
        ).status_code
        == 200
    )
    brk = alice.post("/v1/breaks", {"break_id": rid(), "reason": "r" * 20, "minutes": 10})
    assert brk.status_code == 201, brk.text
    refused(
        alice.post("/v1/breaks", {"break_id": rid(), "reason": "r" * 21}), 422, "invalid-request"
    )
    assert (
        alice.post(
            f"/v1/breaks/{brk.json()['uid']}/end",
            {"request_id": rid(), "skipped_because": "r" * 500},
        ).status_code
        == 200
    )
