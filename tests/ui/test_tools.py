"""The Tools menu: only the tools the signed-in role may open, each opened once and re-raised."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from moderator.domain.reports import Role
from moderator.ui.common import tools
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import Tool, ToolContext, install_menu
from tests.ui.conftest import Desk

OPENED: list[QWidget] = []


def open_probe(context: ToolContext) -> QWidget:
    window = QLabel(f"probe for {context.reviewer.username}")
    window.show()
    OPENED.append(window)
    return window


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    OPENED.clear()
    monkeypatch.setattr(
        tools,
        "TOOLS",
        [
            Tool("probe", "Probe", f"{__name__}:open_probe", min_role=Role.SUPERVISOR),
            Tool("everyone", "Everyone", f"{__name__}:open_probe", min_role=Role.REVIEWER),
        ],
    )


@pytest.mark.usefixtures("registry")
def test_reviewer_sees_only_tools_for_their_role(qtbot: QtBot, desk: Desk) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    tasks = Tasks()
    try:
        actions = install_menu(window, ToolContext(desk.workspace, desk.reviewer, tasks, window))
    finally:
        tasks.close()
    assert [a.text() for a in actions] == ["Everyone"]


@pytest.mark.usefixtures("registry")
def test_supervisor_opens_a_tool_once_and_raises_it_again(qtbot: QtBot, desk: Desk) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    supervisor = replace(desk.reviewer, role=Role.SUPERVISOR)
    tasks = Tasks()
    try:
        actions = install_menu(window, ToolContext(desk.workspace, supervisor, tasks, window))
        assert [a.text() for a in actions] == ["Probe", "Everyone"]
        actions[0].trigger()
        actions[0].trigger()  # already open: raised, not opened twice
        assert len(OPENED) == 1
        assert isinstance(OPENED[0], QLabel)
        assert "alice" in OPENED[0].text()
        OPENED[0].close()
        actions[0].trigger()  # closed: opened anew
        assert len(OPENED) == 2
    finally:
        for widget in OPENED:
            widget.close()
        tasks.close()


def test_every_registered_tool_and_screen_resolves() -> None:
    """A typo in a registry line would only show when a supervisor clicks the menu."""
    import importlib

    from moderator.ui.screenshots import EXTRA_SCREENS

    assert {tool.key for tool in tools.TOOLS} >= {"console", "exposure", "dashboard"}
    for tool in tools.TOOLS:
        module, _, name = tool.opener.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), tool.opener
    for entry in EXTRA_SCREENS:
        module, _, name = entry.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), entry
