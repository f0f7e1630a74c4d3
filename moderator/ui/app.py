"""Starting the workstation: pick a profile, open it in the background, show the window.

`Workstation` assembles the pieces (services, media pool, tasks, session, window) for one
signed-in reviewer; the CLI, the screenshots and the tests all build windows through it.
The services are the local workspace's (`services.desktop.local_desktop`) or, for a team
profile, the team server's through `moderator.remote` (`remote.desktop.open_team`): the
window calls the same interfaces (`services.interfaces`) either way.
"""

from __future__ import annotations

import signal
import sys
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

from moderator.domain.errors import ConfigError
from moderator.domain.rows import ReviewerRef
from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.services.desktop import local_desktop
from moderator.services.interfaces import Desktop
from moderator.services.organisation import org_zone
from moderator.services.paths import Paths
from moderator.services.pending import DEFAULT_GRACE
from moderator.services.setup import SetupRequest, needs_setup
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.ui.common import fonts, i18n, style
from moderator.ui.common.collector import MainThreadCollector
from moderator.ui.common.i18n import translate
from moderator.ui.common.images import Renderer
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.common.tools import ToolContext, install_menu
from moderator.ui.profiles import pick_profile
from moderator.ui.review.items import Timings
from moderator.ui.review.session import ReviewSession
from moderator.ui.review.sync_status import install_sync_status
from moderator.ui.review.window import MainWindow
from moderator.ui.supervisor.first_run import (
    FirstRunChoices,
    FirstRunDialog,
    finish_setup,
    first_run_choices,
)
from moderator.ui.wellbeing.controller import WellbeingController


@dataclass
class Workstation:
    """One reviewer's window and everything behind it."""

    workspace: Workspace | None  # None in team mode
    reviewer: ReviewerRef
    renderer: Renderer
    tasks: Tasks
    timings: Timings = field(default_factory=Timings)
    grace: timedelta = DEFAULT_GRACE
    queue_ids: list[int] | None = None
    timed_seconds: float | None = None  # None: the wellbeing profile's re-blur time
    tz: tzinfo | None = None  # the organisation's time zone (None: this computer's)
    services: Desktop | None = None  # given in team mode; None: the workspace's own

    def __post_init__(self) -> None:
        if self.services is None:
            assert self.workspace is not None, "a workstation needs a workspace or services"
            self.services = local_desktop(
                self.workspace,
                self.reviewer,
                self.renderer,
                grace=self.grace,
                queue_ids=self.queue_ids,
                tz=self.tz,
            )
        d = self.desktop = self.services
        self.session = ReviewSession(
            d.review,
            d.desk,
            d.media,
            self.tasks,
            box=lambda: (1, 1),
            timings=self.timings,
            queue_ids=self.queue_ids,
            group=d.group,
        )
        self.window = MainWindow(
            self.session,
            d.exposure,
            d.training,
            self.tasks,
            who=d.reviewer.username,
            profile=d.profile,
            now=d.clock.now,
            timed_seconds=self.timed_seconds or 5.0,
        )
        self.session.box = self.window.preview.box
        self.wellbeing = WellbeingController(
            self.window,
            self.session,
            self.window.viewer,
            d.wellbeing,
            self.tasks,
            d.clock,
            tz=self.tz,
            reblur_seconds=self.timed_seconds,
        )
        self.window.training.tz = self.tz
        self.window.wellbeing = self.wellbeing
        # The supervisor tools call the workspace's services, or the team server's.
        self.tool_actions = (
            install_menu(
                self.window,
                ToolContext(
                    d.workspace,
                    d.reviewer,
                    self.tasks,
                    self.window,
                    tz=self.tz,
                    renderer=self.renderer,
                    supervision=d.supervision,
                ),  # fmt: skip
            )
            if d.workspace is not None or d.supervision is not None
            else []
        )
        self.sync_status = install_sync_status(self.window, d.make_sync, d.clock.now, self.session)

    def start(self) -> None:
        self.window.show()
        self.wellbeing.start(then=self.session.start)
        self.tasks.run(DB, self.desktop.review.policies, on_done=self.window.prepare_forms)


class Launcher(QObject):
    """Opens the profile and signs in on a worker thread while a small notice is shown."""

    ready = Signal(object)  # Workstation
    failed = Signal(str)

    def __init__(self, tasks: Tasks, pool: MediaPool, username: str | None) -> None:
        super().__init__()
        self.tasks, self.pool, self.username = tasks, pool, username
        self.notice = QLabel(translate("app", "Opening the workspace…"))
        self.notice.setStyleSheet(style.SHEET)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWindowTitle("Moderator")
        self.notice.resize(420, 140)
        self.workstation: Workstation | None = None
        self.workspace: Workspace | None = None
        self.team: Desktop | None = None  # a team profile's services, once connected
        self.first_run: FirstRunDialog | None = None  # shown for a workspace nobody is in yet
        self._where: tuple[Paths, config_mod.Profile] | None = None

    def open(self, paths: Paths, config: config_mod.Config, profile_name: str | None) -> None:
        self.notice.show()
        # Decoder processes start while the database opens: the first preview comes sooner.
        self.tasks.run(MEDIA, self.pool.start, on_failed=lambda _e: None)
        profile = config.profile(profile_name, paths)
        self._where = (paths, profile)
        if profile.is_team:
            self.notice.setText(
                translate("app", "Connecting to the team server {server}…").format(
                    server=profile.server
                )
            )
            self.tasks.run(
                DB, _open_team, paths, profile, self.pool,
                on_done=self._on_team_opened, on_failed=self._on_open_failed,
            )  # fmt: skip
            return
        self.tasks.run(
            DB, _open, profile, config, self.username,
            on_done=self._on_opened, on_failed=self._on_open_failed,
        )  # fmt: skip

    def _on_opened(self, opened: Opened) -> None:
        self.workspace = opened.workspace
        if opened.reviewer is None:
            assert opened.choices is not None
            self._ask_setup(opened.choices)
            return
        self.workstation = Workstation(
            opened.workspace, opened.reviewer, self.pool, self.tasks, tz=opened.tz
        )
        # Showing is the next event-loop turn: building and showing in one slot would keep
        # the GUI thread busy for longer than any single step of the review loop.
        QTimer.singleShot(0, self._on_built)

    def _on_team_opened(self, desktop: Desktop) -> None:
        self.team = desktop
        self.workstation = Workstation(
            None,
            desktop.reviewer,
            self.pool,
            self.tasks,
            grace=desktop.desk.grace,
            services=desktop,
        )
        QTimer.singleShot(0, self._on_built)

    def _on_built(self) -> None:
        assert self.workstation is not None
        self.workstation.start()  # shown before the notice goes: never zero windows open
        self.notice.close()
        self.ready.emit(self.workstation)

    def _on_open_failed(self, exc: BaseException) -> None:
        self.notice.setText(translate("app", "The workspace could not be opened:") + f"\n{exc}")
        self.failed.emit(str(exc))

    def _ask_setup(self, choices: FirstRunChoices) -> None:
        self.notice.setText(translate("app", "This workspace is new: set it up to begin."))
        dialog = FirstRunDialog(choices, self.notice)
        dialog.accepted.connect(lambda: self._on_setup_accepted(dialog.value()))
        dialog.rejected.connect(self._on_setup_rejected)
        self.first_run = dialog
        dialog.open()

    def _on_setup_accepted(self, request: SetupRequest) -> None:
        assert self.workspace is not None
        assert self._where is not None
        self.notice.setText(translate("app", "Setting up the workspace…"))
        paths, profile = self._where
        self.tasks.run(
            DB, _set_up, self.workspace, paths, profile, request,
            on_done=self._on_opened, on_failed=self._on_open_failed,
        )  # fmt: skip

    def _on_setup_rejected(self) -> None:
        self.notice.setText(
            translate(
                "app", "The workspace was not set up. Run `moderator setup`, or open it again."
            )
        )
        self.failed.emit("the workspace was not set up")


@dataclass(frozen=True)
class Opened:
    """A workspace opened off the GUI thread, with who signed in (None: nobody is in it yet,
    the first-run dialog asks, offering `choices`) and the organisation's time zone."""

    workspace: Workspace
    reviewer: ReviewerRef | None
    tz: tzinfo | None = None
    choices: FirstRunChoices | None = None


def _open(profile: config_mod.Profile, config: config_mod.Config, username: str | None) -> Opened:
    workspace = open_workspace(profile, config)
    try:
        if needs_setup(workspace):
            default = username or profile.reviewer_name()
            return Opened(workspace, None, choices=first_run_choices(default))
        return Opened(workspace, sign_in(workspace, username), org_zone(workspace))
    except BaseException:
        workspace.close()
        raise


def _open_team(paths: Paths, profile: config_mod.Profile, pool: MediaPool) -> Desktop:
    try:
        from moderator.remote.desktop import open_team
    except ImportError as exc:  # httpx: only a desk in team mode needs it
        raise ConfigError(
            f"team mode needs {exc.name}: install it with `pip install 'moderator[team]'`"
        ) from None
    return open_team(paths, profile, pool)


def _set_up(
    workspace: Workspace, paths: Paths, profile: config_mod.Profile, request: SetupRequest
) -> Opened:
    reviewer = finish_setup(workspace, paths, profile, request)
    return Opened(workspace, reviewer, org_zone(workspace))


def run(
    paths: Paths, profile_name: str | None, username: str | None, lang: str | None = None
) -> int:
    """The workstation's main loop; returns the exit code. `lang`: `--lang`, if given."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Moderator")
    app.setWindowIcon(style.app_icon())  # the taskbar's and every window's, not Qt's logo
    config = config_mod.load(paths)
    fonts.install(app)  # before the first window: Hangul is never empty boxes
    i18n.install(i18n.choose(lang, config.language))
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
    if launcher.team is not None:
        launcher.team.close()
    return code
