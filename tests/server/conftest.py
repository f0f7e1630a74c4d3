"""A team database with queues, people and reports with media, and the server in process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from moderator.domain.reports import Role
from moderator.server.app import create_app
from moderator.server.context import Server, ServerSettings
from moderator.server.media_store import MediaStore
from moderator.services import enrollment, signing
from moderator.store.db import make_engine, session_factory
from moderator.store.models import MediaItem
from moderator.store.queue import ReviewerRef
from tests.conftest import truncate_all
from tests.helpers import seed
from tests.media import synth

DECISION = {
    "policy_id": "platform-generic",
    "policy_version": "1",
    "policy_hash": "a" * 64,
    "outcome": "violation",
    "answers": {"q1": "yes"},
}


def rid() -> str:
    return str(uuid.uuid4())


@dataclass
class Desk:
    """One enrolled workstation: its token, id and signing key, and a client that uses them."""

    name: str
    token: str
    workstation: str
    key: Ed25519PrivateKey
    client: TestClient

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, **kw)

    def post(self, path: str, body: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.client.post(path, json=body if body is not None else {}, **kw)

    def claim(self, **body: Any) -> Any:
        return self.post("/v1/claims", {"request_id": rid(), **body})

    def lease(self) -> dict[str, Any]:
        got = self.claim()
        assert got.status_code == 200, got.text
        assert got.json()["lease"] is not None
        return dict(got.json()["lease"])

    def submit(self, token: str, decision_id: str | None = None, **extra: Any) -> Any:
        body = {"decision_id": decision_id or rid(), **DECISION, **extra}
        return self.post(f"/v1/leases/{token}/decision", body)


@dataclass
class Team:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    server: Server
    app: FastAPI
    media: Path
    queues: dict[str, int]
    people: dict[str, ReviewerRef]
    reports: list[int] = field(default_factory=list)

    def now(self) -> datetime:
        return self.server.now()

    def code(self, name: str, lifetime: timedelta = timedelta(hours=1)) -> str:
        with self.sessions.begin() as s:
            return enrollment.issue_enrollment(s, name, "sue", self.now(), lifetime)

    def client(self, token: str | None = None) -> TestClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return TestClient(self.app, headers=headers, raise_server_exceptions=False)

    def enroll(self, name: str) -> Desk:
        key = Ed25519PrivateKey.generate()
        got = self.client().post(
            "/v1/enroll",
            json={"code": self.code(name), "public_key": signing.public_hex(key), "label": name},
        )
        assert got.status_code == 201, got.text
        data = got.json()
        return Desk(name, data["token"], data["workstation"], key, self.client(data["token"]))

    def add_reports(
        self, queue: str, n: int, *, media: bool = True, prefix: str = "R"
    ) -> list[int]:
        store = MediaStore(self.media)
        now = self.now()
        with self.sessions.begin() as s:
            ids = seed.reports(s, self.queues[queue], now, n, prefix=f"{prefix}-{queue}")
            if media:
                rows = []
                for i, report_id in enumerate(ids):
                    path = self.media / f"upload-{report_id}.png"
                    synth.image(48, 32, seed=report_id * 7 + i).save(path)
                    sha = store.put(path)
                    size = path.stat().st_size
                    path.unlink()
                    rows.append(
                        {
                            "report_id": report_id,
                            "position": 0,
                            "uri": f"{sha[:2]}/{sha}",
                            "kind": "image",
                            "size_bytes": size,
                            "sha256": sha,
                        }
                    )
                s.execute(insert(MediaItem), rows)
        self.reports.extend(ids)
        return ids


def build_team(url: str, media: Path, **settings: Any) -> Team:
    truncate_all(url)
    media.mkdir(exist_ok=True)
    engine = make_engine(url)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    with sessions.begin() as s:
        sup = seed.queue(s, "supervisors", now, min_role=Role.SUPERVISOR)
        general = seed.queue(s, "general", now, escalation=sup)
        gated = seed.queue(s, "gated", now, trainings=("CSAM-101",))
        people = {
            "alice": seed.reviewer(s, "alice", now),
            "bob": seed.reviewer(s, "bob", now),
            "carol": seed.reviewer(s, "carol", now),
            "sue": seed.reviewer(s, "sue", now, Role.SUPERVISOR),
        }
        for name in ("bob", "sue"):
            seed.training(
                s, people[name], "CSAM-101", now - timedelta(days=1), now + timedelta(days=300)
            )
    options = {"background": False, "grace": timedelta(seconds=2), **settings}
    server = Server(
        ServerSettings(database=url, media_dir=media, **options),
        engine,
        Ed25519PrivateKey.generate(),
    )
    app = create_app(server)
    return Team(
        url,
        engine,
        sessions,
        server,
        app,
        media,
        {"supervisors": sup, "general": general, "gated": gated},
        people,
    )


@pytest.fixture
def team(pg_migrated: str, tmp_path: Path) -> Iterator[Team]:
    built = build_team(pg_migrated, tmp_path / "media")
    yield built
    built.app.state.platform.hashing.close()  # the intake's decoder processes, if started
    built.engine.dispose()
