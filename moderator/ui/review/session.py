"""The review loop behind the window: claim ahead, present, submit with undo, skip, escalate.

Reports are claimed and rendered (blurred) ahead of time, so after a submit the next preview is
already in memory and is shown in the same keystroke. All database and media work runs through
`Tasks`; this object only ever runs on the GUI thread and never waits.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from moderator.domain.errors import ModeratorError
from moderator.domain.policy import Policy
from moderator.services.pending import Pending, PendingDecisions, UndoTooLate
from moderator.services.review import ReviewService
from moderator.services.review_view import ReportDetails, load_details, policy_for, waiting
from moderator.store.errors import DatabaseUnavailable, LeaseLost
from moderator.store.queue import DecisionInput, Lease
from moderator.ui.common.images import Look, Preview, Renderer, render_preview
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.review.checklist import Draft

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timings:
    ahead: int = 2  # reports claimed and rendered beyond the current one
    renew_ms: int = 100_000  # lease renewal (the lease is 5 minutes)
    poll_ms: int = 30_000  # an empty queue is checked this often, quietly
    retry_ms: int = 10_000  # after the database could not be reached


@dataclass
class Item:
    """A claimed report in the window. Lives on the GUI thread only."""

    lease: Lease
    details: ReportDetails
    policy: Policy | None
    policy_problem: str = ""
    preview: Preview | None = None
    shown_at: float | None = None
    exposed_s: float = 0.0
    draft: Draft = field(default_factory=Draft)

    @property
    def uid(self) -> str:
        return self.lease.report_uid

    @property
    def seconds_on_item(self) -> float:
        return time.monotonic() - self.shown_at if self.shown_at else 0.0


Claimed = tuple[Lease, ReportDetails, Policy | None, str]


def claim_and_load(review: ReviewService, queue_ids: list[int] | None) -> Claimed | None:
    """Worker-thread half of claiming: the lease, the report and its policy."""
    lease = review.claim(queue_ids)
    if lease is None:
        return None
    details = load_details(review.workspace, lease)
    try:
        policy = policy_for(review.workspace, details.policy_id, details.policy_version)
        return lease, details, policy, ""
    except DatabaseUnavailable:
        raise
    except ModeratorError as exc:
        return lease, details, None, f"this queue's policy cannot be used: {exc}"


class ReviewSession(QObject):
    presented = Signal(object)  # Item, or None when there is nothing to show
    pending_changed = Signal(object)  # the undoable Pending, or None
    problem = Signal(str)  # an environment problem to show in place ("" when it is over)
    notice = Signal(str)  # a calm one-line status message
    waiting_changed = Signal(int)  # reports waiting in the current report's queue
    closed = Signal()

    def __init__(
        self,
        review: ReviewService,
        desk: PendingDecisions,
        renderer: Renderer,
        tasks: Tasks,
        box: Callable[[], tuple[int, int]],
        timings: Timings | None = None,
        queue_ids: list[int] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.review, self.desk = review, desk
        self.renderer, self.tasks, self.box = renderer, tasks, box
        self.timings = timings or Timings()
        self.queue_ids = queue_ids  # None: every queue the reviewer may work
        self.look = Look()
        self.current: Item | None = None
        self.ahead: deque[Item] = deque()
        self.pending: tuple[Pending, Item] | None = None
        self.drafts: dict[str, Draft] = {}
        self._preparing = 0
        self._empty = False
        self._submitting: list[Item] = []  # submits on their way to the database, in order
        self._undo_asked = False
        self._closing = False
        self._closing_jobs = 0
        self._done = False
        self.paused = False  # a break, an idle lock or a stop: nothing is claimed or shown
        self._renew = self._timer(self.timings.renew_ms, self._on_renew_timeout, repeat=True)
        self._poll = self._timer(self.timings.poll_ms, self._on_poll_timeout)
        self._grace = self._timer(int(desk.grace.total_seconds() * 1000), self._on_grace_timeout)
        self._retry = self._timer(self.timings.retry_ms, self._on_retry_timeout)

    def _timer(self, ms: int, slot: Callable[[], None], *, repeat: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(ms)
        timer.setSingleShot(not repeat)
        timer.timeout.connect(slot)
        return timer

    # --- starting and filling ------------------------------------------------------------------

    def start(self) -> None:
        """Finalize what a previous run left pending (a crash), then start claiming."""
        self._renew.start()
        self.tasks.run(DB, self.desk.finalize_all, on_done=self._on_recovered, on_failed=self.fail)

    def _on_recovered(self, finalized: list[str]) -> None:
        if finalized:
            self.notice.emit(f"{len(finalized)} decision(s) from the last session were recorded")
        self.fill()

    def fill(self) -> None:
        """Claim until the current report and `ahead` more are ready or being prepared."""
        want = self.timings.ahead + (0 if self.current else 1)
        while (
            not self._closing
            and not self.paused
            and not self._empty
            and len(self.ahead) + self._preparing < want
        ):
            self._preparing += 1
            self.tasks.run(
                DB,
                claim_and_load,
                self.review,
                self.queue_ids,
                on_done=self._on_claimed,
                on_failed=self._on_claim_failed,
            )

    def check_now(self) -> None:
        """The reviewer asked for the next report: look at the queue again right away."""
        self._empty = False
        self._poll.stop()
        self.fill()

    def _on_claimed(self, claimed: Claimed | None) -> None:
        if self._closing:
            self._preparing -= 1
            if claimed is not None:
                self._release_on_close(Item(*claimed))
            self._maybe_closed()
            return
        if claimed is None:
            self._preparing -= 1
            self._empty = True
            self._poll.start()
            if self.current is None and not self.ahead and not self._preparing:
                self.presented.emit(None)
            return
        self.problem.emit("")
        item = Item(*claimed)
        media = item.details.media
        if not media:
            self._on_rendered(item, None)
            return
        box, look = self.box(), self.look
        self.tasks.run(
            MEDIA,
            render_preview,
            self.renderer,
            media[0],
            box,
            look,
            on_done=lambda preview: self._on_rendered(item, preview),
            on_failed=lambda exc: self._on_render_failed(item, exc),
        )

    def _on_rendered(self, item: Item, preview: Preview | None) -> None:
        self._preparing -= 1
        item.preview = preview
        if self._closing:
            self._release_on_close(item)
            return
        if self.paused:
            self._give_back(item, "paused")
            return
        self.ahead.append(item)
        if self.current is None:
            self.advance()

    def _on_render_failed(self, item: Item, exc: BaseException) -> None:
        # A bug in rendering must not hide the report: show the placeholder, keep the error.
        log.error("rendering failed", exc_info=exc)
        self._on_rendered(item, None)

    def _on_claim_failed(self, exc: BaseException) -> None:
        self._preparing -= 1
        if self._closing:
            self._maybe_closed()
        else:
            self.fail(exc)

    # --- moving through reports ----------------------------------------------------------------

    def advance(self) -> None:
        """Show the next ready report (or nothing) and top the pipeline up."""
        self.current = self.ahead.popleft() if self.ahead else None
        item = self.current
        if item is not None:
            item.shown_at = time.monotonic()
            item.draft = self.drafts.pop(item.uid, item.draft)
        self.presented.emit(item)
        self.fill()
        if item is not None:
            self._after_present(item)

    @property
    def is_empty(self) -> bool:
        """Nothing to show and nothing on its way: the queue is empty for this reviewer."""
        return self.current is None and not self.ahead and not self._preparing and self._empty

    def _after_present(self, item: Item) -> None:
        self.tasks.run(
            DB,
            waiting,
            self.review.workspace,
            item.lease.queue_id,
            on_done=self.waiting_changed.emit,
            on_failed=self.fail,
        )

    def _present_again(self, item: Item) -> None:
        """Bring a report back in front (undo, failed submit), keeping the one shown ahead."""
        if self.current is not None and self.current is not item:
            self.ahead.appendleft(self.current)
        self.current = item
        item.shown_at = item.shown_at or time.monotonic()
        self.presented.emit(item)

    def grace_left(self) -> float:
        """Seconds left to undo the pending decision."""
        return self._grace.remainingTime() / 1000 if self._grace.isActive() else 0.0

    def submit(self, decision: DecisionInput, draft: Draft) -> None:
        """Store the decision (undoable for the grace period) and show the next report now."""
        item = self.current
        if item is None:
            return
        item.draft = draft
        self._finalize()  # "before the next submit": the earlier decision becomes final
        self._submitting.append(item)
        self.advance()
        self.tasks.run(
            DB,
            self.desk.submit,
            item.lease,
            decision,
            on_done=partial(self._on_submitted, item),
            on_failed=partial(self._on_submit_failed, item),
        )

    def _on_submitted(self, item: Item, pending: Pending) -> None:
        self._submitting.remove(item)
        item.lease = pending.lease
        if self._submitting or self._closing:
            # A later submit exists (or the window closes): this one is no longer the last.
            self._closing_jobs += self._closing
            done = self._on_closing_job_done if self._closing else None
            self.tasks.run(DB, self.desk.finalize, pending, on_done=done, on_failed=self.fail)
            return
        self.pending = (pending, item)
        self._grace.start()
        self.pending_changed.emit(pending)
        if self._undo_asked:
            self._undo_asked = False
            self.undo()

    def _on_submit_failed(self, item: Item, exc: BaseException) -> None:
        self._submitting.remove(item)
        self._undo_asked = False
        self.drafts[item.uid] = item.draft
        if isinstance(exc, LeaseLost):
            self.problem.emit(
                f"Not saved: {item.details.external_ref} went back to the queue (its lease ran "
                "out). Your answers are kept and come back if you get it again."
            )
        elif not self._closing:
            self.drafts.pop(item.uid)
            self._present_again(item)
            self.fail(exc, "Your decision was not saved; your answers are kept. ")
        self._maybe_closed()

    def undo(self) -> None:
        if self._submitting:
            self._undo_asked = True  # the submit is still on its way: undo when it lands
            return
        if self.pending is None:
            self.notice.emit("Nothing to undo")
            return
        pending, item = self.pending
        self._grace.stop()
        self.pending = None
        self.pending_changed.emit(None)
        self.tasks.run(
            DB,
            self.desk.undo,
            pending,
            on_done=lambda lease: self._on_undone(lease, item),
            on_failed=self._on_undo_failed,
        )

    def _on_undone(self, lease: Lease, item: Item) -> None:
        item.lease = lease
        self._present_again(item)
        self.notice.emit("Decision undone: the report is back, with your answers")

    def _on_undo_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UndoTooLate):
            self.notice.emit("Too late to undo: that decision is final")
        else:
            self.fail(exc)

    def _finalize(self) -> None:
        if self.pending is None:
            return
        pending, _item = self.pending
        self._grace.stop()
        self.pending = None
        self.pending_changed.emit(None)
        self.tasks.run(DB, self.desk.finalize, pending, on_failed=self.fail)

    def skip(self) -> None:
        item = self.current
        if item is not None:
            self.advance()
            self.tasks.run(DB, self.review.skip, item.lease, "", on_failed=self._quiet_lease)

    def escalate(self, reason: str) -> None:
        item = self.current
        if item is None:
            return
        self.advance()
        self.tasks.run(
            DB,
            self.review.escalate,
            item.lease,
            reason,
            on_done=lambda _q: self.notice.emit(f"{item.details.external_ref} escalated"),
            on_failed=lambda exc: self._on_escalate_failed(exc, item),
        )

    def _on_escalate_failed(self, exc: BaseException, item: Item) -> None:
        if isinstance(exc, LeaseLost):
            self._quiet_lease(exc)
            return
        self._present_again(item)
        self.fail(exc, "Not escalated: ")

    def pause(self, reason: str) -> None:
        """Stop claiming and give back every claimed report (answers kept for later)."""
        self.paused = True
        held = [i for i in (self.current, *self.ahead) if i is not None]
        self.current, self.ahead = None, deque()
        for item in held:
            self._give_back(item, reason)
        self.presented.emit(None)

    def resume(self) -> None:
        self.paused = False
        self.check_now()

    def release_ahead(self, reason: str) -> None:
        """Give back the reports claimed ahead (a daily cap: the next claims differ)."""
        held, self.ahead = list(self.ahead), deque()
        for item in held:
            self._give_back(item, reason)
        self._empty = False

    def _give_back(self, item: Item, reason: str) -> None:
        self.drafts[item.uid] = item.draft
        self.tasks.run(DB, self.review.release, item.lease, reason, on_failed=self._quiet_lease)

    def shutdown(self) -> None:
        """Make pending decisions final and give back every claimed report; then `closed`.

        Reports still being prepared are given back as they arrive; `closed` waits for them.
        """
        self._closing = True
        for timer in (self._renew, self._poll, self._grace, self._retry):
            timer.stop()
        self._finalize()
        held = [i for i in (self.current, *self.ahead) if i is not None]
        self.current, self.ahead = None, deque()
        for item in held:
            self._release_on_close(item)
        self._closing_jobs += 1  # runs after everything queued before it on the DB lane
        self.tasks.run(DB, lambda: None, on_done=self._on_closing_job_done)

    def _release_on_close(self, item: Item) -> None:
        self._closing_jobs += 1
        self.tasks.run(
            DB,
            self.review.release,
            item.lease,
            "window closed",
            on_done=self._on_closing_job_done,
            on_failed=self._on_release_failed,
        )

    def _on_release_failed(self, exc: BaseException) -> None:
        # Not given back now, it returns to the queue when its lease runs out.
        log.info("report not released on close: %s", exc)
        self._on_closing_job_done(None)

    def _on_closing_job_done(self, _result: object) -> None:
        self._closing_jobs -= 1
        self._maybe_closed()

    def _maybe_closed(self) -> None:
        busy = self._closing_jobs or self._preparing or self._submitting
        if self._closing and not busy and not self._done:
            self._done = True
            self.closed.emit()

    # --- leases and problems -------------------------------------------------------------------

    def _on_renew_timeout(self) -> None:
        for item in [i for i in (self.current, *self.ahead) if i is not None]:
            self.tasks.run(
                DB,
                self.review.renew,
                item.lease,
                on_done=partial(self._on_renewed, item),
                on_failed=partial(self._on_renew_failed, item),
            )

    def _on_renewed(self, item: Item, lease: Lease) -> None:
        item.lease = lease

    def _on_renew_failed(self, item: Item, exc: BaseException) -> None:
        if not isinstance(exc, LeaseLost):
            self.fail(exc)
            return
        if item in self.ahead:
            self.ahead.remove(item)  # never shown: nothing to tell
            self.fill()
        elif item is self.current:
            self.drafts[item.uid] = item.draft
            self.problem.emit(
                f"{item.details.external_ref} went back to the queue (its lease ran out). "
                "Your answers are kept and come back if you get it again."
            )
            self.advance()

    def _on_poll_timeout(self) -> None:
        self.check_now()

    def _on_retry_timeout(self) -> None:
        self.fill()

    def _on_grace_timeout(self) -> None:
        self._finalize()

    def _quiet_lease(self, exc: BaseException) -> None:
        if not isinstance(exc, LeaseLost):
            self.fail(exc)

    def fail(self, exc: BaseException, prefix: str = "") -> None:
        """Environment problems are shown in place and retried; anything else is a bug."""
        if isinstance(exc, DatabaseUnavailable):
            self.problem.emit(f"{prefix}{exc} Retrying every {self.timings.retry_ms // 1000} s.")
            self._empty = False
            self._retry.start()
        elif isinstance(exc, ModeratorError):
            self.problem.emit(f"{prefix}{exc}")
        else:
            raise exc
