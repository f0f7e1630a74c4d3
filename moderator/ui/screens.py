"""The screens beside the review window for `moderator demo --screenshots`, one function each,
registered in `screenshots.EXTRA_SCREENS`: the audit console and sync status, the QA dashboard,
adjudication and gold items, training (the gating message, the admin window) and wellbeing
(the break screen, the check-in, team exposure), and the organisation's Admin window and
first-run dialog."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from moderator.domain.policy import check
from moderator.domain.rows import DecisionInput
from moderator.services.demo.build import REVIEWER, SUPERVISOR
from moderator.services.exposure import ExposureLog, RevealKind
from moderator.services.lookups import has_decision, queue_ids
from moderator.services.review import ReviewService
from moderator.services.review_view import policy_for
from moderator.services.sync import Syncer
from moderator.services.training import TrainingAdmin
from moderator.services.workspace import Workspace, sign_in
from moderator.ui.app import Workstation
from moderator.ui.common.i18n import translate
from moderator.ui.common.tools import ToolContext
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.supervisor.adjudication import AdjudicationWindow, open_adjudication
from moderator.ui.supervisor.admin import AdminWindow, open_admin
from moderator.ui.supervisor.console import ConsoleWindow, open_console
from moderator.ui.supervisor.dashboard import DashboardWindow, open_dashboard
from moderator.ui.supervisor.exposure import ExposureView
from moderator.ui.supervisor.first_run import FirstRunDialog, first_run_choices
from moderator.ui.supervisor.gold_items import GoldWindow, open_gold_items
from moderator.ui.supervisor.training_admin import TrainingAdminWindow
from moderator.ui.wellbeing.checkin import checkin_text

# --- console -----------------------------------------------------------------------------------


POLICY = "kr-illegal-filming"
ANSWERS = {
    "sexual_content": "yes",
    "minor": "no",
    "origin": "synthetic",
    "distribution_consent": "no",
    "coercion": "no",
    "identifiable": "yes",
}


def capture_console(ctx: ScreenContext) -> None:
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    if not _has_decision(ctx.workspace):
        _decide_one(ctx.workspace)
    syncer = Syncer(ctx.workspace, None)
    try:
        syncer.run_until_idle()
    finally:
        syncer.close()
    window = open_console(ToolContext(ctx.workspace, supervisor, ctx.tasks))
    assert isinstance(window, ConsoleWindow)
    try:
        window.resize(1480, 900)
        wait_until(lambda: window.model is not None and window.model.first_page_shown)
        wait_until(lambda: window.reviewer_combo.count() > 1 and bool(window.chains))
        window.reviewer_combo.setCurrentText(REVIEWER)
        window.apply()
        model = window.model
        assert model is not None
        wait_until(lambda: model.first_page_shown)
        rows = [model.row_at(r) for r in range(min(model.rowCount(), model.page_size))]
        decide = next((i for i, r in enumerate(rows) if r and r.kind == "decide"), 0)
        window.table.selectRow(decide)
        window.table.scrollTo(model.index(decide, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        wait_until(lambda: window.details is not None)
        ctx.shot(window, "console")
    finally:
        window.close()
    _sync_status(ctx)


def _sync_status(ctx: ScreenContext) -> None:
    """The review window with its status bar saying the journal is synced → `sync-status.png`."""
    station = Workstation(ctx.workspace, ctx.reviewer, ctx.renderer, ctx.tasks)
    station.window.resize(1440, 900)
    station.start()
    closed: list[bool] = []
    station.session.closed.connect(lambda: closed.append(True))
    try:
        wait_until(lambda: station.session.current is not None)
        station.sync_status.push()
        wait_until(lambda: station.sync_status.text() == translate("review", "Synced"))
        ctx.shot(station.window, "sync-status")
    finally:
        station.window.close()
        wait_until(lambda: bool(closed))


def _has_decision(workspace: Workspace) -> bool:
    return has_decision(workspace)


def _decide_one(workspace: Workspace) -> None:
    policy = policy_for(workspace, POLICY)
    if not check(policy, ANSWERS, "false_video").ok:
        return  # the shipped policy changed; the console still shows the rest of the log
    reviewer = sign_in(workspace, REVIEWER)
    queue = queue_ids(workspace).get(POLICY)
    if queue is None:
        return
    service = ReviewService(workspace, reviewer)
    lease = service.claim([queue])
    if lease is None:
        return
    exposure = ExposureLog(workspace, reviewer)
    exposure.viewed(lease.report_uid, media=0, blur=3, grayscale=True)
    exposure.revealed(lease.report_uid, RevealKind.HOLD, 1.8, media=0, ended_by="released")
    decision = DecisionInput(
        policy.id, policy.version, policy.sha256, "false_video", dict(ANSWERS),
        seconds_on_item=42.0, seconds_exposed=1.8,
    )  # fmt: skip
    service.decide(lease, decision)


# --- dashboard ---------------------------------------------------------------------------------


def capture_dashboard(ctx: ScreenContext) -> None:
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    window = open_dashboard(ToolContext(ctx.workspace, supervisor, ctx.tasks))
    assert isinstance(window, DashboardWindow)
    try:
        wait_until(lambda: window.snapshot is not None or window.status.text().startswith("Could"))
        ctx.shot(window, "dashboard")
    finally:
        window.close()


# --- quality -----------------------------------------------------------------------------------


def capture_quality(ctx: ScreenContext) -> None:
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    context = ToolContext(ctx.workspace, supervisor, ctx.tasks, renderer=ctx.renderer)
    window = open_adjudication(context)
    assert isinstance(window, AdjudicationWindow)
    try:
        window.resize(1280, 860)
        wait_until(lambda: window.model.rowCount() > 0 or ctx.tasks.idle)
        rows = window.model.rows
        if rows:  # a case this supervisor may adjudicate, its media shown blurred
            window.select(next((i for i, c in enumerate(rows) if not window.own_round(c)), 0))
            wait_until(lambda: window.current is not None)
            media = window.media
            wait_until(lambda: media is None or media.reveal_button.isEnabled() or ctx.tasks.idle)
        ctx.shot(window, "adjudication")
    finally:
        window.close()
    gold = open_gold_items(context)
    assert isinstance(gold, GoldWindow)
    try:
        gold.resize(1180, 640)
        wait_until(lambda: gold.gold_model.rowCount() > 0 or ctx.tasks.idle)
        gold.tabs.setCurrentIndex(1)
        ctx.shot(gold, "gold-items")
    finally:
        gold.close()


# --- training ----------------------------------------------------------------------------------


TRAINEE = "demo.trainee"


def capture_training(ctx: ScreenContext) -> None:
    """`gating.png`: the trainee's window, gated out of every queue, says why and what to do.
    `training-admin.png`: the supervisor's records window."""
    trainee = sign_in(ctx.workspace, TRAINEE)
    station = Workstation(ctx.workspace, trainee, ctx.renderer, ctx.tasks)
    station.window.resize(1440, 900)
    station.start()
    notice = station.window.training
    wait_until(lambda: station.window.pages.currentWidget() is station.window.empty_page)
    wait_until(notice.note.isVisible)
    ctx.shot(station.window, "gating")
    closed: list[bool] = []
    station.session.closed.connect(lambda: closed.append(True))
    station.window.close()
    wait_until(lambda: bool(closed))
    admin = TrainingAdminWindow(TrainingAdmin(ctx.workspace, SUPERVISOR), ctx.tasks)
    admin.resize(1180, 640)
    admin.show()
    wait_until(lambda: admin.records_model.rowCount() > 0)
    admin.records_view.selectRow(1)
    ctx.shot(admin, "training-admin")
    admin.close()


# --- wellbeing ---------------------------------------------------------------------------------


def capture_wellbeing(ctx: ScreenContext) -> None:
    queue = queue_ids(ctx.workspace)["platform-general"]
    station = Workstation(ctx.workspace, ctx.reviewer, ctx.renderer, ctx.tasks, queue_ids=[queue])
    station.window.resize(1440, 900)
    station.start()
    try:
        wait_until(
            lambda: station.session.current is not None and station.wellbeing.machine is not None
        )
        QTest.qWait(300)
        ctx.shot(station.window, "wellbeing-status-bar")
        covers = station.wellbeing
        covers.viewer.blocked = True
        covers.break_screen.show_break(12 * 60 + 30, hard=False, reason="exposure")
        ctx.shot(station.window, "break-screen")
        covers.break_screen.show_break(9 * 60, hard=True, reason="work")
        ctx.shot(station.window, "break-screen-hard")
        covers.break_screen.hide()
        covers.checkin.ask(checkin_text("severe", 14, "decided"))
        ctx.shot(station.window, "check-in")
        covers.checkin.support_text = covers.break_screen.support or covers.checkin.support_text
        covers.checkin.stop_button.click()  # asks once, with the support contact
        ctx.shot(station.window, "check-in-stop")
        covers.checkin.back_button.click()
        covers.checkin.hide()
        covers.viewer.blocked = False
    finally:
        closed: list[bool] = []
        station.session.closed.connect(lambda: closed.append(True))
        station.window.close()
        wait_until(lambda: bool(closed))
    view = ExposureView(ToolContext(ctx.workspace, ctx.reviewer, ctx.tasks), days=14)
    view.resize(1000, 900)
    view.show()
    view.refresh()
    wait_until(lambda: view.exposure.rowCount() > 0)
    ctx.shot(view, "team-exposure")
    view.close()


# --- organisation ------------------------------------------------------------------------------


def capture_admin(ctx: ScreenContext) -> None:
    """`admin.png`: the supervisor's queues; `first-run.png`: a new workspace's first window."""
    supervisor = sign_in(ctx.workspace, SUPERVISOR)
    window = open_admin(ToolContext(ctx.workspace, supervisor, ctx.tasks))
    assert isinstance(window, AdminWindow)
    try:
        window.resize(1480, 560)
        wait_until(lambda: window.snapshot is not None and ctx.tasks.idle)
        window.queues_view.selectRow(0)
        ctx.shot(window, "admin")
    finally:
        window.close()
    dialog = FirstRunDialog(first_run_choices("sue"))
    dialog.organisation.setText("Example Hotline")
    dialog.timezone.setCurrentText("Asia/Seoul")
    dialog.support.setText("wellbeing@example.org, +82 2 0000 0000")
    dialog.show()
    try:
        ctx.shot(dialog, "first-run")
    finally:
        dialog.close()
