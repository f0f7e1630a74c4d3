"""Migration 0010: a workspace made before policies were stored keeps working.

Its queues named shipped policies by id; the migration stores those (as shipped now) and
pins the queues to them, and leaves a queue naming an unknown policy unpinned.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from moderator.domain.policy_file import load_builtin
from moderator.store import migrate
from moderator.store.db import make_engine

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_existing_queues_are_pinned_to_the_shipped_policies(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    migrate.upgrade(engine, "0007")
    with engine.begin() as conn:
        for name, policy in (
            ("general", "platform-generic"),
            ("more", "platform-generic"),
            ("custom", "our-own"),
        ):
            conn.execute(
                text(
                    "INSERT INTO queues (name, title, categories, policy_id, sla_hours,"
                    " min_role, created_at) VALUES (:n, :n, '[]', :p, 24, 'reviewer', :t)"
                ),
                {"n": name, "p": policy, "t": NOW.replace(tzinfo=None)},
            )
    migrate.upgrade(engine)
    shipped = load_builtin("platform-generic")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT policy_id, version, sha256 FROM policies")).all()
        pinned = dict(conn.execute(text("SELECT name, policy_version FROM queues")).all())
    assert stored == [("platform-generic", shipped.version, shipped.sha256)]
    assert pinned == {"general": shipped.version, "more": shipped.version, "custom": ""}
    migrate.downgrade(engine, "0007")
    with engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(queues)"))}
    assert "policy_version" not in columns
    engine.dispose()
