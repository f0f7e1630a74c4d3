"""`moderator people enroll` issues a code that enrolls once; `people revoke` ends a person's
workstations; `moderator serve --openapi` prints the document without a database."""

from __future__ import annotations

import json

import pytest

from moderator.cli import main
from moderator.services import signing
from tests.server.conftest import Team
from tests.server.helpers import refused

pytestmark = pytest.mark.postgres


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_people_enroll_prints_a_one_time_code(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert (
        _cli(
            capsys,
            "profile",
            "add",
            "team",
            "--database",
            team.url,
            "--media-root",
            str(team.media),
        )[0]
        == 0
    )
    code, out, err = _cli(capsys, "--profile", "team", "people", "enroll", "alice")
    assert code == 0, err
    issued = out.strip()
    assert len(issued.replace("-", "")) == 24
    body = {"code": issued, "public_key": signing.public_hex(Ed25519PrivateKey.generate())}
    assert team.client().post("/v1/enroll", json=body).status_code == 201
    refused(team.client().post("/v1/enroll", json=body), 403, "enrollment-refused")
    code, _out, err = _cli(capsys, "--profile", "team", "people", "enroll", "nobody")
    assert code == 1
    assert "no person named 'nobody'" in err
    code, out, _ = _cli(capsys, "--profile", "team", "people", "revoke", "alice")
    assert (code, out.strip()) == (0, "revoked 1 workstation(s) of alice")


def test_serve_openapi_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "serve", "--openapi")
    document = json.loads(out)
    assert code == 0
    assert document["openapi"].startswith("3.")
    assert "/v1/claims" in document["paths"]
    assert "bearer" in json.dumps(document["components"]["securitySchemes"]).lower()
    # Every path outside /v1/supervisor/ (each of those refuses a reviewer, with a recorded 403:
    # tests/server/test_supervisor_access.py): nothing here lists colleagues' records, gold
    # items, check-ins or the audit log, and nothing edits a report.
    assert sorted(p for p in document["paths"] if not p.startswith("/v1/supervisor/")) == [
        "/healthz",
        "/metrics",
        "/readyz",
        "/v1/actions",
        "/v1/actions/{action_id}/mark",
        "/v1/audit/events",
        "/v1/audit/head",
        "/v1/breaks",
        "/v1/breaks/{uid}/end",
        "/v1/checkins",
        "/v1/claims",
        "/v1/decisions",
        "/v1/decisions/{decision_id}",
        "/v1/decisions/{decision_id}/finalize",
        "/v1/decisions/{decision_id}/undo",
        "/v1/enroll",
        "/v1/exposures",
        "/v1/leases/{token}/decision",
        "/v1/leases/{token}/escalate",
        "/v1/leases/{token}/group",  # the lead's lease holder only: tests/server/test_group.py
        "/v1/leases/{token}/group/{report_uid}/media",
        "/v1/leases/{token}/media/{position}",
        "/v1/leases/{token}/release",
        "/v1/leases/{token}/renew",
        "/v1/leases/{token}/report",
        "/v1/leases/{token}/skip",
        "/v1/me",
        "/v1/me/training",
        "/v1/pending",
        "/v1/policies/{policy_id}",
        "/v1/reports",
        "/v1/token/refresh",
        "/v1/token/revoke",
        "/v1/webhooks/deliveries",
        "/v1/wellbeing",
    ]
    unauthenticated = [
        path
        for path, methods in document["paths"].items()
        for op in methods.values()
        if not op.get("security")
    ]
    # /metrics checks itself (loopback clients, else a supervisor's token).
    assert sorted(unauthenticated) == ["/healthz", "/metrics", "/readyz", "/v1/enroll"]


def test_serve_refuses_plain_http_unless_behind_a_proxy(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    code, _out, err = _cli(capsys, "serve", "--media", str(tmp_path))
    assert code == 1
    assert "--certfile" in err
