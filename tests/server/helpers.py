"""Assertions shared by the server tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text

from moderator.store.models import AuditEvent
from tests.server.conftest import Team

TABLES = (
    "reports",
    "decisions",
    "pending_decisions",
    "skips",
    "wellbeing_breaks",
    "wellbeing_checkins",
    "exposure_records",
    "central_events",
    "workstation_keys",
    "workstation_registrations",
    "api_tokens",
)


def refused(response: Any, status: int, slug: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem of this status and type, with a sentence."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    body = dict(response.json())
    assert body["type"] == f"urn:moderator:problem:{slug}", body
    assert body["status"] == status
    assert body["title"]
    assert len(body["detail"]) > 10
    return body


def snapshot(team: Team) -> dict[str, Any]:
    """Everything a refused request must leave as it was (audit events aside)."""
    out: dict[str, Any] = {}
    with team.engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
            out[table] = [tuple(r) for r in rows]
    return out


def refusals(team: Team) -> list[dict[str, Any]]:
    import json

    with team.sessions() as s:
        rows = s.execute(
            select(AuditEvent.actor, AuditEvent.payload).where(AuditEvent.kind == "refusal")
        ).all()
    return [{"actor": actor, **json.loads(payload)} for actor, payload in rows]


def count(team: Team, model: Any) -> int:
    with team.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)
