"""The review window explains training gating on its empty page and warns before expiry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.services.training import TrainingAdmin
from moderator.store.training import CourseInput, RecordInput
from moderator.ui.app import Workstation
from tests.ui.conftest import Desk, showing

DAY = timedelta(days=1)


def _setup(desk: Desk, completed_days_ago: float, expires_in: timedelta) -> TrainingAdmin:
    admin = TrainingAdmin(desk.workspace, "sam")
    admin.save_course(CourseInput("CSAM-CERT", "Grading certificate", 365, queues=("general",)))
    now = desk.workspace.now()
    admin.add_record(
        RecordInput("alice", "CSAM-CERT", now - completed_days_ago * DAY, now + expires_in)
    )
    return admin


def test_a_gated_reviewer_is_told_which_course_expired_and_when(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    _setup(desk, 400, -35 * DAY)
    desk.add_reports(["checker.png"])  # waiting, but alice may not claim it
    station = open_window()
    win, notice = station.window, station.window.training
    notice.tz = UTC
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.empty_page)
    qtbot.waitUntil(notice.note.isVisible)
    expired_on = (desk.workspace.now() - 35 * DAY).astimezone(UTC)
    text = notice.note.text()
    assert "Your training does not cover any queue right now" in text
    assert f"General reports: CSAM-CERT expired on {expired_on.day} {expired_on:%b %Y}" in text
    assert "ask your supervisor to renew it" in text
    assert not notice.warning.isVisible()


def test_renewed_training_opens_the_queue_and_the_note_goes(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    admin = _setup(desk, 400, -35 * DAY)
    desk.add_reports(["checker.png"])
    station = open_window()
    win, notice = station.window, station.window.training
    qtbot.waitUntil(notice.note.isVisible)
    admin.add_record(
        RecordInput(
            "alice", "CSAM-CERT", desk.workspace.now() - DAY, desk.workspace.now() + 364 * DAY
        )
    )
    qtbot.keyClick(win.surface, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    notice.refresh()
    qtbot.waitUntil(lambda: notice.gating is not None and not notice.gating.blocked)
    assert not notice.note.isVisible()


def test_a_course_expiring_within_30_days_shows_a_calm_warning(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    _setup(desk, 300, 30 * DAY - timedelta(minutes=5))
    station = open_window()
    notice = station.window.training
    qtbot.waitUntil(notice.warning.isVisible)
    assert notice.warning_text.text().startswith("Training: CSAM-CERT expires in ")
    assert not notice.note.isVisible()


def test_no_warning_31_days_before_expiry(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    _setup(desk, 300, 31 * DAY)
    station = open_window()
    notice = station.window.training
    qtbot.waitUntil(lambda: notice.gating is not None)
    assert not notice.gating.expiring
    assert not notice.warning.isVisible()
