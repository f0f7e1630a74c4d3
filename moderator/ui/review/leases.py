"""The review session's leases: renew them while reports are held, give reports back on a pause,
a cap or a close, and tell the window when everything is released. A mixin of `ReviewSession`
(session.py), which owns the state it uses."""

from __future__ import annotations

import logging
from collections import deque
from functools import partial

from moderator.domain.errors import LeaseLost
from moderator.domain.rows import Lease
from moderator.ui.common.i18n import translate
from moderator.ui.common.tasks import DB
from moderator.ui.review.items import Item, SessionParts

log = logging.getLogger(__name__)


class LeaseMixin(SessionParts):
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
        """Give back the reports claimed ahead (a daily cap: the next claims differ), and
        those still rendering as they arrive: none of them is shown."""
        held, self.ahead = list(self.ahead), deque()
        for item in held:
            self._give_back(item, reason)
        for item in self.arriving:
            item.give_back = reason
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

    def _on_renew_timeout(self) -> None:
        held = [i for i in (self.current, *self.ahead) if i is not None]
        if self.pending is not None and self._grace_held:  # its grace stands still: keep it
            held.append(self.pending[1])
        for item in held:
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
                translate(
                    "review",
                    "{ref} went back to the queue (its lease ran out). "
                    "Your answers are kept and come back if you get it again.",
                ).format(ref=item.details.external_ref)
            )
            self.advance()

    def _quiet_lease(self, exc: BaseException) -> None:
        if not isinstance(exc, LeaseLost):
            self.fail(exc)
