"""The audit console over the team server: pages of a large central log through the
supervisor routes, against the same queries called directly in the same run (the baseline).

Usage: python -m bench.bench_supervisor_console [--pg-url URL] [--events N]

The server runs in process (the ASGI app through starlette's test client: routing, the token
check, the role check, serialisation; no TLS, no network). Each figure is the median of 5 runs
after a warm-up; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.bench_console import PAGE, PG_URL, populate, timed
from moderator.domain.reports import Role
from moderator.server.app import create_app
from moderator.server.context import Server, ServerSettings
from moderator.services import console, enrollment, signing
from moderator.services.console import EventFilter
from moderator.store.db import make_engine, session_factory
from moderator.store.models import Reviewer

ROUTE = "/v1/supervisor/audit/events"


def supervisor_client(server: Server) -> TestClient:
    now = datetime.now(UTC)
    with server.sessions.begin() as s:
        s.add(Reviewer(username="sue", display_name="Sue", role=Role.SUPERVISOR, created_at=now))
        s.flush()
        code = enrollment.issue_enrollment(s, "sue", "sue", now, timedelta(hours=1))
    client = TestClient(create_app(server))
    key = signing.public_hex(Ed25519PrivateKey.generate())
    got = client.post("/v1/enroll", json={"code": code, "public_key": key, "label": "bench"})
    got.raise_for_status()
    client.headers["Authorization"] = f"Bearer {got.json()['token']}"
    return client


def bench(url: str, n: int) -> None:
    engine = make_engine(url)
    print(f"filling {n:,} events: {populate(engine, n):.1f} s")
    with tempfile.TemporaryDirectory() as media:
        settings = ServerSettings(database=url, media_dir=Path(media), background=False)
        server = Server(settings, engine, Ed25519PrivateKey.generate())
        client = supervisor_client(server)
        sessions = session_factory(engine)
        everyone = EventFilter()

        def get(**params: Any) -> dict[str, Any]:
            got = client.get(ROUTE, params={"limit": PAGE, **params})
            got.raise_for_status()
            return dict(got.json())

        first = get(count=True)
        edge = first["rows"][-1]
        deep = min(900_000, max(0, n - PAGE))
        with sessions() as s:
            rows = console.page(s, everyone, 0, PAGE)
            cases = [
                ("first page + count", lambda: get(count=True),
                 lambda: (console.count(s, everyone), console.page(s, everyone, 0, PAGE))),
                ("next page by keyset",
                 lambda: get(offset=PAGE, after_at=edge["occurred_at"], after_id=edge["id"]),
                 lambda: console.page(s, everyone, PAGE, PAGE, after=rows[-1].key)),
                (f"deep jump (row {deep:,})", lambda: get(offset=deep),
                 lambda: console.page(s, everyone, deep, PAGE)),
                ("filtered first page + count",
                 lambda: get(count=True, actor="reviewer08", kind="decide"),
                 lambda: (console.count(s, EventFilter(actor="reviewer08", kinds=("decide",))),
                          console.page(s, EventFilter(actor="reviewer08", kinds=("decide",)),
                                       0, PAGE))),
            ]  # fmt: skip
            print(f"{'':<30} {'server':>10} {'direct':>10} {'ratio':>7}")
            for label, over_server, direct in cases:
                served, _ = timed(over_server)
                bare, _ = timed(direct)
                print(f"{label:<30} {served:8.1f}ms {bare:8.1f}ms {served / bare:6.2f}x")
        client.close()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    admin = create_engine(
        args.pg_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    name = f"moderator_bench_sup_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        bench(make_url(args.pg_url).set(database=name).render_as_string(False), args.events)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
