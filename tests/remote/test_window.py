"""`moderator gui` on a team profile: the launcher assembles the remote services, and the
window says where a decision is: saved on this desk, then sent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.store.models import Decision
from moderator.ui.app import Launcher, Workstation
from moderator.ui.common.tasks import Tasks
from tests.remote.conftest import Served

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.gui]


def test_the_launcher_opens_a_team_profile_and_shows_the_outbox(
    qtbot: QtBot, served: Served, decoder: MediaPool
) -> None:
    served.team.add_reports("general", 2)
    served.enroll("alice")
    tasks = Tasks()
    launcher = Launcher(tasks, decoder, None)
    try:
        with qtbot.waitSignal(launcher.ready, timeout=60_000) as opened:
            launcher.open(served.paths, config_mod.load(served.paths), "desk-alice")
        station = opened.args[0]
        assert isinstance(station, Workstation)
        assert station.workspace is None
        assert station.desktop.team
        win, session, status = station.window, station.session, station.sync_status
        assert "desk-alice" in win.windowTitle()
        assert station.tool_actions == []
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.waitUntil(
            lambda: session.current is not None and session.current.preview is not None,
            timeout=30_000,
        )
        served.proxy.mode = "down"  # the network drops; the reviewer decides anyway
        served.proxy.cut()
        for key in ("5", "2", "2", "3"):
            qtbot.keyClick(win.surface, key)
        qtbot.keyClick(win.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: session.pending is not None, timeout=30_000)
        assert "waiting to send" in win.undo_text.text()
        # A background round may be under way (started before the submit): its answer can come
        # first, so wait for a round that saw the outbox, not for the next `pushed`.
        status.push()
        qtbot.waitUntil(
            lambda: status.result is not None and status.result.outbox >= 1 and not status.busy,
            timeout=30_000,
        )
        assert status.result is not None
        waiting = status.result.outbox  # the decision, and the exposure of the report it left
        assert waiting >= 1
        assert status.text().startswith(f"{waiting} saved here, waiting to send")
        assert "offline since" in status.text()
        served.proxy.mode = "pass"
        status.push()
        qtbot.waitUntil(lambda: status.text() == "Synced" and not status.busy, timeout=30_000)
        with qtbot.waitSignal(session.closed, timeout=30_000):
            win.close()
    finally:
        tasks.close()
        if launcher.team is not None:
            launcher.team.close()
    with served.team.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 1
