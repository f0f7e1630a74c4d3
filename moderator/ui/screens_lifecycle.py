"""`actions.png` and `notices.png` for `moderator demo --screenshots`: the supervisor's
"Actions and notices" window on the demo's history (registered in `screenshots.EXTRA_SCREENS`;
the dashboard's "Time to action and removal" tab is `dashboard-actions.png`)."""

from __future__ import annotations

from moderator.services.demo.build import SUPERVISOR
from moderator.services.workspace import sign_in
from moderator.ui.common.tools import ToolContext
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.supervisor.dashboard import DashboardWindow, open_dashboard
from moderator.ui.supervisor.lifecycle import LifecycleWindow, open_lifecycle


def capture_lifecycle(ctx: ScreenContext) -> None:
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    context = ToolContext(ctx.workspace, supervisor, ctx.tasks)
    window = open_lifecycle(context)
    assert isinstance(window, LifecycleWindow)
    try:
        window.resize(1250, 640)
        wait_until(lambda: bool(window.summary.text()) or window.status.text().startswith("Could"))
        if window.actions_model.rowCount():
            window.actions_view.selectRow(0)
        ctx.shot(window, "actions")
        window.tabs.setCurrentIndex(1)
        ctx.shot(window, "notices")
    finally:
        window.close()
    dashboard = open_dashboard(context)
    assert isinstance(dashboard, DashboardWindow)
    try:
        wait_until(lambda: dashboard.snapshot is not None or ctx.tasks.idle)
        dashboard.tabs.setCurrentIndex(2)
        ctx.shot(dashboard, "dashboard-actions")
    finally:
        dashboard.close()
