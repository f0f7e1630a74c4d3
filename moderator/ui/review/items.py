"""A claimed report as the window holds it, the loop's timings, and the worker-thread half of
claiming (lease, details, policy)."""

from __future__ import annotations

import contextlib
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance

from moderator.domain.errors import ModeratorError
from moderator.domain.policy import Policy
from moderator.domain.rows import Lease
from moderator.domain.wellbeing_profile import LookRule
from moderator.services.interfaces import Desk, Group, Member, Pending, ReportDetails, Review
from moderator.ui.common.images import Look, Preview
from moderator.ui.common.tasks import Tasks
from moderator.ui.review.checklist import Draft


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
    # How this report is shown: it opens at its queue's look; a change lasts for it only.
    look: Look = field(default_factory=Look)
    rule: LookRule = field(default_factory=LookRule)
    # Its group (equal and near copies waiting in the queue), loaded when it is shown: the
    # members' blurred thumbnails, and those the reviewer took out (reviewed on their own).
    members: list[Member] = field(default_factory=list)
    member_previews: dict[str, Preview] = field(default_factory=dict)
    taken_out: set[str] = field(default_factory=set)
    # Claimed, on its way to being shown: its preview is ready (it then waits for the reports
    # claimed before it), or it is to be given back when it is (why: a cap came meanwhile).
    ready: bool = False
    give_back: str = ""

    @property
    def in_group(self) -> list[str]:
        """The members decided with this report, nearest first."""
        return [m.report_uid for m in self.members if m.report_uid not in self.taken_out]

    @property
    def uid(self) -> str:
        return self.lease.report_uid

    @property
    def seconds_on_item(self) -> float:
        return time.monotonic() - self.shown_at if self.shown_at else 0.0


Claimed = tuple[Lease, ReportDetails, Policy | None, str]


def claim_and_load(review: Review, queue_ids: list[int] | None) -> Claimed | None:
    """Worker-thread half of claiming: the lease, the report and its policy."""
    lease = review.claim(queue_ids)
    if lease is None:
        return None
    try:
        details, policy, problem = review.load(lease)
    except ModeratorError:
        # Claimed but not shown: hand it back rather than hold it until the lease runs out
        # (in team mode the release waits in the outbox if the server went away meanwhile).
        with contextlib.suppress(ModeratorError):
            review.release(lease, "the report could not be loaded")
        raise
    return lease, details, policy, problem


class SessionParts:
    """The base of ReviewSession's mixins (decide.py, leases.py): it declares, for the type
    checker only, the state and methods that ReviewSession owns and the mixins share."""

    if TYPE_CHECKING:  # state and methods that ReviewSession owns
        review: Review
        desk: Desk
        group: Group | None
        tasks: Tasks
        timings: Timings
        current: Item | None
        ahead: deque[Item]
        arriving: deque[Item]
        pending: tuple[Pending, Item] | None
        drafts: dict[str, Draft]
        paused: bool
        _empty: bool
        _preparing: int
        _submitting: list[Item]
        _undo_asked: bool
        _closing: bool
        _closing_jobs: int
        _done: bool
        _renew: QTimer
        _poll: QTimer
        _grace: QTimer
        _grace_held: bool
        _grace_ms: int
        _grace_left_ms: int | None
        _retry: QTimer
        presented: SignalInstance
        pending_changed: SignalInstance
        problem: SignalInstance
        notice: SignalInstance
        closed: SignalInstance

        def advance(self) -> None: ...
        def fill(self) -> None: ...
        def check_now(self) -> None: ...
        def _present_again(self, item: Item) -> None: ...
        def fail(self, exc: BaseException, prefix: str = "") -> None: ...
        def _finalize(self) -> None: ...
        def _maybe_closed(self) -> None: ...
        def _on_closing_job_done(self, _result: object) -> None: ...
        def _quiet_lease(self, exc: BaseException) -> None: ...
