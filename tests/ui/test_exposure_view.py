"""The supervisor's team exposure view: figures from the database, never content."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from moderator.domain.reports import Role
from moderator.services.wellbeing import WellbeingService
from moderator.store.wellbeing import Exposure
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import ToolContext
from moderator.ui.supervisor.exposure import ExposureView, open_exposure
from tests.ui.conftest import Desk


def record(desk: Desk, revealed: float, blurred: float, severity: str) -> None:
    WellbeingService(desk.workspace, desk.reviewer).record_exposure(
        Exposure("r-1", 1, "s-1", severity, "harassment", revealed, blurred, "decided")
    )


def test_a_supervisor_sees_the_teams_figures(qtbot: QtBot, desk: Desk) -> None:
    record(desk, 90.0, 30.0, "severe")
    record(desk, 30.0, 60.0, "low")
    tasks = Tasks()
    supervisor = replace(desk.reviewer, role=Role.SUPERVISOR)
    try:
        view = open_exposure(ToolContext(desk.workspace, supervisor, tasks))
        qtbot.addWidget(view)
        assert isinstance(view, ExposureView)
        qtbot.waitUntil(lambda: "revealed minutes" in view.note.text(), timeout=5000)
        assert view.note.text().startswith("1 reviewer · 2 revealed minutes")
        assert view.exposure.rowCount() == 2
        cells = {
            view.exposure.item(r, 2).text(): view.exposure.item(r, 4).text()
            for r in range(view.exposure.rowCount())
        }
        assert cells == {"severe": "1.5", "low": "0.5"}
        assert view.chart.totals == {"alice": {"severe": 1.5, "low": 0.5}}  # minutes
        view.close()
    finally:
        tasks.close()


def test_a_reviewer_is_refused(qtbot: QtBot, desk: Desk) -> None:
    tasks = Tasks()
    try:
        shown: QWidget = open_exposure(ToolContext(desk.workspace, desk.reviewer, tasks))
        qtbot.addWidget(shown)
        assert isinstance(shown, QLabel)
        assert "for supervisors" in shown.text()
    finally:
        tasks.close()
