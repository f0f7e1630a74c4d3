"""`moderator demo --screenshots`: the supervisor's QA dashboard → `dashboard.png`."""

from __future__ import annotations

from moderator.services.demo import SUPERVISOR
from moderator.services.workspace import sign_in
from moderator.ui.dashboard import DashboardWindow, open_dashboard
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.tools import ToolContext


def capture(ctx: ScreenContext) -> None:
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    window = open_dashboard(ToolContext(ctx.workspace, supervisor, ctx.tasks))
    assert isinstance(window, DashboardWindow)
    try:
        wait_until(lambda: window.snapshot is not None or window.status.text().startswith("Could"))
        ctx.shot(window, "dashboard")
    finally:
        window.close()
