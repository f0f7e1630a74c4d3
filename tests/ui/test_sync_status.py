"""The status-bar sync status: real pushes to a real central store, offline and back."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from moderator.services.sync import Syncer, SyncResult
from moderator.store import migrate
from moderator.store.db import make_engine
from moderator.store.models import AuditEvent
from moderator.store.models_central import CentralEvent
from moderator.ui.app import Workstation
from moderator.ui.review.sync_status import SyncStatus, describe
from tests.conftest import PG_URL
from tests.ui.conftest import Desk, showing


def count(desk: Desk, model: type) -> int:
    with desk.workspace.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("result", "since", "shown"),
    [
        (None, None, "Sync: checking…"),
        (SyncResult(5, 0, True), None, "Synced"),
        (SyncResult(1000, 3, True), None, "3 events waiting"),
        (SyncResult(0, 1, True), None, "1 event waiting"),
        (SyncResult(0, 0, False, "unreachable"), None, "Offline since now"),
        (SyncResult(0, -1, False, "unreachable"), None, "Events waiting · offline since now"),
        (SyncResult(0, 2, True, "conflict at seq 4"), None, "Sync paused: the central store "
         "needs a supervisor's attention"),
        # Team mode: the desk's outbox (decisions and other requests) comes first.
        (SyncResult(4, 0, True, outbox=0), None, "Synced"),
        (SyncResult(0, 0, True, outbox=2), None, "2 saved here, waiting to send"),
        (SyncResult(0, 3, False, "down", outbox=1), None,
         "1 saved here, waiting to send · 3 events waiting · offline since now"),
    ],
)  # fmt: skip
def test_describe(result: SyncResult | None, since: datetime | None, shown: str) -> None:
    assert describe(result, since) == shown


def test_describe_offline_names_the_local_time() -> None:
    since = datetime(2026, 11, 21, 10, 42, tzinfo=UTC)
    local = since.astimezone().strftime("%H:%M")
    assert describe(SyncResult(0, 3, False), since) == f"3 events waiting · offline since {local}"


def test_window_pushes_after_a_decision_and_stops_on_close(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    desk.add_reports(["checker.png"] * 2)
    station = open_window()
    status = station.sync_status
    assert status.parent() is not None
    assert status in station.window.statusBar().findChildren(SyncStatus)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    status.after_decision_ms = 10
    with qtbot.waitSignal(status.pushed, timeout=10_000):
        for key in ("8", "2", "1", "3"):  # spam, minor: no, severity: low, outcome: remove
            qtbot.keyClick(station.window.surface, key)
        station.window.submit()  # the submit nudges a push
    qtbot.waitUntil(lambda: status.text() == "Synced", timeout=10_000)
    assert count(desk, CentralEvent) == count(desk, AuditEvent) > 0
    assert status.result is not None
    assert status.result.online
    with qtbot.waitSignal(station.session.closed, timeout=10_000):
        station.window.close()
    assert not status.busy
    status.push()  # after closing: nothing starts
    assert not status.busy


@pytest.fixture
def missing_pg() -> Iterator[tuple[str, Callable[[], None]]]:
    """A PostgreSQL URL whose database does not exist yet, and a function that creates it."""
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception:  # noqa: BLE001 - no server: skip like the other PostgreSQL tests
        admin.dispose()
        pytest.skip("PostgreSQL unreachable")
    name = f"moderator_sync_{uuid.uuid4().hex[:10]}"
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def create() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()

    yield url, create
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.mark.postgres
def test_offline_then_back_online(
    qtbot: QtBot, desk: Desk, missing_pg: tuple[str, Callable[[], None]]
) -> None:
    url, create = missing_pg
    when = datetime(2026, 11, 21, 10, 42, tzinfo=UTC)
    status = SyncStatus(
        lambda: Syncer(desk.workspace, url), lambda: when, interval_ms=60_000, first_ms=0
    )
    qtbot.addWidget(status)
    try:
        with qtbot.waitSignal(status.pushed, timeout=15_000) as first:
            pass
        result = first.args[0]
        assert not result.online
        waiting = count(desk, AuditEvent)
        assert result.pending == waiting > 0
        local = when.astimezone().strftime("%H:%M")
        noun = "event" if waiting == 1 else "events"
        assert status.text() == f"{waiting} {noun} waiting · offline since {local}"
        assert f"database {url.rsplit('/', 1)[-1]} does not exist" in status.toolTip()
        create()  # the central store comes back
        with qtbot.waitSignal(status.pushed, timeout=15_000) as again:
            status.push()
        assert again.args[0].online
        qtbot.waitUntil(lambda: status.text() == "Synced", timeout=15_000)
        assert status.offline_since is None
        central = make_engine(url)
        with central.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(CentralEvent)) == count(
                desk, AuditEvent
            )
        central.dispose()
    finally:
        status.close_sync()
