"""Starting the workstation: pick a profile, open it in the background, show the window.

`Workstation` assembles the pieces (services, media pool, tasks, session, window) for one
signed-in reviewer; the CLI, the screenshots and the tests all build windows through it.
"""

from __future__ import annotations

import signal
import sys
from dataclasses import dataclass, field
from datetime import timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

from moderator.domain.policy import Policy
from moderator.domain.policy_file import builtin_ids
from moderator.domain.rows import ReviewerRef
from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.services.exposure import ExposureLog
from moderator.services.paths import Paths
from moderator.services.pending import DEFAULT_GRACE, PendingDecisions
from moderator.services.review_view import policy_for
from moderator.services.wellbeing import WellbeingReview, WellbeingService
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.ui.common import style
from moderator.ui.common.collector import MainThreadCollector
from moderator.ui.common.images import Renderer
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.common.tools import ToolContext, install_menu
from moderator.ui.profiles import pick_profile
from moderator.ui.review.items import Timings
from moderator.ui.review.session import ReviewSession
from moderator.ui.review.sync_status import install_sync_status
from moderator.ui.review.window import MainWindow
from moderator.ui.wellbeing.controller import WellbeingController


@dataclass
class Workstation:
    """One reviewer's window and everything behind it."""

    workspace: Workspace
    reviewer: ReviewerRef
    renderer: Renderer
    tasks: Tasks
    timings: Timings = field(default_factory=Timings)
    grace: timedelta = DEFAULT_GRACE
    queue_ids: list[int] | None = None
    timed_seconds: float | None = None  # None: the wellbeing profile's re-blur time

    def __post_init__(self) -> None:
        review = WellbeingReview(self.workspace, self.reviewer, queue_ids=self.queue_ids)
        desk = PendingDecisions(self.workspace, self.reviewer, grace=self.grace)
        exposure = ExposureLog(self.workspace, self.reviewer)
        self.session = ReviewSession(
            review,
            desk,
            self.renderer,
            self.tasks,
            box=lambda: (1, 1),
            timings=self.timings,
            queue_ids=self.queue_ids,
        )
        self.window = MainWindow(
            self.session,
            exposure,
            self.tasks,
            who=self.reviewer.username,
            profile=self.workspace.profile.name,
            now=self.workspace.now,
            timed_seconds=self.timed_seconds or 5.0,
        )
        self.session.box = self.window.preview.box
        self.wellbeing = WellbeingController(
            self.window,
            self.session,
            self.window.viewer,
            WellbeingService(self.workspace, self.reviewer),
            self.tasks,
            self.workspace.clock,
            reblur_seconds=self.timed_seconds,
        )
        self.window.wellbeing = self.wellbeing
        self.tool_actions = install_menu(
            self.window, ToolContext(self.workspace, self.reviewer, self.tasks, self.window)
        )
        self.sync_status = install_sync_status(self.window, self.workspace, self.session)

    def start(self) -> None:
        self.window.show()
        self.wellbeing.start(then=self.session.start)
        self.tasks.run(DB, shipped_policies, on_done=self.window.prepare_forms)


def shipped_policies() -> list[Policy]:
    return [policy_for(policy_id) for policy_id in builtin_ids()]


class Launcher(QObject):
    """Opens the profile and signs in on a worker thread while a small notice is shown."""

    ready = Signal(object)  # Workstation
    failed = Signal(str)

    def __init__(self, tasks: Tasks, pool: MediaPool, username: str | None) -> None:
        super().__init__()
        self.tasks, self.pool, self.username = tasks, pool, username
        self.notice = QLabel("Opening the workspace…")
        self.notice.setStyleSheet(style.SHEET)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWindowTitle("Moderator")
        self.notice.resize(420, 140)
        self.workstation: Workstation | None = None
        self.workspace: Workspace | None = None

    def open(self, paths: Paths, config: config_mod.Config, profile_name: str | None) -> None:
        self.notice.show()
        # Decoder processes start while the database opens: the first preview comes sooner.
        self.tasks.run(MEDIA, self.pool.start, on_failed=lambda _e: None)
        profile = config.profile(profile_name, paths)
        self.tasks.run(
            DB, _open, profile, config, self.username,
            on_done=self._on_opened, on_failed=self._on_open_failed,
        )  # fmt: skip

    def _on_opened(self, opened: tuple[Workspace, ReviewerRef]) -> None:
        workspace, reviewer = opened
        self.workspace = workspace
        self.workstation = Workstation(workspace, reviewer, self.pool, self.tasks)
        # Showing is the next event-loop turn: building and showing in one slot would keep
        # the GUI thread busy for longer than any single step of the review loop.
        QTimer.singleShot(0, self._on_built)

    def _on_built(self) -> None:
        assert self.workstation is not None
        self.workstation.start()  # shown before the notice goes: never zero windows open
        self.notice.close()
        self.ready.emit(self.workstation)

    def _on_open_failed(self, exc: BaseException) -> None:
        self.notice.setText(f"The workspace could not be opened:\n{exc}")
        self.failed.emit(str(exc))


def _open(
    profile: config_mod.Profile, config: config_mod.Config, username: str | None
) -> tuple[Workspace, ReviewerRef]:
    workspace = open_workspace(profile, config)
    try:
        return workspace, sign_in(workspace, username)
    except BaseException:
        workspace.close()
        raise


def run(paths: Paths, profile_name: str | None, username: str | None) -> int:
    """The workstation's main loop; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Moderator")
    config = config_mod.load(paths)
    if profile_name is None and len(config.profiles) > 1:
        profile_name = pick_profile(config)
        if profile_name is None:
            return 1
    tasks = Tasks()
    collector = MainThreadCollector()
    collector.start()
    code = 0
    with MediaPool(workers=2) as pool:
        launcher = Launcher(tasks, pool, username)

        def failed(_message: str) -> None:
            nonlocal code
            code = 1

        launcher.failed.connect(failed)
        # What start-up built lives as long as the window: keep it out of every later scan.
        launcher.ready.connect(lambda _station: collector.freeze())
        # Ctrl+C in the terminal closes the window the normal way (decisions saved, reports
        # given back); the timer lets Python run its signal handler inside Qt's loop.
        signal.signal(signal.SIGINT, lambda *_: QApplication.closeAllWindows())
        wake = QTimer()
        wake.timeout.connect(lambda: None)
        wake.start(250)
        launcher.open(paths, config, profile_name)
        app.setQuitOnLastWindowClosed(True)
        app.exec()
        wake.stop()
        tasks.close()
    collector.stop()
    if launcher.workspace is not None:
        launcher.workspace.close()
    return code
