"""The look: each report opens at its queue's look, lightened only down to the queue's floor,
for that report only; a blur level that keeps recognisable structure is exposure."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from moderator.media.legibility import RECOGNISABLE
from moderator.media.types import BlurLevel
from moderator.services.wellbeing import WellbeingService
from moderator.store import wellbeing as store
from moderator.store.models import Queue, Report
from moderator.ui.app import Workstation
from moderator.ui.common.images import Look
from tests.helpers.clock import FakeClock
from tests.ui.conftest import Desk, audit, showing
from tests.ui.test_wellbeing import clock

__all__ = ["clock"]

PROFILE = """name = "look"
[breaks]
after_work_minutes = 60
after_exposure_minutes = 30
[idle]
lock_after_minutes = {idle}
[checkin]
after_severity = 0
[look]
blur = 4
grayscale = true
lightest = {lightest}
"""


def setup(desk: Desk, n: int = 4, *, lightest: int = 2, idle: int = 5) -> None:
    desk.add_reports(["checker.png"] * n)
    with desk.workspace.transaction() as s:
        s.execute(update(Report).values(priority=5))
        queue_id = s.scalar(select(Queue.id).where(Queue.name == "general"))
        assert queue_id is not None
        body = PROFILE.format(lightest=lightest, idle=idle)
        store.set_profile(s, queue_id, "look", body, "boss", desk.workspace.now())


def ready(qtbot: QtBot, open_window: Callable[..., Workstation]) -> Workstation:
    station = open_window()
    qtbot.waitUntil(
        lambda: showing(station) and station.wellbeing.machine is not None, timeout=10_000
    )
    return station


def shown_look(station: Workstation) -> Look | None:
    item = station.session.current
    return item.preview.look if item is not None and item.preview is not None else None


def lighten_thrice_and_colour(qtbot: QtBot, station: Workstation) -> None:
    surface = station.window.surface
    for key in (Qt.Key.Key_BracketLeft,) * 3 + (Qt.Key.Key_G,):
        qtbot.keyClick(surface, key)


def test_a_change_of_look_lasts_for_that_report_only(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk)
    station = ready(qtbot, open_window)
    win = station.window
    assert shown_look(station) == Look(BlurLevel.STRONG, True)
    lighten_thrice_and_colour(qtbot, station)
    # Two steps down to the floor (2); the third is refused, and said so.
    qtbot.waitUntil(lambda: shown_look(station) == Look(BlurLevel.SOFT, False))
    assert win.look_label.text().endswith("Blur 2 of 6 · colour")
    assert "lightest this queue allows" in win.statusBar().currentMessage()
    first = station.session.current
    win._on_skip_triggered()
    qtbot.waitUntil(lambda: station.session.current not in (None, first))
    assert shown_look(station) == Look(BlurLevel.STRONG, True)
    assert win.look_label.text().endswith("Blur 4 of 6 · grayscale")
    assert station.session.current is not None
    assert station.session.current.look == Look(BlurLevel.STRONG, True)


def test_the_look_resets_after_the_idle_lock(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk, idle=3)
    station = ready(qtbot, open_window)
    wb = station.wellbeing
    lighten_thrice_and_colour(qtbot, station)
    qtbot.waitUntil(lambda: shown_look(station) == Look(BlurLevel.SOFT, False))
    clock.advance(minutes=3)
    wb.tick()
    assert wb.break_screen.mode == "locked"
    wb.break_screen.continue_button.click()
    qtbot.waitUntil(lambda: showing(station), timeout=10_000)
    assert shown_look(station) == Look(BlurLevel.STRONG, True)


def test_the_reviewers_own_stricter_look_applies_to_every_report(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    setup(desk)
    WellbeingService(desk.workspace, desk.reviewer).set_personal("[look]\nblur = 5\nlightest = 4\n")
    station = ready(qtbot, open_window)
    assert shown_look(station) == Look(BlurLevel.HEAVY, True)
    qtbot.keyClick(station.window.surface, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(station.window.surface, Qt.Key.Key_BracketLeft)
    qtbot.waitUntil(lambda: shown_look(station) == Look(BlurLevel.STRONG, True))
    station.window._on_skip_triggered()
    qtbot.waitUntil(lambda: showing(station) and shown_look(station) is not None)
    assert shown_look(station) == Look(BlurLevel.HEAVY, True)


def test_seconds_at_a_recognisable_blur_are_exposure_and_badged(
    qtbot: QtBot, desk: Desk, clock: FakeClock, open_window: Callable[..., Workstation]
) -> None:
    assert BlurLevel.LIGHT in RECOGNISABLE
    assert BlurLevel.STRONG not in RECOGNISABLE
    setup(desk, lightest=1)
    station = ready(qtbot, open_window)
    win, wb = station.window, station.wellbeing
    assert win.preview.tag() == ""
    for _ in range(3):
        qtbot.keyClick(win.surface, Qt.Key.Key_BracketLeft)
    qtbot.waitUntil(lambda: shown_look(station) == Look(BlurLevel.LIGHT, True))
    assert win.preview.tag().startswith("Revealed")
    assert not win.preview.showing_sharp  # blurred pixels, counted all the same
    clock.advance(seconds=70)
    wb.tick()
    assert wb.status.text().startswith("Exposure today 1 min"), wb.status.text()
    sharp, blurred, _severity, _category = wb.measured()
    assert sharp == pytest.approx(70, abs=1)
    for _ in range(3):
        qtbot.keyClick(win.surface, Qt.Key.Key_BracketRight)
    qtbot.waitUntil(lambda: shown_look(station) == Look(BlurLevel.STRONG, True))
    assert win.preview.tag() == ""
    clock.advance(seconds=30)
    assert wb.measured()[0] == pytest.approx(sharp, abs=1)  # blur 4: not exposure
    qtbot.waitUntil(lambda: bool(audit(desk, "reveal")))
    (low,) = audit(desk, "reveal")
    assert (low["kind"], low["ended_by"]) == ("low_blur", "look_changed")
