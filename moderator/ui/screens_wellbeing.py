"""Wellbeing screens for `moderator demo --screenshots`: the break screen, the check-in, the
status bar's calm timers, and the supervisor's team exposure view.

The covers are shown on a real review window without recording a break, so taking the
pictures changes nothing in the demo workspace.
"""

from __future__ import annotations

from PySide6.QtTest import QTest

from moderator.store.reports import queues_by_name
from moderator.ui.app import Workstation
from moderator.ui.exposure_view import ExposureView
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.tools import ToolContext


def capture(ctx: ScreenContext) -> None:
    with ctx.workspace.transaction() as session:
        queue = queues_by_name(session)["platform-general"].id
    station = Workstation(ctx.workspace, ctx.reviewer, ctx.renderer, ctx.tasks, queue_ids=[queue])
    station.window.resize(1440, 900)
    station.start()
    try:
        wait_until(
            lambda: station.session.current is not None and station.wellbeing.machine is not None
        )
        QTest.qWait(300)
        ctx.shot(station.window, "wellbeing-status-bar")
        covers = station.wellbeing
        covers.viewer.blocked = True
        covers.break_screen.show_break(12 * 60 + 30, hard=False, reason="exposure")
        ctx.shot(station.window, "break-screen")
        covers.break_screen.show_break(9 * 60, hard=True, reason="work")
        ctx.shot(station.window, "break-screen-hard")
        covers.break_screen.hide()
        covers.checkin.ask()
        ctx.shot(station.window, "check-in")
        covers.checkin.hide()
        covers.viewer.blocked = False
    finally:
        closed: list[bool] = []
        station.session.closed.connect(lambda: closed.append(True))
        station.window.close()
        wait_until(lambda: bool(closed))
    view = ExposureView(ToolContext(ctx.workspace, ctx.reviewer, ctx.tasks), days=14)
    view.resize(1000, 900)
    view.show()
    view.refresh()
    wait_until(lambda: view.exposure.rowCount() > 0)
    ctx.shot(view, "team-exposure")
    view.close()
