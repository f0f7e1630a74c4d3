"""The background-task helper: work off the GUI thread, answers on it, nothing swallowed."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from moderator.ui.common.tasks import DB, MEDIA, Tasks


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    runner = Tasks()
    yield runner
    runner.close()


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot, tasks: Tasks) -> None:
    seen: dict[str, str] = {}

    def work() -> int:
        seen["work"] = threading.current_thread().name
        return 42

    def done(value: int) -> None:
        seen["done"] = threading.current_thread().name
        seen["value"] = str(value)

    tasks.run(MEDIA, work, on_done=done)
    qtbot.waitUntil(lambda: "done" in seen)
    assert seen["work"].startswith("moderator-media")
    assert seen["done"] == threading.main_thread().name
    assert seen["value"] == "42"
    assert tasks.idle


def test_a_failure_goes_to_on_failed(qtbot: QtBot, tasks: Tasks) -> None:
    failures: list[BaseException] = []
    tasks.run(DB, lambda: 1 / 0, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ZeroDivisionError)


def test_an_unhandled_failure_is_raised_on_the_gui_thread(qtbot: QtBot, tasks: Tasks) -> None:
    with qtbot.captureExceptions() as raised:
        tasks.run(DB, lambda: 1 / 0)
        qtbot.waitUntil(lambda: tasks.idle)
    assert [type(e[1]) for e in raised] == [ZeroDivisionError]


def test_the_db_lane_keeps_order(qtbot: QtBot, tasks: Tasks) -> None:
    order: list[int] = []
    for n in range(20):
        tasks.run(DB, lambda n=n: n, on_done=order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_nothing_is_delivered_after_close(qtbot: QtBot) -> None:
    runner = Tasks()
    delivered: list[int] = []
    gate = threading.Event()
    runner.run(DB, lambda: gate.wait(5) and 1, on_done=delivered.append)
    runner.run(DB, lambda: 2, on_done=delivered.append)  # cancelled: never started
    gate.set()
    runner.close()
    qtbot.wait(50)
    assert delivered == []
    assert runner.run(DB, lambda: 3) is None


def test_a_result_for_a_deleted_widget_is_not_delivered(qtbot: QtBot) -> None:
    """A window closed while its background read ran: the answer finds no widget and is
    dropped, instead of calling into a deleted C++ object."""
    import shiboken6
    from PySide6.QtWidgets import QLabel

    tasks = Tasks({"db": 1})
    label = QLabel()
    gate = threading.Event()
    delivered: list[object] = []
    try:
        tasks.run("db", gate.wait, on_done=label.setText, on_failed=delivered.append)
        shiboken6.delete(label)
        gate.set()
        qtbot.waitUntil(lambda: tasks.idle, timeout=5000)
    finally:
        tasks.close()
    assert delivered == []
