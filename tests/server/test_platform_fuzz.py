"""schemathesis over the platform routes, each with the token it is meant for (a source's
submit token for the intake, a supervisor's for the feed and the delivery log): no 5xx and no
response outside the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.python import asgi as schemathesis_asgi

from tests.server.conftest import build_team
from tests.server.platform_kit import decide, source

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
EXAMPLES = 25
PATHS = ("/v1/reports", "/v1/decisions", "/v1/webhooks/deliveries", "/readyz", "/metrics")


def test_platform_routes_hold_to_their_schema(pg_migrated: str, tmp_path: Path) -> None:
    team = build_team(pg_migrated, tmp_path / "media")
    try:
        team.add_reports("general", 3)
        decide(team.enroll("alice"))
        submit, sue = source(team), team.enroll("sue")
        schema = schemathesis.openapi.from_dict(team.app.openapi())
        schema.app = team.app
        statuses: dict[str, dict[int, int]] = {}
        operations = [r.ok() for r in schema.get_all_operations()]
        chosen = [o for o in operations if o.path in PATHS]
        assert len(chosen) == len(PATHS)
        for operation in chosen:
            token = submit if operation.path == "/v1/reports" else sue.token
            _run(operation, token, statuses.setdefault(operation.path, {}))
        assert statuses["/v1/decisions"].get(200, 0) >= 5, statuses
        assert statuses["/v1/reports"].get(200, 0) + statuses["/v1/reports"].get(422, 0) >= 5
    finally:
        schemathesis_asgi._shutdown()
        team.engine.dispose()


def _run(operation: Any, token: str, seen: dict[int, int]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None,
              suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
    def check(case: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        # A multipart manifest is free text: a schema-valid one may hold no record (422).
        excluded = [checks.positive_data_acceptance] if operation.path == "/v1/reports" else []
        response = case.call_and_validate(excluded_checks=excluded)
        assert response.status_code < 500, response.text
        seen[response.status_code] = seen.get(response.status_code, 0) + 1

    check()
