"""The GUI thread never waits: every supervisor window reads the database on a worker."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from moderator.domain.reports import Role
from moderator.services.workspace import Workspace
from moderator.ui.common import tools
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import ToolContext
from tests.ui.conftest import Desk

# The console reads its own central-store engine; the others go through the workspace.
WORKSPACE_TOOLS = [t for t in tools.TOOLS if t.key != "console"]


@pytest.mark.parametrize("tool", WORKSPACE_TOOLS, ids=lambda t: t.key)
def test_opening_a_tool_never_touches_the_database_on_the_gui_thread(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch, tool: tools.Tool
) -> None:
    real = Workspace.transaction
    on_gui: list[str] = []
    used: list[str] = []

    def guarded(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        (on_gui if threading.current_thread() is threading.main_thread() else used).append(tool.key)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "transaction", guarded)
    tasks = Tasks()
    supervisor = replace(desk.reviewer, role=Role.SUPERVISOR)
    try:
        window: QWidget = tool.open(ToolContext(desk.workspace, supervisor, tasks))
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: bool(used) and tasks.idle, timeout=10_000)
        window.close()
    finally:
        tasks.close()
    assert on_gui == []
