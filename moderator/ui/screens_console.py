"""`moderator demo --screenshots`: the audit console → `console.png`, and the review window's
sync status → `sync-status.png`.

The demo journal is synced to the demo's central store (the workspace itself, single seat)
first. If the demo has no final decision yet, demo.reviewer decides one report the way the
window would (view, a short held reveal, the Korean policy's checklist), so the details pane
has a decision's checklist answers and reveal durations to show.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import select

from moderator.domain.policy import check
from moderator.services.demo import REVIEWER, SUPERVISOR
from moderator.services.exposure import ExposureLog, RevealKind
from moderator.services.review import ReviewService
from moderator.services.review_view import policy_for
from moderator.services.sync import Syncer
from moderator.services.workspace import Workspace, sign_in
from moderator.store.models import AuditEvent
from moderator.store.queue import DecisionInput
from moderator.store.reports import queues_by_name
from moderator.ui.app import Workstation
from moderator.ui.console import ConsoleWindow, open_console
from moderator.ui.screenshots import ScreenContext, wait_until
from moderator.ui.tools import ToolContext

POLICY = "kr-illegal-filming"
ANSWERS = {
    "sexual_content": "yes",
    "minor": "no",
    "origin": "synthetic",
    "distribution_consent": "no",
    "coercion": "no",
    "identifiable": "yes",
}


def capture(ctx: ScreenContext) -> None:
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
        wait_until(lambda: station.sync_status.text() == "Synced")
        ctx.shot(station.window, "sync-status")
    finally:
        station.window.close()
        wait_until(lambda: bool(closed))


def _has_decision(workspace: Workspace) -> bool:
    with workspace.transaction() as session:
        found = session.scalar(select(AuditEvent.id).where(AuditEvent.kind == "decide").limit(1))
    return found is not None


def _decide_one(workspace: Workspace) -> None:
    policy = policy_for(POLICY)
    if not check(policy, ANSWERS, "false_video").ok:
        return  # the shipped policy changed; the console still shows the rest of the log
    reviewer = sign_in(workspace, REVIEWER)
    with workspace.transaction() as session:
        queue = queues_by_name(session).get(POLICY)
    if queue is None:
        return
    service = ReviewService(workspace, reviewer)
    lease = service.claim([queue.id])
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
