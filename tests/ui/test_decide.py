"""Deciding: submit, undo within the grace period, finalize, skip, escalate, recovery."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from moderator.services.pending import PendingDecisions
from moderator.store.models import Decision, PendingDecision, Report
from moderator.ui.app import Workstation
from tests.ui.conftest import Desk, audit, showing


def start(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation], **kw: object
) -> Workstation:
    desk.add_reports(["checker.png"] * 3)
    station = open_window(**kw)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    return station


def answer_spam_remove(qtbot: QtBot, station: Workstation) -> None:
    for key in ("8", "2", "1", "3"):  # spam, minor: no, severity: low, outcome: remove
        qtbot.keyClick(station.window.surface, key)


def count(desk: Desk, model: type, **where: object) -> int:
    with desk.workspace.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0)


def test_undo_brings_the_report_back_with_its_answers(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    session, win = station.session, station.window
    first = session.current
    answer_spam_remove(qtbot, station)
    qtbot.keyClick(win.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: session.pending is not None)
    assert win.undo_bar.isVisible()
    assert "Remove the content" in win.undo_text.text()
    assert count(desk, PendingDecision) == 1
    qtbot.keyClick(win.surface, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: session.current is first)
    assert not win.undo_bar.isVisible()
    assert win.form is not None
    assert win.form[0].outcome == "remove"
    assert win.form[0].answers["violation"] == "spam_scam"
    qtbot.waitUntil(lambda: count(desk, PendingDecision) == 0)
    assert count(desk, Decision) == 0
    assert count(desk, Report, state="claimed") == 3  # the lease was kept
    assert len(audit(desk, "undo")) == 1


def test_the_grace_period_ends_in_a_final_decision(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window, grace=0.3)
    answer_spam_remove(qtbot, station)
    station.window.submit()
    qtbot.waitUntil(lambda: count(desk, Decision) == 1, timeout=5000)
    assert station.session.pending is None
    station.session.undo()
    assert count(desk, Decision) == 1  # too late: nothing changes


def test_the_next_submit_makes_the_previous_decision_final(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    for _ in range(2):
        qtbot.waitUntil(lambda: showing(station))
        answer_spam_remove(qtbot, station)
        station.window.submit()
    qtbot.waitUntil(lambda: count(desk, Decision) == 1 and count(desk, PendingDecision) == 1)


def test_a_submitted_decision_survives_a_crash(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    answer_spam_remove(qtbot, station)
    station.window.submit()
    qtbot.waitUntil(lambda: count(desk, PendingDecision) == 1)
    # The process dies: nothing more runs for this window (no finalize, no release).
    station.tasks.close()
    assert count(desk, Decision) == 0
    assert len(PendingDecisions(desk.workspace, desk.reviewer).outstanding()) == 1
    desk.add_reports(["checker.png"])  # the others stay claimed until their leases run out
    again = open_window()
    qtbot.waitUntil(lambda: count(desk, Decision) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: showing(again), timeout=10_000)


def test_submit_is_refused_with_the_reason_until_the_form_is_valid(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    first = station.session.current
    qtbot.keyClick(station.window.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert station.session.current is first
    assert station.window.statusBar().currentMessage() == (
        "Cannot submit yet: Answer: What does the media show?"
    )


def test_skip_and_escalate_by_keyboard(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    win, session = station.window, station.session
    first = session.current
    qtbot.keyClick(win.surface, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: showing(station))
    second = session.current
    assert second is not first
    qtbot.keyClick(win.surface, Qt.Key.Key_E)
    assert win.escalate_bar.isVisible()
    qtbot.keyClicks(win.escalate_reason, "needs a second opinion")
    qtbot.keyClick(win.escalate_reason, Qt.Key.Key_Return)
    assert session.current is not second
    qtbot.waitUntil(lambda: bool(audit(desk, "escalate")) and bool(audit(desk, "skip")))
    assert audit(desk, "escalate")[0]["reason"] == "needs a second opinion"


def test_closing_gives_every_claimed_report_back(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    assert count(desk, Report, state="claimed") == 3  # the current one and two ahead
    with qtbot.waitSignal(station.session.closed, timeout=10_000):
        station.window.close()
    assert count(desk, Report, state="queued") == 3
    assert not station.window.isVisible()
