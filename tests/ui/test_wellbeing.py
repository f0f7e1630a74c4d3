"""Wellbeing in the window: the sharp clock, the break screen, the idle lock, the check-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from moderator.domain.wellbeing import State
from moderator.services.wellbeing import OnBreak
from moderator.store import wellbeing as store
from moderator.store.models import Queue, Report
from moderator.ui.app import Workstation
from tests.helpers.clock import FakeClock
from tests.ui.conftest import Desk, audit, showing

PROFILE = """name = "test"
[breaks]
after_work_minutes = 30
after_exposure_minutes = 10
length_minutes = 5
mode = "{mode}"
[idle]
lock_after_minutes = 3
[checkin]
after_severity = 4
"""


@pytest.fixture
def clock(desk: Desk) -> FakeClock:
    fake = FakeClock(datetime.now(UTC))
    desk.workspace.clock = fake
    return fake


def setup(desk: Desk, n: int = 3, *, mode: str = "soft", priority: int = 3) -> None:
    desk.add_reports(["checker.png"] * n)
    with desk.workspace.transaction() as s:
        s.execute(update(Report).values(priority=priority))
        queue_id = s.scalar(select(Queue.id).where(Queue.name == "general"))
        assert queue_id is not None
        store.set_profile(
            s, queue_id, "test", PROFILE.format(mode=mode), "boss", desk.workspace.now()
        )


def open_ready(qtbot: QtBot, open_window: Callable[..., Workstation]) -> Workstation:
    station = open_window()
    qtbot.waitUntil(
        lambda: showing(station) and station.wellbeing.machine is not None, timeout=10_000
    )
    return station


def states(desk: Desk) -> list[str]:
    with desk.workspace.transaction() as s:
        return list(s.scalars(select(Report.state).order_by(Report.id)))


@pytest.mark.parametrize("away", ["minimise", "hide", "deactivate"])
def test_minimising_hiding_or_deactivating_stops_the_sharp_clock(
    qtbot: QtBot,
    desk: Desk,
    clock: FakeClock,
    open_window: Callable[..., Workstation],
    away: str,
) -> None:
    setup(desk)
    station = open_ready(qtbot, open_window)
    win, wb = station.window, station.wellbeing
    clock.advance(seconds=4)
    win.viewer.hold()
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    clock.advance(seconds=3)
    sharp, blurred, severity, category = wb.measured()
    assert (sharp, blurred) == (pytest.approx(3), pytest.approx(4))  # kept apart
    assert (severity, category) == ("moderate", "harassment")
    other = QWidget()
    qtbot.addWidget(other)
    if away == "minimise":
        win.showMinimized()
    elif away == "hide":
        win.hide()
    else:
        other.show()
        other.activateWindow()
    qtbot.waitUntil(lambda: not wb.visible())
    clock.advance(seconds=20)
    assert wb.measured()[:2] == (pytest.approx(3), pytest.approx(4))


def test_status_bar_shows_exposure_and_next_break(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk)
    station = open_ready(qtbot, open_window)
    win, wb = station.window, station.wellbeing
    win.viewer.hold()
    qtbot.waitUntil(lambda: win.preview.showing_sharp)
    clock.advance(minutes=2)
    wb.tick()
    text = wb.status.text()
    assert text.startswith("Exposure today 2 min · next break in 28 min"), text
    assert "8 min more revealed" in text


def test_soft_break_covers_the_window_gives_leases_back_and_skips_with_a_reason(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk)
    station = open_ready(qtbot, open_window)
    wb, screen = station.wellbeing, station.wellbeing.break_screen
    qtbot.waitUntil(lambda: len(station.session.ahead) == 2)
    clock.advance(minutes=30)
    wb.tick()
    assert screen.isVisible()
    assert screen.mode == "break"
    assert screen.countdown.text() == "5:00"
    assert station.session.current is None
    qtbot.waitUntil(lambda: states(desk) == ["queued"] * 3)  # current and claimed-ahead
    qtbot.waitUntil(lambda: bool(audit(desk, "break")))
    with pytest.raises(OnBreak):
        station.session.review.claim()
    win = station.window
    win.viewer.hold()
    assert not win.preview.showing_sharp
    assert screen.skip_button.isVisible()
    screen.skip_button.click()  # no reason: refused
    assert screen.isVisible()
    qtbot.keyClicks(screen.reason, "an urgent report is due")
    screen.skip_button.click()
    assert not screen.isVisible()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    phases = [(e["phase"], e.get("reason")) for e in audit(desk, "break")]
    assert phases == [("start", "work"), ("skipped", "an urgent report is due")]


def test_hard_break_cannot_be_skipped_and_ends_with_continue(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk, mode="hard")
    station = open_ready(qtbot, open_window)
    wb, screen = station.wellbeing, station.wellbeing.break_screen
    clock.advance(minutes=30)
    wb.tick()
    assert screen.mode == "break"
    assert not screen.skip_button.isVisible()
    assert "cannot be skipped" in screen.text.text()
    clock.advance(minutes=4, seconds=59)
    wb.tick()
    assert screen.countdown.text() == "0:01"
    clock.advance(seconds=1)
    wb.tick()
    assert screen.mode == "over"
    assert station.session.current is None  # nothing comes back until the reviewer is ready
    qtbot.mouseClick(screen.continue_button, qtbot_left())
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    assert [e["phase"] for e in audit(desk, "break")] == ["start", "end"]


def test_idle_lock_covers_and_resumes(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk)
    station = open_ready(qtbot, open_window)
    wb, screen = station.wellbeing, station.wellbeing.break_screen
    clock.advance(minutes=2, seconds=59)
    wb.tick()
    assert not screen.isVisible()
    clock.advance(seconds=1)
    wb.tick()
    assert screen.mode == "locked"
    assert wb.machine is not None
    assert wb.machine.state is State.LOCKED
    qtbot.waitUntil(lambda: states(desk) == ["queued"] * 3)
    screen.continue_button.click()
    assert not screen.isVisible()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
