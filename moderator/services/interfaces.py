"""The service interfaces the review window calls, and the plain rows they pass.

The window depends on these Protocols only. In single-seat mode the services of this package
implement them over the local workspace (`services.desktop.local_desktop`); in team mode
`moderator.remote` implements them over the team server's API. Every method may block (on a
database, the network or a decoder) and is called from a worker thread, never the GUI thread,
except where a docstring says "in memory".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from moderator.domain.clock import Clock
from moderator.domain.errors import LeaseLost
from moderator.domain.policy import Policy
from moderator.domain.rows import DecisionInput, Exposure, Lease, ReviewerRef
from moderator.media.types import MediaError, Rendered, RenderRequest
from moderator.services.exposure import RevealKind
from moderator.services.grouping import Member
from moderator.services.pending import Pending, UndoTooLate
from moderator.services.review_view import MatchRow, MediaRef, ReportDetails
from moderator.services.sync import SyncResult
from moderator.services.training import Gating, QueueBlock, TrainingStatusRow
from moderator.services.wellbeing import OnBreak, Start
from moderator.store.wellbeing import OpenBreak

if TYPE_CHECKING:
    from moderator.services.supervision import Supervision
    from moderator.services.workspace import Workspace

__all__ = [
    "Decoder",
    "Desk",
    "Desktop",
    "Exposure",
    "ExposureAudit",
    "Gating",
    "Group",
    "Lease",
    "LeaseLost",
    "MatchRow",
    "MediaRef",
    "Member",
    "MediaSource",
    "OnBreak",
    "OpenBreak",
    "Pending",
    "QueueBlock",
    "ReportDetails",
    "Review",
    "RevealKind",
    "Start",
    "Sync",
    "SyncResult",
    "Training",
    "TrainingStatusRow",
    "UndoTooLate",
    "WellbeingRecords",
]


class Review(Protocol):
    """The reports of one signed-in reviewer: claim ahead, hold, give back, look up."""

    reviewer: ReviewerRef
    # Set by the window's wellbeing rules: False once today's exposure cap is reached, so that
    # only reports without images or video are claimed next.
    visual_allowed: bool

    def claim(self, queue_ids: list[int] | None = None) -> Lease | None: ...
    def renew(self, lease: Lease) -> Lease: ...
    def release(self, lease: Lease, reason: str = "") -> None: ...
    def skip(self, lease: Lease, reason: str = "") -> None: ...
    def escalate(self, lease: Lease, reason: str) -> int: ...

    def load(self, lease: Lease) -> tuple[ReportDetails, Policy | None, str]:
        """What the window shows of a claimed report (fields, media, hash matches) and the
        policy version it is decided under, or None and why that policy cannot be used."""
        ...

    def waiting(self, queue_id: int) -> int:
        """Reports waiting in a queue (-1: not known)."""
        ...

    def policies(self) -> list[Policy]:
        """Policies to build decision forms for ahead of the first report (may be empty)."""
        ...


class Desk(Protocol):
    """Submitted decisions: undoable for `grace`, then final; nothing submitted is lost."""

    grace: timedelta

    def submit(self, lease: Lease, decision: DecisionInput) -> Pending:
        """Keep the decision (durably) as pending; LeaseLost if the report is not ours."""
        ...

    def undo(self, item: Pending) -> Lease:
        """Take the decision back; UndoTooLate once it is final."""
        ...

    def finalize(self, item: Pending) -> str | None: ...

    def finalize_all(self) -> list[str]:
        """Make final what an earlier run left pending (and send what it left unsent)."""
        ...

    def outstanding(self) -> list[Pending]: ...

    def sent(self, item: Pending) -> bool:
        """In memory: whether the record holds the decision yet (False: waiting to be sent)."""
        ...


class Group(Protocol):
    """Equal and near copies of the claimed report waiting in its queue, decided with it."""

    def members(self, lease: Lease) -> list[Member]:
        """The claimed report's group, nearest first, each with its matched media item (never
        a gold copy or a second review; none for a claimed gold copy or second review)."""
        ...

    def submit(self, lease: Lease, decision: DecisionInput, member_uids: Sequence[str]) -> Pending:
        """Keep a group decision as pending, like `Desk.submit`: undone and finalized by the
        desk as one; the members are decided when it is final. LeaseLost as there."""
        ...


class ExposureAudit(Protocol):
    """The audit of what the reviewer saw: views, reveals with their length, look changes."""

    def viewed(self, report_uid: str, *, media: int, blur: int, grayscale: bool) -> None: ...

    def revealed(
        self, report_uid: str, kind: RevealKind, seconds: float, *, media: int, ended_by: str
    ) -> None: ...

    def settings_changed(self, report_uid: str | None, **values: Any) -> None: ...


class WellbeingRecords(Protocol):
    """The reviewer's own wellbeing records: the day's standing, exposure, breaks, check-ins."""

    session_uid: str

    def start(self, queue_ids: list[int] | None) -> Start: ...
    def record_exposure(self, exposure: Exposure) -> None: ...

    def break_started(
        self, reason: str, ends_at: datetime, hard: bool, uid: str | None = None
    ) -> str: ...

    def break_ended(self, uid: str, *, skipped_because: str = "") -> None: ...
    def checked_in(self, report_uid: str | None, severity: str, score: int | None) -> None: ...


class Training(Protocol):
    """What the window says about the reviewer's training (gating and expiry)."""

    def gating(self) -> Gating: ...


class Sync(Protocol):
    """Sends what this desk recorded to the record: one push per call, never raises for an
    unreachable target (the result says so)."""

    def push(self) -> SyncResult: ...
    def close(self) -> None: ...


class Decoder(Protocol):
    """The sandboxed decoder pool (MediaPool), or a stand-in in tests."""

    def render(self, req: RenderRequest) -> Rendered | MediaError: ...


class MediaSource(Protocol):
    """Renders one media item of a claimed report; `req` says size and look. A local file
    (single seat) or bytes fetched from the server into memory (team); never a temp file."""

    def render_media(self, media: MediaRef, req: RenderRequest) -> Rendered | MediaError: ...


@dataclass
class Desktop:
    """Everything the review window calls, for one signed-in person, in either mode."""

    reviewer: ReviewerRef
    profile: str
    review: Review
    desk: Desk
    exposure: ExposureAudit
    wellbeing: WellbeingRecords
    training: Training
    make_sync: Callable[[], Sync]
    media: MediaSource
    clock: Clock
    # The local workspace, for the supervisor tools; None in team mode (the server's API is
    # the reviewer's only).
    workspace: Workspace | None = None
    team: bool = False
    # The supervisor tools' services in team mode (None: a reviewer, or single seat, where
    # they are made from `workspace`).
    supervision: Supervision | None = None
    close: Callable[[], None] = field(default=lambda: None)
    # Deciding equal and near copies as a group; None: this desk cannot (no group is shown).
    group: Group | None = None
