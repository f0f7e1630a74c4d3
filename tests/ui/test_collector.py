"""Cyclic garbage is collected on the GUI thread while the window runs, never on a worker, in
small steps while the reviewer works and in full only when they pause."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from moderator.ui.common.collector import MainThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def key_press() -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)


def test_the_timer_collects_cycles_and_stop_gives_automatic_collection_back(
    qtbot: QtBot,
) -> None:
    collector = MainThreadCollector(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled()
        ref = weakref.ref(Node())
        for _ in range(gc.get_threshold()[0] + 1):  # enough allocations to be due
            Node()
        qtbot.waitUntil(lambda: ref() is None, timeout=2000)
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # the test-wide fixture keeps collection on the main thread


def test_a_full_collection_waits_while_the_reviewer_works_and_runs_when_they_pause(
    qapp: QApplication,
) -> None:
    clock, runs = FakeClock(), []
    collector = MainThreadCollector(
        idle_ms=1500, max_defer_s=300, collect=lambda g: runs.append(g) or 0, clock=clock
    )
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 1)  # a full collection is due at once
    try:
        gc.collect(1)  # one young-generation pass since the last full one: full is due
        for _ in range(20):  # a busy reviewer: a key every half second
            clock.now += 0.5
            collector.eventFilter(QObject(), key_press())
            collector.collect()
        assert 2 not in runs
        clock.now += 1.6  # a pause
        collector.collect()
        assert runs[-1] == 2
        assert collector.collections[2] == 1
    finally:
        gc.set_threshold(*threshold)


def test_a_reviewer_who_never_pauses_still_gets_a_bounded_full_collection(
    qapp: QApplication,
) -> None:
    clock, runs = FakeClock(), []
    collector = MainThreadCollector(
        idle_ms=1500, max_defer_s=60, collect=lambda g: runs.append(g) or 0, clock=clock
    )
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 1)
    try:
        gc.collect(1)
        for _ in range(119):  # 59.5 s of continuous work
            clock.now += 0.5
            collector.eventFilter(QObject(), key_press())
            collector.collect()
        assert 2 not in runs
        for _ in range(2):  # due since the first step: 60 s are up now
            clock.now += 0.5
            collector.eventFilter(QObject(), key_press())
            collector.collect()
        assert runs[-1] == 2
    finally:
        gc.set_threshold(*threshold)


def test_young_generations_run_while_busy(qapp: QApplication) -> None:
    clock, runs = FakeClock(), []
    collector = MainThreadCollector(collect=lambda g: runs.append(g) or 0, clock=clock)
    for _ in range(gc.get_threshold()[0] + 10):
        Node()
    collector.eventFilter(QObject(), key_press())
    collector.collect()
    assert runs
    assert runs[0] in (0, 1)


def test_freeze_hides_start_up_objects_and_stop_gives_them_back(qapp: QApplication) -> None:
    collector = MainThreadCollector()
    collector.start()
    try:
        collector.freeze()
        assert gc.get_freeze_count() > 0
        assert collector.collections[2] == 1
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
    gc.disable()
