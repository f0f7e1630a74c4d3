"""`moderator demo --screenshots DIR`: the main states of the window, rendered to PNG files.

These are pictures of synthetic demo media (abstract shapes), the only pictures the program
ever writes. Each state is reached the way a reviewer would reach it, on the real window.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QPointF,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from moderator.domain.rows import ReviewerRef
from moderator.media.types import MediaError, MediaErrorKind, Rendered, RenderRequest
from moderator.services.lookups import queue_ids
from moderator.services.workspace import Workspace
from moderator.ui.app import Workstation
from moderator.ui.common.collector import MainThreadCollector
from moderator.ui.common.images import Renderer
from moderator.ui.common.preview import Mode
from moderator.ui.common.tasks import Tasks

STATES = (
    "blurred",
    "region-revealed",
    "decision-form-error",
    "decision-submitted",
    "help-overlay",
    "look-lightened",
    "look-reset",
    "media-error",
    "empty-queue",
)


@dataclass(frozen=True)
class ScreenContext:
    """What a screen module gets: the demo workspace, its reviewer, a renderer, the task
    lanes, the output folder, and `shot(widget, name)` which saves `out/<name>.png`."""

    workspace: Workspace
    reviewer: ReviewerRef
    renderer: Renderer
    tasks: Tasks
    out: Path
    shot: Callable[[QWidget, str], Path]


# More screens, each from its own module: "module:function" taking a ScreenContext. They run
# after the review window's states, in this order.
EXTRA_SCREENS: list[str] = [
    "moderator.ui.screens:capture_dashboard",
    "moderator.ui.screens:capture_console",
    "moderator.ui.screens:capture_training",
    "moderator.ui.screens:capture_quality",
    "moderator.ui.screens:capture_wellbeing",
    "moderator.ui.screens:capture_admin",
    "moderator.ui.screens_reports:capture_kcc",
    "moderator.ui.screens_lifecycle:capture_lifecycle",
    "moderator.ui.screens_banks:capture_bank_match",
    "moderator.ui.screens_group:capture_group",
]


class BrokenRenderer:
    """Answers every request as a damaged file would: the media-error state."""

    def render(self, req: RenderRequest) -> Rendered | MediaError:
        return MediaError(MediaErrorKind.CORRUPT, "the JPEG is damaged or malformed (truncated)")


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if "propagateSizeHints" not in message:  # the offscreen plugin's noise
        sys.stderr.write(message + "\n")


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the state in time")
        QTest.qWait(20)


def capture(
    workspace: Workspace,
    reviewer: ReviewerRef,
    renderer: Renderer,
    out: Path,
    inspect: Callable[[QWidget, str], None] | None = None,
) -> list[Path]:
    """Render every state in STATES to `out/<state>.png`; returns the files written.
    `inspect(widget, name)`, if given, sees each screen just before it is saved."""
    out.mkdir(parents=True, exist_ok=True)
    qInstallMessageHandler(_quiet_offscreen)
    queues = queue_ids(workspace)
    tasks = Tasks()
    collector = MainThreadCollector()
    collector.start()
    written: list[Path] = []

    def shot(station: Workstation, state: str) -> None:
        QTest.qWait(50)  # let layouts settle and the last paint happen
        if inspect is not None:
            inspect(station.window, state)
        path = out / f"{state}.png"
        station.window.grab().save(str(path))
        written.append(path)

    def shot_widget(widget: QWidget, name: str) -> Path:
        QTest.qWait(50)
        if inspect is not None:
            inspect(widget, name)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)
        return path

    def open_on(queue: str, with_renderer: Renderer) -> Workstation:
        station = Workstation(workspace, reviewer, with_renderer, tasks, queue_ids=[queues[queue]])
        station.window.resize(1440, 900)
        station.start()
        return station

    def close(station: Workstation) -> None:
        closed: list[bool] = []
        station.session.closed.connect(lambda: closed.append(True))
        station.window.close()
        wait_until(lambda: bool(closed))

    try:
        station = open_on("kr-illegal-filming", renderer)
        wait_until(lambda: _showing_preview(station) and _counted(station))
        shot(station, "blurred")
        _region_reveal(station)
        shot(station, "region-revealed")
        station.window.viewer.end_reveal("toggled")
        _form_with_error(station)
        shot(station, "decision-form-error")
        if _complete_form(station):
            first = station.session.current
            station.window.submit()
            wait_until(lambda: station.session.pending is not None)
            _answer_checkin(station)  # a severe report: the check-in comes first
            shot(station, "decision-submitted")
            station.session.undo()  # the demo report goes back to its queue untouched
            wait_until(lambda: station.session.current is first)
        station.window.help.toggle()
        shot(station, "help-overlay")
        station.window.help.toggle()
        _look_change_and_reset(station, shot)
        close(station)
        station = open_on("platform-general", BrokenRenderer())
        wait_until(lambda: station.session.current is not None)
        shot(station, "media-error")
        close(station)
        station = open_on("supervisor-escalations", renderer)  # not for this reviewer
        wait_until(lambda: station.window.pages.currentWidget() is station.window.empty_page)
        shot(station, "empty-queue")
        close(station)
        context = ScreenContext(workspace, reviewer, renderer, tasks, out, shot_widget)
        for entry in EXTRA_SCREENS:
            module, _, name = entry.partition(":")
            getattr(importlib.import_module(module), name)(context)
    finally:
        tasks.close()
        collector.stop()
    return written


def _answer_checkin(station: Workstation) -> None:
    """Answer the check-in, if one is asked, with a key as the reviewer would ("4")."""
    checkin = station.wellbeing.checkin
    QTest.qWait(50)
    if checkin.isVisible():
        QTest.keyClick(checkin, Qt.Key.Key_4)
        wait_until(lambda: not checkin.isVisible())


def _counted(station: Workstation) -> bool:
    return station.window.waiting_count is not None  # the header's count came back


def _look_change_and_reset(station: Workstation, shot: Callable[[Workstation, str], None]) -> None:
    """`[` three times and `G`, as the issue did: lightened down to the queue's floor, in
    colour, badged as revealed when recognisable; then skipped: the next report opens at the
    queue's look again."""
    viewer, first = station.window.viewer, station.session.current
    for _ in range(3):
        viewer.blur(-1)
    viewer.toggle_grayscale()
    wanted = viewer.look
    wait_until(lambda: first is not None and first.preview is not None
               and first.preview.look == wanted)  # fmt: skip
    shot(station, "look-lightened")
    station.window._on_skip_triggered()
    wait_until(lambda: station.session.current not in (None, first) and _showing_preview(station))
    shot(station, "look-reset")


def _showing_preview(station: Workstation) -> bool:
    item = station.session.current
    return item is not None and item.preview is not None and item.preview.image is not None


def _region_reveal(station: Workstation) -> None:
    preview = station.window.preview
    station.window.viewer.toggle_region()
    centre = QPointF(preview.width() * 0.45, preview.height() * 0.5)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        centre,
        preview.mapToGlobal(centre),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(preview, move)
    wait_until(lambda: preview.mode is Mode.REGION and preview.showing_sharp)


def _complete_form(station: Workstation) -> bool:
    """A valid decision on the Korean policy (false video), as a reviewer would enter it."""
    form = station.window.form
    if form is None or form[0].policy.id != "kr-illegal-filming":
        return False
    checklist = form[0]
    answers = {
        "sexual_content": "yes",
        "minor": "no",
        "origin": "synthetic",
        "distribution_consent": "no",
        "coercion": "no",
        "identifiable": "yes",
    }
    for question, answer in answers.items():
        checklist.set_answer(question, answer)
    checklist.outcome = None
    checklist.choose_outcome("false_video")
    return checklist.verdict.ok


def _form_with_error(station: Workstation) -> None:
    """Answers that contradict the chosen outcome: the form says why it cannot be submitted."""
    form = station.window.form
    if form is None:
        return
    checklist = form[0]
    policy = checklist.policy
    rules = sorted(policy.rules, key=lambda r: r.id != "synthetic-is-14-2")  # the clearest one
    rule = next((r for r in rules if r.forbid), None)
    if rule is None:
        return
    if policy.id == "kr-illegal-filming":
        checklist.set_answer("sexual_content", "yes")
        checklist.set_answer("minor", "no")
    checklist.choose_outcome(rule.forbid[0])
    checklist.set_answer(rule.question, rule.values[0])
    checklist.go_to(policy.questions.index(policy.question(rule.question)))
