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
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from moderator.domain.errors import DatabaseUnavailable, ModeratorError
from moderator.domain.wellbeing_profile import LookRule
from moderator.media.types import BlurLevel
from moderator.services.interfaces import Desk, Group, MediaSource, Member, Pending, Review
from moderator.ui.common.i18n import translate
from moderator.ui.common.images import Look, Preview, render_preview
from moderator.ui.common.tasks import DB, MEDIA, Tasks
from moderator.ui.review.checklist import Draft
from moderator.ui.review.decide import DecideMixin
from moderator.ui.review.group import MEMBER_LOOK, THUMB
from moderator.ui.review.items import Claimed, Item, Timings, claim_and_load
from moderator.ui.review.leases import LeaseMixin

log = logging.getLogger(__name__)


class ReviewSession(DecideMixin, LeaseMixin, QObject):
    presented = Signal(object)  # Item, or None when there is nothing to show
    pending_changed = Signal(object)  # the undoable Pending, or None
    problem = Signal(str)  # an environment problem to show in place ("" when it is over)
    notice = Signal(str)  # a calm one-line status message
    waiting_changed = Signal(int)  # reports waiting in the current report's queue
    group_changed = Signal(object)  # the Item whose group's members were looked up
    member_rendered = Signal(object, str)  # the Item, and which member's thumbnail came
    closed = Signal()

    def __init__(
        self,
        review: Review,
        desk: Desk,
        media: MediaSource,
        tasks: Tasks,
        box: Callable[[], tuple[int, int]],
        timings: Timings | None = None,
        queue_ids: list[int] | None = None,
        parent: QObject | None = None,
        group: Group | None = None,
    ) -> None:
        super().__init__(parent)
        self.review, self.desk, self.group = review, desk, group
        self.media, self.tasks, self.box = media, tasks, box
        self.timings = timings or Timings()
        self.queue_ids = queue_ids  # None: every queue the reviewer may work
        self.looks: dict[int, LookRule] = {}  # queue id -> how its reports open (wellbeing)
        self.current: Item | None = None
        self.ahead: deque[Item] = deque()
        # Claimed and rendering, in the claim's order (the queue's: SLA, priority, age). A
        # report whose preview is ready waits here for those claimed before it, so a slow
        # render never lets a later report jump ahead of an earlier one.
        self.arriving: deque[Item] = deque()
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
        self._grace_ms = int(desk.grace.total_seconds() * 1000)
        self._grace = self._timer(self._grace_ms, self._on_grace_timeout)
        # The undo window is a promise to the reviewer: exact, not a coarse timer's +5%.
        self._grace.setTimerType(Qt.TimerType.PreciseTimer)
        self._grace_held = False  # the undo clock stands still (a check-in covers the window)
        self._grace_left_ms: int | None = None  # what is left of it meanwhile
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
            self.notice.emit(
                translate("review", "1 decision from the last session was recorded")
                if len(finalized) == 1
                else translate(
                    "review", "{count} decisions from the last session were recorded"
                ).format(count=len(finalized))
            )
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
        self.arriving.append(item)
        media = item.details.media
        item.rule = self.looks.get(item.lease.queue_id, LookRule())
        item.look = Look(BlurLevel(item.rule.blur), item.rule.grayscale)
        if not media:
            self._on_rendered(item, None)
            return
        self.tasks.run(
            MEDIA,
            render_preview,
            self.media,
            media[0],
            self.box(),
            item.look,
            on_done=lambda preview: self._on_rendered(item, preview),
            on_failed=lambda exc: self._on_render_failed(item, exc),
        )

    def _on_rendered(self, item: Item, preview: Preview | None) -> None:
        item.preview, item.ready = preview, True
        topped = False
        while self.arriving and self.arriving[0].ready:  # in the claim's order
            ready = self.arriving.popleft()
            self._preparing -= 1
            if self._closing:
                self._release_on_close(ready)
            elif self.paused or ready.give_back:
                self._give_back(ready, ready.give_back or "paused")
                topped = not self.paused
            else:
                self.ahead.append(ready)
        if self.current is None and self.ahead:  # a pause or a close empties `ahead`
            self.advance()
        elif topped:
            self.fill()  # claimed under the cap's rules instead

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
            self.review.waiting,
            item.lease.queue_id,
            on_done=self.waiting_changed.emit,
            on_failed=self.fail,
        )
        if self.group is not None:  # looked up as it is shown: the queue moves meanwhile
            self.tasks.run(
                DB,
                self.group.members,
                item.lease,
                on_done=lambda members: self._on_members(item, members),
                on_failed=self._on_members_failed,
            )

    # --- the group: members shown blurred, never viewed -----------------------------------------

    def _on_members(self, item: Item, members: list[Member]) -> None:
        item.members = members
        known = {m.report_uid for m in members}
        item.taken_out &= known
        self.group_changed.emit(item)
        # One render per file: equal copies (the same SHA-256) share their tile's pixels, so a
        # picture reported fifty times costs one decode, not fifty, on the lanes the next
        # report's preview needs.
        same_file: dict[str, list[Member]] = {}
        for member in members:
            if member.media is None or member.report_uid in item.member_previews:
                continue
            key = member.media.sha256 or member.report_uid
            same_file.setdefault(key, []).append(member)
        for sharing in same_file.values():
            media = sharing[0].media
            assert media is not None
            self.tasks.run(
                MEDIA,
                render_preview,  # the preview's own path: sandboxed, blurred, in memory
                self.media,
                media,
                THUMB,
                MEMBER_LOOK,
                on_done=partial(self._on_member_rendered, item, [m.report_uid for m in sharing]),
                on_failed=lambda exc: log.error("rendering a member failed", exc_info=exc),
            )

    def _on_member_rendered(self, item: Item, report_uids: list[str], preview: Preview) -> None:
        for report_uid in report_uids:
            item.member_previews[report_uid] = preview
            self.member_rendered.emit(item, report_uid)

    def _on_members_failed(self, exc: BaseException) -> None:
        # The group is a help, not the report: review goes on without it.
        if not isinstance(exc, ModeratorError):
            raise exc
        self.notice.emit(
            translate("review", "Similar reports could not be looked up: {problem}").format(
                problem=exc
            )
        )

    def _present_again(self, item: Item) -> None:
        """Bring a report back in front (undo, failed submit), keeping the one shown ahead."""
        if self.current is not None and self.current is not item:
            self.ahead.appendleft(self.current)
        self.current = item
        item.shown_at = item.shown_at or time.monotonic()
        self.presented.emit(item)

    def _on_poll_timeout(self) -> None:
        self.check_now()

    def _on_retry_timeout(self) -> None:
        self.fill()

    def fail(self, exc: BaseException, prefix: str = "") -> None:
        """Environment problems are shown in place and retried; anything else is a bug."""
        if isinstance(exc, DatabaseUnavailable):
            self.problem.emit(
                prefix
                + translate("review", "{problem} Retrying every {seconds} s.").format(
                    problem=exc, seconds=self.timings.retry_ms // 1000
                )
            )
            self._empty = False
            self._retry.start()
        elif isinstance(exc, ModeratorError):
            self.problem.emit(f"{prefix}{exc}")
        else:
            raise exc
