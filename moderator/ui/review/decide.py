"""The review session's decisions: submit with an undo grace period, undo, finalize, skip and
escalate. A mixin of `ReviewSession` (session.py), which owns the state it uses."""

from __future__ import annotations

from functools import partial

from moderator.domain.errors import LeaseLost
from moderator.domain.rows import DecisionInput, Lease
from moderator.services.pending import Pending, UndoTooLate
from moderator.ui.common.i18n import translate
from moderator.ui.common.tasks import DB
from moderator.ui.review.checklist import Draft
from moderator.ui.review.items import Item, SessionParts


class DecideMixin(SessionParts):
    def grace_left(self) -> float:
        """Seconds left to undo the pending decision."""
        if self._grace_left_ms is not None:
            return self._grace_left_ms / 1000
        return self._grace.remainingTime() / 1000 if self._grace.isActive() else 0.0

    def hold_grace(self, held: bool) -> None:
        """Stop the undo clock while the window is covered (a check-in), so the reviewer gets
        the whole grace period to undo once it is gone; start it again from where it was."""
        if held == self._grace_held:
            return
        self._grace_held = held
        if held:
            if self._grace.isActive():
                self._grace_left_ms = max(1, self._grace.remainingTime())
                self._grace.stop()
        elif self._grace_left_ms is not None:
            left, self._grace_left_ms = self._grace_left_ms, None
            if self.pending is not None:
                self._grace.start(left)

    def submit(self, decision: DecisionInput, draft: Draft) -> None:
        """Store the decision (undoable for the grace period) and show the next report now.

        With members left in its group, it is a group decision: the same pending decision,
        naming them, undone as one and finalized with them (`Group.submit`)."""
        item = self.current
        if item is None:
            return
        item.draft = draft
        self._finalize()  # "before the next submit": the earlier decision becomes final
        self._submitting.append(item)
        members = item.in_group
        if members and self.group is not None:
            call = partial(self.group.submit, item.lease, decision, members)
        else:
            call = partial(self.desk.submit, item.lease, decision)
        # Asked before the next claim (the database lane runs in order): a group's members are
        # held for it before that claim could take one of them.
        self.tasks.run(
            DB,
            call,
            on_done=partial(self._on_submitted, item),
            on_failed=partial(self._on_submit_failed, item),
        )
        self.advance()

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
        if self._grace_held:
            self._grace_left_ms = self._grace_ms
        else:
            self._grace.start(self._grace_ms)
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
                translate(
                    "review",
                    "Not saved: {ref} went back to the queue (its lease ran out). "
                    "Your answers are kept and come back if you get it again.",
                ).format(ref=item.details.external_ref)
            )
        elif not self._closing:
            self.drafts.pop(item.uid)
            self._present_again(item)
            self.fail(
                exc,
                translate("review", "Your decision was not saved; your answers are kept.") + " ",
            )
        self._maybe_closed()

    def undo(self) -> None:
        if self._submitting:
            self._undo_asked = True  # the submit is still on its way: undo when it lands
            return
        if self.pending is None:
            self.notice.emit(translate("review", "Nothing to undo"))
            return
        pending, item = self.pending
        self._grace.stop()
        self._grace_left_ms = None
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
        self.notice.emit(
            translate("review", "Decision undone: the report is back, with your answers")
        )

    def _on_undo_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UndoTooLate):
            self.notice.emit(translate("review", "Too late to undo: that decision is final"))
        else:
            self.fail(exc)

    def _finalize(self) -> None:
        if self.pending is None:
            return
        pending, _item = self.pending
        self._grace.stop()
        self._grace_left_ms = None
        self.pending = None
        self.pending_changed.emit(None)
        self.tasks.run(DB, self.desk.finalize, pending, on_failed=self.fail)

    def _on_grace_timeout(self) -> None:
        self._finalize()

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
            on_done=lambda _q: self.notice.emit(
                translate("review", "{ref} escalated").format(ref=item.details.external_ref)
            ),
            on_failed=lambda exc: self._on_escalate_failed(exc, item),
        )

    def _on_escalate_failed(self, exc: BaseException, item: Item) -> None:
        if isinstance(exc, LeaseLost):
            self._quiet_lease(exc)
            return
        self._present_again(item)
        self.fail(exc, translate("review", "Not escalated:") + " ")
