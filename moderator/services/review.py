"""The reviewer's use cases over the queue, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError, NotEligible
from moderator.domain.policy import Policy
from moderator.services import review_view
from moderator.services.bank_feeds import rematch_fed
from moderator.services.review_view import ReportDetails
from moderator.services.workspace import Workspace
from moderator.store import people, queue
from moderator.store.journal import Actor
from moderator.store.queue import DecisionInput, Lease, ReviewerRef


@dataclass
class ReviewService:
    """What a signed-in reviewer can do to reports. Safe to call from a worker thread."""

    workspace: Workspace
    reviewer: ReviewerRef
    lease_length: timedelta = queue.DEFAULT_LEASE
    # Returning expired leases costs a statement; doing it on every claim buys nothing when a
    # client claims many times a second, so each client sweeps at most this often.
    sweep_every: timedelta = timedelta(seconds=1)
    _last_sweep: datetime | None = field(default=None, init=False, repr=False)

    @property
    def _actor(self) -> Actor:
        return self.workspace.actor(self.reviewer.username)

    def _sweep_due(self, now: datetime) -> bool:
        return self._last_sweep is None or now - self._last_sweep >= self.sweep_every

    def claim(self, queue_ids: list[int] | None = None) -> Lease | None:
        now = self.workspace.now()
        sweep = self._sweep_due(now)
        with self.workspace.transaction() as session:
            lease = self._claim_in(session, now, queue_ids, sweep)
        if sweep:
            self._last_sweep = now
        return lease

    def _claim_in(
        self, session: Session, now: datetime, queue_ids: list[int] | None, sweep: bool
    ) -> Lease | None:
        """The claim inside the caller's transaction. Refusals (a deactivated person) are
        raised before it writes anything."""
        people.hold(session, self.reviewer.id)  # see people.is_active
        lease = queue.claim(
            session,
            self.reviewer,
            self._actor,
            now,
            lease=self.lease_length,
            queue_ids=queue_ids,
            sweep=sweep,
            active_only=True,  # the person's check inside the claim statement
        )
        if lease is None:  # nothing to claim, or nothing for a deactivated person: which?
            guard_active(session, self.reviewer)
        return lease

    def decide_and_claim(
        self, lease: Lease, decision: DecisionInput, queue_ids: list[int] | None = None
    ) -> tuple[str, Lease | None]:
        """Decide `lease` and claim the next report in one transaction (the window claims
        ahead anyway): one commit instead of two. The decision uid and the next lease; None
        when there is nothing to claim or the claim is refused (a plain `claim` says why).
        The decision is recorded either way."""
        now = self.workspace.now()
        sweep = self._sweep_due(now)
        with self.workspace.transaction() as session:
            uid = queue.decide(session, lease, self.reviewer, self._actor, now, decision)
            rematch_fed(session, self._actor, now)  # before the claim: a fed copy is flagged
            try:
                following = self._claim_in(session, now, queue_ids, sweep)
            except ModeratorError:  # raised before the claim wrote anything
                following = None
        if sweep:
            self._last_sweep = now
        return uid, following

    def renew(self, lease: Lease) -> Lease:
        with self.workspace.transaction() as session:
            return queue.renew(session, lease, self.workspace.now(), duration=self.lease_length)

    def release(self, lease: Lease, reason: str = "") -> None:
        with self.workspace.transaction() as session:
            queue.release(session, lease, self._actor, self.workspace.now(), reason)

    def skip(self, lease: Lease, reason: str = "") -> None:
        with self.workspace.transaction() as session:
            queue.skip(
                session, lease, self.reviewer, self._actor, self.workspace.now(), reason=reason
            )

    def escalate(self, lease: Lease, reason: str) -> int:
        with self.workspace.transaction() as session:
            return queue.escalate(session, lease, self._actor, self.workspace.now(), reason)

    # --- what the window shows of a claimed report (services.interfaces.Review) ------------

    def load(self, lease: Lease) -> tuple[ReportDetails, Policy | None, str]:
        return review_view.load_claimed(self.workspace, lease)

    def waiting(self, queue_id: int) -> int:
        return review_view.waiting(self.workspace, queue_id)

    def policies(self) -> list[Policy]:
        return review_view.queue_policies(self.workspace)

    def decide(self, lease: Lease, decision: DecisionInput) -> str:
        with self.workspace.transaction() as session:
            now = self.workspace.now()
            uid = queue.decide(session, lease, self.reviewer, self._actor, now, decision)
            rematch_fed(session, self._actor, now)  # a confirmed outcome sent to a bank
            return uid


def guard_active(session: Session, reviewer: ReviewerRef) -> None:
    """Refuse a claim by a person deactivated since signing in (checked in the claim's own
    transaction: nothing is claimed from the moment a deactivation commits)."""
    if not people.is_active(session, reviewer.id):
        raise NotEligible(f"{reviewer.username} has been deactivated: nothing can be claimed")
