"""The check-in: only after a severe item actually seen, in words that fit what happened, with
the undo grace period standing still behind it, and "I need to stop" confirmed once with the
organisation's support contact."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.services.wellbeing import DEFAULT_SUPPORT, OnBreak
from moderator.ui.app import Workstation
from tests.helpers.clock import FakeClock
from tests.ui.conftest import Desk, audit, showing
from tests.ui.test_decide import answer_spam_remove
from tests.ui.test_wellbeing import clock, open_ready, setup, states

__all__ = ["clock"]  # the fixture, used by name


def reveal(qtbot: QtBot, station: Workstation, clock: FakeClock, seconds: float) -> None:
    win = station.window
    win.viewer.hold()
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    clock.advance(seconds=seconds)
    win.viewer.release()
    qtbot.waitUntil(lambda: win.viewer.kind is None)  # the release settled: one reveal


def test_no_checkin_after_skipping_severe_items_never_revealed(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk, priority=5)
    station = open_ready(qtbot, open_window)
    wb, win = station.wellbeing, station.window
    clock.advance(seconds=5)
    win._on_skip_triggered()
    assert not wb.checkin.isVisible()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    reveal(qtbot, station, clock, 3)
    win._on_skip_triggered()  # this one was seen: the check-in follows
    assert wb.checkin.isVisible()


def test_the_checkin_says_what_happened(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk, priority=5)
    station = open_ready(qtbot, open_window)
    wb, win = station.wellbeing, station.window
    reveal(qtbot, station, clock, 3)
    win._on_skip_triggered()
    text = wb.checkin.text.text()
    assert "triaged as severe" in text
    assert "for 3 s" in text
    assert "skipped it" in text
    assert "was a severe one" not in text  # the outcome may say there was nothing to act on
    qtbot.keyClick(wb.checkin, "4")
    qtbot.waitUntil(lambda: bool(audit(desk, "checkin")))
    assert audit(desk, "checkin") == [{"severity": "severe", "score": 4}]


def test_the_undo_grace_period_stands_still_while_the_checkin_is_up(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk, priority=5)
    station = open_window(grace=3.0)
    qtbot.waitUntil(
        lambda: showing(station) and station.wellbeing.machine is not None, timeout=10_000
    )
    wb, win, session = station.wellbeing, station.window, station.session
    reveal(qtbot, station, clock, 2)
    answer_spam_remove(qtbot, station)
    qtbot.keyClick(win.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wb.checkin.isVisible()
    qtbot.waitUntil(lambda: session.pending is not None)
    qtbot.wait(1500)  # real time passes behind the check-in
    assert session.grace_left() == pytest.approx(3.0, abs=0.05)
    assert session.pending is not None
    qtbot.keyClick(wb.checkin, "5")
    assert not wb.checkin.isVisible()
    assert 2.5 < session.grace_left() <= 3.0  # the whole grace period, running again
    qtbot.keyClick(win.surface, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(audit(desk, "undo")))


def test_i_need_to_stop_asks_once_and_shows_the_support_contact(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk, priority=5)
    station = open_ready(qtbot, open_window)
    wb, win = station.wellbeing, station.window
    reveal(qtbot, station, clock, 2)
    win._on_skip_triggered()
    checkin = wb.checkin
    checkin.stop_button.click()  # asks first: nothing is stopped yet
    assert checkin.isVisible()
    assert checkin.confirming
    assert checkin.confirm_button.isVisible()
    assert DEFAULT_SUPPORT in checkin.support.text()
    assert wb.break_screen.mode != "stopped"
    qtbot.keyClick(checkin, "3")  # the scale is not answered behind the question
    checkin.back_button.click()
    assert not checkin.confirming
    assert checkin.stop_button.isVisible()
    checkin.stop_button.click()
    checkin.confirm_button.click()
    assert wb.break_screen.mode == "stopped"
    assert DEFAULT_SUPPORT in wb.break_screen.text.text()
    qtbot.waitUntil(lambda: len(audit(desk, "checkin")) == 1)
    assert audit(desk, "checkin") == [{"severity": "severe", "stopped": True}]
    qtbot.waitUntil(lambda: "claimed" not in states(desk))
    with pytest.raises(OnBreak, match="stopped"):
        station.session.review.claim()
