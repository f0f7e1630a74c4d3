"""The window as a newcomer meets it at 1440x900: several questions in view, questions that
cannot apply hidden, nothing scrolls sideways, nothing jumps (a long URL wraps, the undo bar
does not move Submit), Enter and Escape where people expect them, arrows drawn for the theme."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from moderator.domain.policy_file import load_builtin
from moderator.domain.reports import Role
from moderator.services.workspace import sign_in
from moderator.store.details import MatchRow
from moderator.store.models import Report
from moderator.ui.app import Workstation
from moderator.ui.common import style, tools
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import ToolContext
from moderator.ui.review.checklist import Checklist
from moderator.ui.review.checklist_view import ChecklistView
from tests.helpers import seed
from tests.helpers.clock import FakeClock
from tests.ui.conftest import Desk, showing
from tests.ui.test_wellbeing import clock, open_ready, setup

__all__ = ["clock"]  # a fixture, used by name

URL = "https://example.invalid/" + "a-very-long-path-segment/" * 24 + "?id=" + "9" * 80


def start(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation], reports: int = 6
) -> Workstation:
    if reports:
        desk.add_reports(["checker.png"] * reports)  # the same file: each has matches
    station = open_window()
    station.window.resize(1440, 900)
    qtbot.waitUntil(lambda: showing(station) and station.window.form is not None, timeout=10_000)
    qtbot.wait(50)
    return station


def in_view(view: ChecklistView) -> list[int]:
    """The items (questions, then the outcome) wholly inside the visible part of the form."""
    port = view.scroll_area.viewport()
    seen = []
    for index, frame in enumerate(view._items):
        if frame.isVisible():
            top_left = frame.mapTo(port, QPoint(0, 0))
            if port.rect().contains(QRect(top_left, frame.size())):
                seen.append(index)
    return seen


def test_several_questions_are_in_view_at_1440x900(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    form = station.window.form
    assert form is not None
    assert len(station.session.current.details.matches) == 5  # type: ignore[union-attr]
    # platform-generic: nine ways to answer the first question, then two more questions.
    assert in_view(form[1])[:3] == [0, 1, 2]


def test_questions_that_cannot_apply_are_hidden_and_skipped(qtbot: QtBot) -> None:
    checklist = Checklist(load_builtin("iwf-csam-grading"))
    view = ChecklistView(checklist)
    qtbot.addWidget(view)
    view.resize(520, 2000)
    view.show()
    child_only = ("uk_category", "age_band", "industry_class", "self_generated")
    ids = [q.id for q in checklist.policy.questions]
    assert all(view._items[ids.index(q)].isVisible() for q in child_only)  # may still apply
    checklist.press(3)  # child: "No, adults only or no person"
    assert checklist.current == 1
    assert [view._items[ids.index(q)].isVisible() for q in child_only] == [False] * 4
    checklist.press(1)  # imagery: photograph or video
    assert checklist.current == checklist.outcome_index  # past the hidden questions
    assert view._titles[-1].text() == "3. Outcome"
    checklist.move(-1)
    assert checklist.current == 1
    checklist.set_answer("age_band", "0-2")  # an answer given before it stopped applying
    checklist.go_to(checklist.outcome_index)
    checklist.press(3)  # adults only
    assert checklist.verdict.ok
    assert checklist.decision(10.0, 0.0).answers["age_band"] is None


def test_a_long_option_wraps_and_the_form_never_scrolls_sideways(qtbot: QtBot) -> None:
    checklist = Checklist(load_builtin("iwf-csam-grading"))
    view = ChecklistView(checklist)
    qtbot.addWidget(view)
    view.resize(360, 420)
    view.show()
    qtbot.wait(20)
    bar = view.scroll_area.horizontalScrollBar()
    port = view.scroll_area.viewport()
    for index in range(checklist.outcome_index + 1):
        checklist.go_to(index)
        qtbot.wait(5)
        assert (bar.maximum(), bar.value()) == (0, 0), index
    from moderator.ui.review.choices import ChoiceRow

    longest = max(view.findChildren(ChoiceRow), key=lambda r: len(r.text()))
    assert longest.text().startswith("1  A: penetrative")
    assert longest.label.height() > longest.label.fontMetrics().height() * 1.5  # it wrapped
    assert longest.mapTo(port, QPoint(longest.width(), 0)).x() <= port.width()


def test_a_long_url_wraps_and_the_window_keeps_its_width(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    ids = desk.add_reports(["checker.png"])
    with desk.workspace.transaction() as s:
        s.execute(update(Report).where(Report.id.in_(ids)).values(url=URL))
    station = start(qtbot, desk, open_window, reports=0)
    win = station.window
    qtbot.wait(100)
    assert win.details.url.text() == URL  # exactly, for copying
    assert win.width() == 1440
    assert win.minimumSizeHint().width() <= 1440
    assert win.details.url.height() > 3 * win.details.url.fontMetrics().height()


def test_the_undo_bar_does_not_move_submit(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window, reports=3)
    win = station.window
    form = win.form
    assert form is not None

    def submit_at() -> QRect:
        button = form[1].submit
        return QRect(button.mapTo(win, QPoint(0, 0)), button.size())

    before = submit_at()
    for key in ("8", "2", "1", "3"):  # spam, no minor, low severity, remove
        qtbot.keyClick(win.surface, key)
    qtbot.keyClick(win.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: station.session.pending is not None, timeout=10_000)
    qtbot.wait(50)
    assert win.undo_bar.isVisible()
    assert submit_at() == before
    preview = QRect(win.preview.mapTo(win.surface, QPoint(0, 0)), win.preview.size())
    assert preview.contains(win.undo_bar.geometry())  # over the foot of the preview


def test_enter_continues_from_the_lock_screen(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk)
    station = open_ready(qtbot, open_window)
    wb, screen = station.wellbeing, station.wellbeing.break_screen
    clock.advance(minutes=3)
    wb.tick()
    assert screen.mode == "locked"
    qtbot.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_Return)
    assert not screen.isVisible()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)


@pytest.mark.parametrize("keys", ["Escape", "Ctrl+W"])
def test_every_tool_window_closes_from_the_keyboard(qtbot: QtBot, desk: Desk, keys: str) -> None:
    with desk.workspace.transaction() as s:
        seed.reviewer(s, "sue", desk.workspace.now(), Role.SUPERVISOR)
    tasks = Tasks()
    context = ToolContext(desk.workspace, sign_in(desk.workspace, "sue"), tasks)
    try:
        for tool in tools.TOOLS:
            window = tool.open(context)
            qtbot.addWidget(window)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
            key, modifier = (
                (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
                if keys == "Escape"
                else (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
            )
            qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
            qtbot.waitUntil(lambda w=window: not w.isVisible(), timeout=5_000)
    finally:
        tasks.close()


def test_arrows_and_the_window_icon_are_drawn_for_the_dark_theme() -> None:
    """Qt's own drop-down boxes and arrows (bevelled, dark on dark) are replaced everywhere
    the sheet applies: combo boxes, date fields, spin boxes, the calendar, sort arrows."""
    sheet = style.SHEET
    for rule, icon in (
        ("QComboBox::down-arrow", "chevron-down.svg"),
        ("QAbstractSpinBox::up-arrow", "chevron-up.svg"),
        ("QAbstractSpinBox::down-arrow", "chevron-down.svg"),
        ("QToolButton#qt_calendar_prevmonth", "chevron-left.svg"),
        ("QToolButton#qt_calendar_nextmonth", "chevron-right.svg"),
        ("QHeaderView::up-arrow", "chevron-up.svg"),
    ):
        at = sheet.index(rule)
        assert icon in sheet[at : sheet.index("}", at)], rule
    assert "QComboBox::drop-down, QDateEdit::drop-down" in sheet  # no bevelled box
    for name in ("chevron-down.svg", "chevron-up.svg", "chevron-left.svg", "moderator.svg"):
        path = style.icon_path(name)
        assert path is not None, name
        image = QImage(path)
        assert not image.isNull(), name
    arrow = QImage(str(style.icon_path("chevron-down.svg")))
    inked = [
        arrow.pixelColor(x, y)
        for x in range(arrow.width())
        for y in range(arrow.height())
        if arrow.pixelColor(x, y).alpha() == 255
    ]
    assert inked
    assert {c.name() for c in inked} == {"#a3abb2"}  # the theme's muted grey
    assert not style.app_icon().isNull()


def test_the_match_table_keeps_every_header_readable(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window, reports=1)
    win = station.window
    item = station.session.current
    assert item is not None
    wide = MatchRow(0, "sha256", "u", "DEMO-H00046 (copy)", "kr-illegal-filming-and-deepfakes")
    win.details.show_report(dataclasses.replace(item.details, matches=(wide,) * 4), win.now())
    qtbot.wait(50)
    table = win.details.match_table
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= table.viewport().width()
    for column, width in enumerate(widths):
        assert width >= header.sectionSizeFromContents(column).width(), column
