"""Submitting a decision with an undo grace period that survives a crash.

Submit writes the decision to `pending_decisions` and stretches the report's lease past the
grace period, in one transaction. Undo deletes it (audited) and the report stays claimed.
Finalize records it in `decisions` through `queue.decide` (audited). The window finalizes when
the grace period ends, before the next submit and on close; after a crash or a kill, the next
start finalizes whatever is left (`finalize_all`), so a submitted decision is never lost.

A group decision (`submit_group`, issue 18) is the same pending row for the claimed report,
naming the members left in the group, each held under its own lease meanwhile (nobody else,
nor this reviewer's next claim, takes one during the grace period): undo takes the whole group
back (the members return to the queue), finalize decides the lead and every held member in one
transaction (`finalize_in`). A member someone else had claimed before the submit is theirs to
review; the group's audit names it as unavailable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.services.bank_feeds import rematch_fed
from moderator.services.grouping import decide_members, hold_members, release_members
from moderator.services.workspace import Workspace
from moderator.store import pending, queue
from moderator.store.journal import Actor
from moderator.store.pending import Pending
from moderator.store.queue import DecisionInput, Lease, ReviewerRef

DEFAULT_GRACE = timedelta(seconds=10)

__all__ = ["DEFAULT_GRACE", "Pending", "PendingDecisions", "UndoTooLate", "finalize_in"]


class UndoTooLate(ModeratorError):
    """The decision became final before the undo arrived."""


def finalize_in(
    session: Session, uid: str, reviewer: ReviewerRef, actor: Actor, now: datetime
) -> str | None:
    """Make one pending decision final in the caller's transaction, a group's members with it;
    the lead's decision uid, or None if it was undone. LeaseLost: the row stays for a retry."""
    taken = pending.remove(session, uid, reviewer)
    if taken is None:
        return None
    lead = queue.decide(session, taken.lease, reviewer, actor, now, taken.decision)
    if taken.group:
        group = json.loads(taken.group)
        decide_members(session, taken.lease, reviewer, actor, now, taken.decision, [lead], group)
    return lead


@dataclass
class PendingDecisions:
    """A reviewer's decisions between submit and final. Safe to call from a worker thread."""

    workspace: Workspace
    reviewer: ReviewerRef
    grace: timedelta = DEFAULT_GRACE
    lease_length: timedelta = queue.DEFAULT_LEASE

    @property
    def _actor(self) -> Actor:
        return self.workspace.actor(self.reviewer.username)

    def submit(self, lease: Lease, decision: DecisionInput) -> Pending:
        """Store the decision as pending; raises LeaseLost if the report is no longer ours."""
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            held = queue.renew(session, lease, now, duration=self.grace + self.lease_length)
            return pending.add(
                session, held, self.reviewer, self._actor, now, decision, now + self.grace
            )

    def submit_group(
        self, lease: Lease, decision: DecisionInput, member_uids: Sequence[str]
    ) -> Pending:
        """Store a group decision as pending: the claimed report's, naming the members left in
        the group (decided with it when it is final). LeaseLost if the report is not ours."""
        now = self.workspace.now()
        until = now + self.grace + self.lease_length
        with self.workspace.transaction() as session:
            held = queue.renew(session, lease, now, duration=self.grace + self.lease_length)
            group = hold_members(session, held, self.reviewer, now, until, member_uids)
            return pending.add(
                session, held, self.reviewer, self._actor, now, decision, now + self.grace,
                group,
            )  # fmt: skip

    def undo(self, item: Pending) -> Lease:
        """Take the decision back; the report stays claimed. Raises UndoTooLate if final."""
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            taken = pending.undo(session, item.uid, self.reviewer, self._actor, now)
            if taken is None:
                raise UndoTooLate("that decision is already final")
            if taken.group:  # the members go back to the queue, the report stays claimed
                group = json.loads(taken.group)
                release_members(session, self._actor, now, group, "group decision undone")
            return queue.renew(session, taken.lease, now, duration=self.lease_length)

    def finalize(self, item: Pending) -> str | None:
        """Make the decision final now; its decision uid, or None if it was undone."""
        with self.workspace.transaction() as session:
            now = self.workspace.now()
            uid = finalize_in(session, item.uid, self.reviewer, self._actor, now)
            rematch_fed(session, self._actor, now)  # a confirmed outcome sent to a bank
            return uid

    def finalize_all(self, *, due_only: bool = False) -> list[str]:
        """Finalize the reviewer's pending decisions (those past their grace if `due_only`).

        Each decision is its own transaction, so one that cannot be finalized (its lease was
        lost) does not hold back the others; it stays pending and the error is raised at the end.
        """
        with self.workspace.transaction() as session:
            due = pending.of_reviewer(
                session, self.reviewer, self.workspace.now() if due_only else None
            )
        done: list[str] = []
        failure: ModeratorError | None = None
        for item in due:
            try:
                uid = self.finalize(item)
            except ModeratorError as exc:
                failure = failure or exc
                continue
            if uid is not None:
                done.append(uid)
        if failure is not None:
            raise failure
        return done

    def sent(self, item: Pending) -> bool:
        """In memory: the workspace is the record here, so a submitted decision is in it."""
        return True

    def outstanding(self) -> list[Pending]:
        with self.workspace.transaction() as session:
            return pending.of_reviewer(session, self.reviewer)
