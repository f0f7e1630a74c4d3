"""A second review is blind in the window too: nothing on screen says which round it is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from moderator.store.models import Report
from moderator.ui.app import Workstation
from tests.ui.conftest import Desk, showing


def test_nothing_on_screen_tells_a_second_review_apart(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    (report_id,) = desk.add_reports(["checker.png"])
    with desk.workspace.transaction() as s:
        s.execute(update(Report).where(Report.id == report_id).values(review_round=2))
    station = open_window()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    texts = [label.text().lower() for label in station.window.findChildren(QLabel)]
    assert any("of 5" in text for text in texts)  # the panel really shows the report
    assert not [text for text in texts if "round" in text or "second review" in text]
