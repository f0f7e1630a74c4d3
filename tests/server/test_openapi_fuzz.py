"""Property-based run over the OpenAPI document (schemathesis), bounded in time: no 5xx and
no response that breaks the schema, for an enrolled reviewer holding a lease."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.python import asgi as schemathesis_asgi

from tests.server.conftest import build_team

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
EXAMPLES = 10  # per operation; ~25 operations, about half a minute in all


def test_no_server_errors_and_no_schema_violations(pg_migrated: str, tmp_path: Path) -> None:
    team = build_team(pg_migrated, tmp_path / "media")
    try:
        team.add_reports("general", 40)
        alice = team.enroll("alice")
        alice.lease()  # something held, so the lease routes find a real lease too
        sue = team.enroll("sue")  # the supervisor routes are fuzzed as a supervisor
        schema = schemathesis.openapi.from_dict(team.app.openapi())
        schema.app = team.app  # calls go to the ASGI app in process
        tried: list[str] = []
        statuses: dict[int, int] = {}
        fresh_token = [False]
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            tried.append(operation.label)
            # Refreshing or revoking a token ends it: those get a fresh workstation each time.
            fresh_token[0] = operation.path.startswith("/v1/token/")

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def check(case: Any) -> None:
                # The generated token would only ever meet a 401: the enrolled one goes in.
                token = team.enroll("bob").token if fresh_token[0] else alice.token
                if case.path.startswith("/v1/supervisor/"):
                    token = sue.token
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
                response = case.call_and_validate()
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

            check()
        assert len(tried) >= 20
        # The run got past authentication: successes and domain refusals, not only 401s.
        assert statuses.get(200, 0) >= 20, statuses
        assert statuses.get(409, 0) + statuses.get(404, 0) >= 5, statuses
    finally:
        # Schemathesis keeps one event-loop thread for in-process calls until interpreter exit;
        # stop it here, as the suite lets no test leave a thread behind.
        schemathesis_asgi._shutdown()
        team.engine.dispose()
