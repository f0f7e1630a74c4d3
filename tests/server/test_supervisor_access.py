"""Every supervisor route refuses a reviewer's token (403, recorded) and a missing one (401).

The routes are taken from the OpenAPI document itself, so a new route under /v1/supervisor
that forgets the role check fails here without anyone listing it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from moderator.server.serve import openapi_document
from tests.server.conftest import Team
from tests.server.helpers import refusals, refused, snapshot

pytestmark = pytest.mark.postgres

PREFIX = "/v1/supervisor"
# A valid value for each required query parameter, so that the role is what refuses.
REQUIRED = {"tz": "Asia/Seoul", "first": "2026-11-01"}


def supervisor_routes() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in openapi_document()["paths"].items():  # type: ignore[union-attr]
        if not path.startswith(PREFIX):
            continue
        for method, operation in item.items():
            query = {
                p["name"]: REQUIRED[p["name"]]
                for p in operation.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            found.append((method.upper(), re.sub(r"\{[^}]+\}", "x", path), query))
    return found


ROUTES = supervisor_routes()


def test_the_supervisor_routes_are_found() -> None:
    assert len(ROUTES) >= 17
    assert {method for method, _, _ in ROUTES} == {"GET", "POST"}


@pytest.mark.parametrize(("method", "path", "query"), ROUTES, ids=[r[1] for r in ROUTES])
def test_a_reviewer_token_is_refused_and_recorded(
    team: Team, method: str, path: str, query: dict[str, Any]
) -> None:
    alice = team.enroll("alice")
    before = snapshot(team)
    # No body: the role is checked before the body is read.
    body = refused(alice.client.request(method, path, params=query), 403, "not-eligible")
    assert "supervisor" in body["detail"]
    assert snapshot(team) == before
    mine = [r for r in refusals(team) if r["actor"] == "alice"]
    assert [(r["status"], r["type"], r["workstation"]) for r in mine] == [
        (403, "not-eligible", alice.workstation)
    ]
    refused(team.client().request(method, path, params=query), 401, "unauthenticated")
    # The same route lets a supervisor in (404 for a made-up id, 422 for the missing body).
    sue = team.enroll("sue")
    assert sue.client.request(method, path, params=query).status_code in (200, 404, 422)
