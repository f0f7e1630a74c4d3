"""What the platform tests share: sources and their tokens, synthetic media, deciding."""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi.testclient import TestClient

from moderator.services.sources import Sources
from tests.media import synth
from tests.server.conftest import Desk, Team, rid


def source(team: Team, name: str = "acme", kind: str = "submit") -> str:
    return Sources(team.server.workspace(), "sue").add(name, kind)


def token(team: Team, name: str, kind: str) -> str:
    return Sources(team.server.workspace(), "sue").token(name, kind)


def png(seed: int, width: int = 24, height: int = 16) -> bytes:
    out = io.BytesIO()
    synth.image(width, height, seed=seed).save(out, "PNG")
    return out.getvalue()


def record(ref: str, *media: str, **extra: Any) -> dict[str, Any]:
    return {"external_ref": ref, "queue": "general", "media": list(media), **extra}


def multipart(
    client: TestClient, records: list[dict[str, Any]], files: dict[str, bytes]
) -> Any:
    manifest = "\n".join(json.dumps(r) for r in records)
    parts: list[tuple[str, tuple[str, bytes, str]]] = [
        ("manifest", ("manifest.jsonl", manifest.encode(), "application/x-ndjson"))
    ]
    parts += [("media", (name, data, "application/octet-stream")) for name, data in files.items()]
    return client.post("/v1/reports", files=parts)


def decide(desk: Desk, outcome: str = "violation") -> str:
    """Claim one report, decide it and make the decision final at once; its id."""
    lease = desk.lease()
    decision = rid()
    got = desk.submit(lease["token"], decision, outcome=outcome)
    assert got.status_code == 201, got.text
    done = desk.post(f"/v1/decisions/{decision}/finalize", {"request_id": rid()})
    assert done.status_code in (200, 204), done.text
    return str(decision)
