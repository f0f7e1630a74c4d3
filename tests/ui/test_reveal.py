"""Reveals by keyboard: hold, region, timed; each audited with its kind and duration."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.ui.app import Workstation
from moderator.ui.common.preview import Mode
from tests.ui.conftest import Desk, audit, showing


def start(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation], **kw: object
) -> Workstation:
    desk.add_reports(["checker.png"] * 2)
    station = open_window(**kw)
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    return station


def test_hold_space_reveals_and_release_reblurs(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    win = station.window
    qtbot.keyPress(win.surface, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    assert win.preview.mode is Mode.FULL
    qtbot.wait(30)
    qtbot.keyRelease(win.surface, Qt.Key.Key_Space)
    assert not win.preview.showing_sharp
    assert win.preview.mode is Mode.BLURRED
    qtbot.waitUntil(lambda: bool(audit(desk, "reveal")))
    (reveal,) = audit(desk, "reveal")
    assert reveal["kind"] == "hold"
    assert reveal["ended_by"] == "released"
    assert 0.02 <= float(reveal["seconds"]) < 5  # type: ignore[arg-type]
    assert station.session.current is not None
    assert station.session.current.exposed_s >= 0.02


def test_timed_reveal_reblurs_by_itself(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window, timed=0.3)
    win = station.window
    qtbot.keyClick(win.surface, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    qtbot.waitUntil(lambda: not win.preview.showing_sharp, timeout=3000)
    qtbot.waitUntil(lambda: bool(audit(desk, "reveal")))
    (reveal,) = audit(desk, "reveal")
    assert (reveal["kind"], reveal["ended_by"]) == ("timed", "timer")
    assert 0.25 <= float(reveal["seconds"]) < 2  # type: ignore[arg-type]


def test_region_mode_toggles_and_moving_on_ends_it(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    win = station.window
    qtbot.keyClick(win.surface, Qt.Key.Key_R)
    assert win.preview.mode is Mode.REGION
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    first = station.session.current
    qtbot.keyClick(win.surface, Qt.Key.Key_S)  # skip: the next report arrives blurred
    assert station.session.current is not first
    assert win.preview.mode is Mode.BLURRED
    assert not win.preview.showing_sharp
    qtbot.waitUntil(lambda: bool(audit(desk, "reveal")) and bool(audit(desk, "skip")))
    assert audit(desk, "reveal")[0]["kind"] == "region"
    assert audit(desk, "reveal")[0]["ended_by"] == "skipped"


def test_escape_and_losing_focus_end_a_reveal(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    win = station.window
    qtbot.keyClick(win.surface, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    qtbot.keyClick(win.surface, Qt.Key.Key_Escape)
    assert not win.preview.showing_sharp
    win.viewer.hold()
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    win.viewer.end_reveal("window_inactive")  # what deactivating the window does
    assert not win.preview.showing_sharp


def test_grayscale_and_blur_level_rerender_and_are_audited(
    qtbot: QtBot, desk: Desk, open_window: Callable[..., Workstation]
) -> None:
    station = start(qtbot, desk, open_window)
    win = station.window
    qtbot.keyClick(win.surface, Qt.Key.Key_G)
    qtbot.keyClick(win.surface, Qt.Key.Key_BracketRight)
    item = station.session.current
    assert item is not None
    qtbot.waitUntil(lambda: item.preview is not None and not item.preview.look.grayscale)
    qtbot.waitUntil(lambda: item.preview is not None and int(item.preview.look.blur) == 5)
    assert "colour" in win.look_label.text()
    qtbot.waitUntil(lambda: len(audit(desk, "settings")) == 2)
    assert audit(desk, "settings")[-1] == {"preview": {"blur": 5, "grayscale": False}}
