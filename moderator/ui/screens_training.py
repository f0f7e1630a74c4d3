"""Training screens for `moderator demo --screenshots DIR`: the gating message, the admin window."""

from __future__ import annotations

from moderator.services.training import TrainingAdmin
from moderator.services.workspace import sign_in
from moderator.ui.app import Workstation
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.training_admin import TrainingAdminWindow

TRAINEE, SUPERVISOR = "demo.trainee", "demo.supervisor"


def capture(ctx: ScreenContext) -> None:
    """`gating.png`: the trainee's window, gated out of every queue, says why and what to do.
    `training-admin.png`: the supervisor's records window."""
    trainee = sign_in(ctx.workspace, TRAINEE)
    station = Workstation(ctx.workspace, trainee, ctx.renderer, ctx.tasks)
    station.window.resize(1440, 900)
    station.start()
    notice = station.window.training
    wait_until(lambda: station.window.pages.currentWidget() is station.window.empty_page)
    wait_until(notice.note.isVisible)
    ctx.shot(station.window, "gating")
    closed: list[bool] = []
    station.session.closed.connect(lambda: closed.append(True))
    station.window.close()
    wait_until(lambda: bool(closed))
    admin = TrainingAdminWindow(TrainingAdmin(ctx.workspace, SUPERVISOR), ctx.tasks)
    admin.resize(1180, 640)
    admin.show()
    wait_until(lambda: admin.records_model.rowCount() > 0)
    admin.records_view.selectRow(1)
    ctx.shot(admin, "training-admin")
    admin.close()
