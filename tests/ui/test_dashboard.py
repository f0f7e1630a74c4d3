"""The QA dashboard: loads on the DB lane, fills charts and tables, changes period, writes the
compliance report, refuses reviewers; charts paint their empty and undefined states."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.services.config import Config, Profile
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import Decision
from moderator.store.queue import ReviewerRef
from moderator.ui.common.charts import Estimate, IntervalChart
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import TOOLS, ToolContext, tools_for
from moderator.ui.supervisor.dashboard import DashboardWindow, open_dashboard
from tests.helpers import seed
from tests.helpers.clock import FakeClock


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """Three decisions by ana: two today (FakeClock: 2026-11-21 09:00 UTC), one 20 days ago."""
    profile = Profile("t", f"sqlite:///{tmp_path / 'ws.sqlite'}", str(tmp_path))
    ws = open_workspace(profile, Config(workstation_id=new_uid()), clock=FakeClock(), create=True)
    now = ws.now()
    with ws.transaction() as s:
        q = seed.queue(s, "general", now)
        ana = seed.reviewer(s, "ana", now)
        ids = seed.reports(s, q, now, 3, state="decided")
        for rid, ago in zip(ids, (0, 1, 20 * 24), strict=True):
            s.add(Decision(uid=new_uid(), report_id=rid, reviewer_id=ana.id, policy_id="generic",
                           policy_version="1", policy_hash="0" * 64, outcome="remove",
                           seconds_on_item=120.0, seconds_exposed=0.0,
                           decided_at=now - timedelta(hours=ago), workstation=new_uid(),
                           lease_token=new_uid()))  # fmt: skip
    yield ws
    ws.close()


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    lanes = Tasks()
    yield lanes
    lanes.close()


def supervisor(ws: Workspace, role: Role = Role.SUPERVISOR) -> ReviewerRef:
    return ReviewerRef(1, "boss", role)


def test_loads_then_switches_period(qtbot: QtBot, workspace: Workspace, tasks: Tasks) -> None:
    window = open_dashboard(ToolContext(workspace, supervisor(workspace), tasks))
    assert isinstance(window, DashboardWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.snapshot is not None)
    assert window.days == 30
    ana = window.reviewer_model.rows[0]
    assert (ana.reviewer, ana.decisions) == ("ana", 3)
    model = window.reviewer_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "ana"
    assert model.data(model.index(0, 1)) == "3"
    assert model.data(model.index(0, 2)) == "30.0"  # 3 decisions in 6 minutes
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Reviewer"
    assert sum(v for _l, v in window.per_day.bars) == 3
    window.snapshot = None
    window.period.setCurrentIndex(0)  # last 7 days: the decision 20 days ago drops out
    qtbot.waitUntil(lambda: window.snapshot is not None)
    assert window.days == 7
    assert window.reviewer_model.rows[0].decisions == 2
    assert len(window.per_day.bars) == 7


def test_writes_the_compliance_report(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks, tmp_path: Path
) -> None:
    window = DashboardWindow(workspace, tasks, "Asia/Seoul")
    qtbot.addWidget(window)
    window.choose_folder = lambda: str(tmp_path / "report")
    window.write_button.click()
    assert not window.write_button.isEnabled()
    qtbot.waitUntil(lambda: window.write_button.isEnabled())
    assert window.status.text() == f"Wrote 9 files to {tmp_path / 'report'}"
    assert (tmp_path / "report" / "report.html").is_file()


def test_a_failed_write_says_so(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    window = DashboardWindow(workspace, tasks)
    qtbot.addWidget(window)
    window.choose_folder = lambda: str(blocker)
    window.write_button.click()
    qtbot.waitUntil(lambda: window.write_button.isEnabled())
    assert window.status.text().startswith("The report was not written:")


def test_cancelled_folder_choice_does_nothing(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks
) -> None:
    window = DashboardWindow(workspace, tasks)
    qtbot.addWidget(window)
    window.choose_folder = lambda: ""
    window.write_button.click()
    assert window.write_button.isEnabled()
    assert tasks.idle


def test_reviewers_are_refused(qtbot: QtBot, workspace: Workspace, tasks: Tasks) -> None:
    assert "dashboard" in [t.key for t in tools_for(Role.SUPERVISOR)]
    assert "dashboard" not in [t.key for t in tools_for(Role.REVIEWER)]
    assert any(t.opener == "moderator.ui.supervisor.dashboard:open_dashboard" for t in TOOLS)
    notice = open_dashboard(ToolContext(workspace, supervisor(workspace, Role.REVIEWER), tasks))
    qtbot.addWidget(notice)
    assert not isinstance(notice, DashboardWindow)
    assert "for supervisors" in notice.text()  # type: ignore[attr-defined]


def test_interval_chart_paints_undefined_rows(qtbot: QtBot, tmp_path: Path) -> None:
    chart = IntervalChart("κ")
    qtbot.addWidget(chart)
    chart.resize(400, 160)
    chart.set_data([Estimate("kr", 0.6, 0.4, 0.8), Estimate("iwf", None, note="undefined")])
    image = chart.grab().toImage()
    assert not image.isNull()
    # The dot of 0.6 sits 60% along the plot; its colour is the chart's accent, not background.
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(40, 80)}
    assert "#7fa7bd" in colours
