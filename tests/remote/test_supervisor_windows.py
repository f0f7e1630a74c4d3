"""`moderator gui` on a team profile as a supervisor: the Tools menu opens the supervisor
windows over the real server process (TLS, its least-privilege login), and the desk holds no
database URL."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from moderator.domain.rows import CourseInput
from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.services.console_export import Format
from moderator.store.models import AuditEvent
from moderator.store.models_central import CentralEvent
from moderator.ui.app import Launcher, Workstation
from moderator.ui.common.tasks import Tasks
from moderator.ui.supervisor.console import ConsoleWindow
from moderator.ui.supervisor.dashboard import DashboardWindow
from moderator.ui.supervisor.exposure import ExposureView
from moderator.ui.supervisor.gold_items import GoldWindow
from moderator.ui.supervisor.training_admin import TrainingAdminWindow
from tests.helpers.console_events import CentralLog
from tests.remote.conftest import Served
from tests.server.conftest import rid

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.gui]
W = TypeVar("W", bound=QWidget)
EVENTS = 1200


def seed(served: Served) -> None:
    """A central log of EVENTS events over three desks, and a decision with its exposure."""
    team = served.team
    log = CentralLog(team.now() - timedelta(hours=3))
    for i in range(EVENTS):
        log.add(f"r{i % 3}", "view", minutes=i / 10, report=f"rep-{i % 9}", ws=f"ws-{i % 3}")
    with team.sessions.begin() as s:
        log.flush(s)
    team.add_reports("general", 2)
    alice = team.enroll("alice")  # in process, on the same database
    lease = alice.lease()
    decision_id = rid()
    assert alice.submit(lease["token"], decision_id, outcome="remove").status_code == 201
    final = alice.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
    assert final.json()["state"] == "final"
    exposure = {
        "request_id": rid(), "report_uid": lease["report_uid"], "review_round": 1,
        "session_uid": rid(), "severity": "severe", "category": "csam",
        "seconds_revealed": 90.0, "seconds_blurred": 30.0, "ended_by": "decided",
    }  # fmt: skip
    assert alice.post("/v1/exposures", exposure).status_code == 200


def shown(kind: type[W]) -> W:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def station(qtbot: QtBot, served: Served, decoder: MediaPool) -> Iterator[Workstation]:
    seed(served)
    profile = served.enroll("sue")
    assert profile.is_team
    assert profile.database == ""  # the desk holds a server URL and a token, nothing more
    tasks = Tasks()
    launcher = Launcher(tasks, decoder, None)
    try:
        with qtbot.waitSignal(launcher.ready, timeout=60_000) as opened:
            launcher.open(served.paths, config_mod.load(served.paths), "desk-sue")
        found = opened.args[0]
        assert isinstance(found, Workstation)
        assert found.workspace is None
        yield found
        for widget in QApplication.topLevelWidgets():
            widget.close()
    finally:
        tasks.close()
        if launcher.team is not None:
            launcher.team.close()


def test_the_tools_menu_opens_the_supervisor_windows_over_the_server(
    qtbot: QtBot, served: Served, station: Workstation, tmp_path: Path
) -> None:
    actions = {a.objectName(): a for a in station.tool_actions}
    assert set(actions) == {
        "tool-console", "tool-exposure", "tool-dashboard", "tool-adjudication", "tool-gold",
        "tool-lifecycle", "tool-training", "tool-admin",
    }  # fmt: skip

    actions["tool-console"].trigger()
    console = shown(ConsoleWindow)
    qtbot.waitUntil(lambda: console.status_label.text() == f"{EVENTS:,} events", timeout=30_000)
    model = console.model
    assert model is not None
    model.data(model.index(EVENTS - 5, 1))  # far down: fetched by offset over the server
    qtbot.waitUntil(lambda: model.row_loaded(EVENTS - 5), timeout=30_000)
    assert model.data(model.index(EVENTS - 5, 1)) in {"r0", "r1", "r2"}
    console.table.selectionModel().select(
        model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.waitUntil(lambda: console.details is not None, timeout=30_000)
    qtbot.waitUntil(lambda: len(console.chains) == 3, timeout=30_000)
    assert all(c.ok for c in console.chains)
    qtbot.waitUntil(lambda: console.reviewer_combo.count() == 4, timeout=30_000)  # "", r0-r2
    console.reviewer_combo.setCurrentText("r1")
    console.apply()
    qtbot.waitUntil(
        lambda: console.status_label.text() == f"{EVENTS // 3:,} events match the filter",
        timeout=30_000,
    )
    target = tmp_path / "r1.csv"
    console.export(Format.CSV, target)
    qtbot.waitUntil(lambda: console.export_result is not None, timeout=30_000)
    assert console.export_result is not None
    assert console.export_result.rows == EVENTS // 3
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert {r["actor"] for r in rows} == {"r1"}
    with served.team.sessions() as s:  # recorded by the server, as sue
        exports = s.scalars(select(AuditEvent.actor).where(AuditEvent.kind == "export")).all()
        assert list(exports) == ["sue"]
        assert s.scalar(select(func.count()).select_from(CentralEvent)) >= EVENTS
    console.close()

    actions["tool-exposure"].trigger()
    exposure = shown(ExposureView)
    qtbot.waitUntil(lambda: exposure.exposure.rowCount() == 1, timeout=30_000)
    assert exposure.exposure.item(0, 0).text() == "alice"
    assert exposure.exposure.item(0, 4).text() == "1.5"  # revealed minutes
    exposure.close()

    actions["tool-dashboard"].trigger()
    dashboard = shown(DashboardWindow)
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=30_000)
    assert dashboard.snapshot is not None
    decided = {r.reviewer: r.decisions for r in dashboard.snapshot.reviewers if r.decisions}
    assert decided == {"alice": 1}
    report = tmp_path / "compliance"
    dashboard.choose_folder = lambda: str(report)
    dashboard.write_button.click()
    qtbot.waitUntil(lambda: dashboard.status.text().startswith("Wrote "), timeout=30_000)
    assert (report / "report.html").exists()
    dashboard.close()

    actions["tool-training"].trigger()
    training = shown(TrainingAdminWindow)
    qtbot.waitUntil(lambda: training.records_model.rowCount() > 0, timeout=30_000)
    m = training.records_model
    held = {
        (m.data(m.index(r, 0)), m.data(m.index(r, 2))) for r in range(m.rowCount())
    }  # (reviewer, state)
    assert ("bob", "valid") in held
    assert ("alice", "missing") in held
    # Its changes go through the server's own login (migration 0020 lets it make them).
    assert training.admin.save_course(CourseInput("GEN", "General", 365)) == "added"
    records = tmp_path / "records.csv"
    records.write_text("reviewer,course,completed\ncarol,GEN,2026-11-01\n", encoding="utf-8")
    imported = training.admin.import_csv(records)
    assert (imported.added, imported.problems) == (1, [])
    training.close()

    actions["tool-gold"].trigger()
    gold = shown(GoldWindow)
    qtbot.waitUntil(lambda: len(gold.decided_model.rows) == 1, timeout=30_000)
    gold.decided_view.setCurrentIndex(gold.decided_model.index(0, 0))
    assert gold.expected.currentData() == "remove"
    gold.mark.click()
    qtbot.waitUntil(lambda: gold.status.text() != "", timeout=30_000)
    assert "is now a gold item" in gold.status.text(), gold.status.text()
    qtbot.waitUntil(lambda: len(gold.gold_model.rows) == 1, timeout=30_000)
    assert gold.gold_model.rows[0].created_by == "sue"
    qtbot.waitUntil(lambda: gold.queue.count() == 3, timeout=30_000)
    gold.queue.setCurrentIndex(gold.queue.findText("general"))
    gold.gold_rate.setValue(5)
    gold.save_settings.click()
    qtbot.waitUntil(lambda: "QA settings of general saved" in gold.status.text(), timeout=30_000)
    gold.close()
    # Admin, Actions and notices: see test_admin_window; Adjudication: test_adjudication_window.
