"""Cyclic garbage is collected on the GUI thread while the window runs, never on a worker."""

from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from moderator.ui.common.collector import MainThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


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
