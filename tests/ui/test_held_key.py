"""A held reveal key is one reveal event with its duration, whatever the keyboard sends:
Qt's auto-repeat (release/press pairs flagged as auto-repeat) or real release/press pairs in
quick succession (what an X server or xdotool may send)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from moderator.ui.app import Workstation
from moderator.ui.review.viewer import HOLD_DEBOUNCE_MS
from tests.ui.conftest import Desk, audit, showing


def space(station: Workstation, kind: QEvent.Type, *, repeat: bool = False) -> None:
    event = QKeyEvent(kind, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ", repeat)
    QApplication.sendEvent(station.window.surface, event)


def start(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation], **kw: object
) -> Workstation:
    desk.add_reports(["checker.png"] * 2)
    station = open_window(**kw)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    return station


def hold_for(qtbot: QtBot, station: Workstation, pairs: int, gap_ms: int, *, flagged: bool) -> None:
    """Press, then `pairs` release/press pairs `gap_ms` apart, then let go."""
    space(station, QEvent.Type.KeyPress)
    qtbot.waitUntil(lambda: station.window.preview.showing_sharp)
    for _ in range(pairs):
        qtbot.wait(gap_ms)
        space(station, QEvent.Type.KeyRelease, repeat=flagged)
        if not flagged:
            assert not station.window.preview.showing_sharp  # blurred at once, every time
            qtbot.wait(5)
        space(station, QEvent.Type.KeyPress, repeat=flagged)
    qtbot.wait(gap_ms)
    space(station, QEvent.Type.KeyRelease)
    assert not station.window.preview.showing_sharp


@pytest.mark.parametrize(("flagged", "gap_ms"), [(True, 30), (False, 30), (False, 90)])
def test_a_held_key_is_one_reveal(
    qtbot: QtBot,
    desk: Desk,
    open_window: Callable[..., Workstation],
    flagged: bool,
    gap_ms: int,
) -> None:
    station = start(qtbot, desk, open_window)
    hold_for(qtbot, station, 20, gap_ms, flagged=flagged)
    qtbot.wait(HOLD_DEBOUNCE_MS + 100)
    qtbot.waitUntil(lambda: bool(audit(desk, "reveal")))
    qtbot.wait(100)
    reveals = audit(desk, "reveal")
    assert len(reveals) == 1, reveals
    (reveal,) = reveals
    assert (reveal["kind"], reveal["ended_by"]) == ("hold", "released")
    # About the time held (the few milliseconds blurred between a release and a press aside).
    held = 21 * gap_ms / 1000
    assert held * 0.6 <= float(reveal["seconds"]) <= held + 1  # type: ignore[arg-type]


def test_a_real_release_and_a_new_press_are_two_reveals(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    for _ in range(2):
        hold_for(qtbot, station, 0, 50, flagged=False)
        qtbot.wait(HOLD_DEBOUNCE_MS + 100)
    qtbot.waitUntil(lambda: len(audit(desk, "reveal")) == 2)


def test_after_the_auto_reblur_a_still_held_key_reveals_nothing_more(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window, timed=0.3)
    preview = station.window.preview
    space(station, QEvent.Type.KeyPress)
    qtbot.waitUntil(lambda: preview.showing_sharp)
    qtbot.waitUntil(lambda: not preview.showing_sharp, timeout=3000)  # re-blurred by itself
    for _ in range(15):  # the key is still down, the keyboard still repeating
        space(station, QEvent.Type.KeyRelease)
        space(station, QEvent.Type.KeyPress)
        assert not preview.showing_sharp
        qtbot.wait(30)
    space(station, QEvent.Type.KeyRelease)
    qtbot.wait(HOLD_DEBOUNCE_MS + 100)
    reveals = audit(desk, "reveal")
    assert [(r["kind"], r["ended_by"]) for r in reveals] == [("hold", "timer")]
