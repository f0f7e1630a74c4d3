"""The training admin window: filters, add/edit/delete with validation, CSV import, audit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from moderator.domain.audit import EventKind
from moderator.services.training import TrainingAdmin
from moderator.store.models import AuditEvent
from moderator.store.training import CourseInput, RecordInput
from moderator.ui.common.tasks import Tasks
from moderator.ui.supervisor.training_admin import TrainingAdminWindow
from moderator.ui.supervisor.training_dialogs import CourseDialog, ImportResultDialog, RecordDialog
from tests.helpers import seed
from tests.ui.conftest import Desk

DAY = timedelta(days=1)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> Iterator[TrainingAdminWindow]:
    now = desk.workspace.now()
    with desk.workspace.transaction() as s:
        seed.reviewer(s, "bob", now)
    admin = TrainingAdmin(desk.workspace, "sam")
    admin.save_course(CourseInput("GEN", "General", 365, queues=("general",)))
    admin.add_record(RecordInput("alice", "GEN", now - 350 * DAY, now + 15 * DAY, "cert 1"))
    tasks = Tasks()
    win = TrainingAdminWindow(admin, tasks, UTC)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.records_model.rowCount() == 2)
    yield win
    tasks.close()


def cells(win: TrainingAdminWindow) -> list[tuple[str, ...]]:
    m = win.records_model
    return [
        tuple(m.data(m.index(r, c)) for c in range(m.columnCount())) for r in range(m.rowCount())
    ]


def training_ops(desk: Desk) -> list[str]:
    with desk.workspace.transaction() as s:
        rows = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == EventKind.TRAINING))
        return [json.loads(p)["op"] for p in rows]


def test_rows_filter_by_reviewer_and_status(qtbot: QtBot, window: TrainingAdminWindow) -> None:
    assert [(c[0], c[2]) for c in cells(window)] == [("alice", "expiring"), ("bob", "missing")]
    window.state_filter.setCurrentText("missing")
    assert [c[0] for c in cells(window)] == ["bob"]
    window.state_filter.setCurrentText("All states")
    window.reviewer_filter.setCurrentText("alice")
    assert [c[0] for c in cells(window)] == ["alice"]
    window.state_filter.setCurrentText("valid")
    assert cells(window) == []


def test_add_a_record_for_a_missing_course(
    qtbot: QtBot, desk: Desk, window: TrainingAdminWindow
) -> None:
    window.records_view.selectRow(1)  # bob, missing
    dialog = window.open_record_dialog(window.selected_row())
    assert isinstance(dialog, RecordDialog)
    assert (dialog.reviewer.currentText(), dialog.course.currentText()) == ("bob", "GEN")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.expires.setDate(dialog.completed.date())
    assert not save.isEnabled()
    assert dialog.problem.text() == "The expiry must be after the completion."
    dialog.completed.setDate(dialog.completed.date().addDays(-10))  # expiry follows: +365
    assert save.isEnabled()
    dialog.evidence.setText("attendance list 2026-11")
    dialog.accept()
    qtbot.waitUntil(lambda: [c[2] for c in cells(window)] == ["expiring", "valid"])
    assert cells(window)[1][5:] == ("attendance list 2026-11", "admin window")
    assert training_ops(desk)[-1] == "record.add"


def test_edit_and_delete_a_record(qtbot: QtBot, desk: Desk, window: TrainingAdminWindow) -> None:
    window.records_view.selectRow(0)
    dialog = window.open_record_dialog(window.selected_row())
    dialog.expires.setDate(QDate(2031, 1, 1))
    dialog.accept()
    qtbot.waitUntil(lambda: cells(window)[0][2] == "valid")
    assert cells(window)[0][4] == "1 Jan 2031"
    asked: list[str] = []
    window.confirm = lambda q: asked.append(q) or True
    window.records_view.selectRow(0)
    window.delete_record.click()
    qtbot.waitUntil(lambda: cells(window)[0][2] == "missing")
    assert len(asked) == 1
    assert asked[0].startswith("Delete alice's GEN record")
    assert training_ops(desk)[-2:] == ["record.edit", "record.delete"]


def test_a_refused_change_is_said_in_the_window(qtbot: QtBot, window: TrainingAdminWindow) -> None:
    window.confirm = lambda _q: True
    window.tabs.setCurrentIndex(1)
    window.courses_view.selectRow(0)
    window.delete_course.click()
    qtbot.waitUntil(lambda: window.message.text().startswith("Not saved"))
    assert "GEN has 1 training record(s); delete them first" in window.message.text()


def test_add_a_course_with_its_queue(qtbot: QtBot, window: TrainingAdminWindow) -> None:
    dialog = window.open_course_dialog(None)
    assert isinstance(dialog, CourseDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    dialog.code.setText("CSAM-CERT")
    dialog.title.setText("Grading certificate")
    (general,) = dialog.queues.findItems("general", Qt.MatchFlag.MatchExactly)
    general.setCheckState(Qt.CheckState.Checked)
    assert save.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: window.courses_model.rowCount() == 2)
    m = window.courses_model
    assert m.data(m.index(0, 0)) == "CSAM-CERT"
    assert m.data(m.index(0, 3)) == "general"
    # Needed by the queue now: alice and bob are both missing it.
    qtbot.waitUntil(lambda: [c[2] for c in cells(window)].count("missing") == 3)


def test_csv_import_shows_the_bad_rows(
    qtbot: QtBot, tmp_path: Path, window: TrainingAdminWindow
) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        "reviewer,course,completed\nbob,GEN,2026-01-02\nzed,GEN,2026-01-02\nbob,GEN,2026-13-01\n"
    )
    window.import_file(path)
    qtbot.waitUntil(lambda: isinstance(window.dialog, ImportResultDialog))
    result = window.dialog
    assert "1 records added" in result.summary.text()
    table = result.table
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert rows == [
        ("3", "unknown reviewer 'zed'"),
        ("4", "bad completion date '2026-13-01' (use YYYY-MM-DD or an ISO date-time)"),
    ]
    qtbot.waitUntil(lambda: "missing" not in [c[2] for c in cells(window)])
    assert date(2026, 1, 2).strftime("%-d %b %Y") in cells(window)[1][3]
