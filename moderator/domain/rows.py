"""Plain rows shared by the store, the services, the window and (in team mode) the server and
its client: frozen dataclasses with no database, Qt or I/O behind them.

The store builds them from its queries; everything above passes them on unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from moderator.domain.reports import Role

# --- queue --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewerRef:
    id: int
    username: str
    role: Role


@dataclass(frozen=True, slots=True)
class Lease:
    report_id: int
    report_uid: str
    queue_id: int
    review_round: int
    token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class DecisionInput:
    policy_id: str
    policy_version: str
    policy_hash: str
    outcome: str
    answers: dict[str, Any]
    notes: str = ""
    seconds_on_item: float = 0.0
    seconds_exposed: float = 0.0  # sharp seconds on screen (wellbeing's measure)
    seconds_blurred: float = 0.0  # blurred seconds on screen, kept apart
    severity: str = ""  # the wellbeing severity name of the report (see domain.wellbeing)
    category: str = ""


# --- details ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchRow:
    """Another report that holds the same media (by SHA-256) or a perceptually equal one (PDQ).

    Never its state or outcome: the window cannot tell a reviewer which reports are served
    blind (gold copies, second reviews), so it tells nobody how the others were decided.
    """

    position: int  # which of this report's media items matched
    how: str  # "sha256" | "pdq"
    report_uid: str
    external_ref: str
    queue: str


# --- adjudication -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewSide:
    reviewer: str
    outcome: str
    answers: str  # canonical JSON of the checklist answers
    notes: str
    decided_at: datetime


# --- wellbeing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExposureRow:
    reviewer: str
    day: date
    severity: str
    category: str
    seconds_revealed: float
    seconds_blurred: float
    items: int


@dataclass(frozen=True, slots=True)
class BreakRow:
    reviewer: str
    day: date
    due: int  # breaks that fell due
    taken: int  # ... and were taken to the end
    skipped: int  # ... and were skipped (soft profiles only, with a reason)
    stopped: int  # "I need to stop" answers at a check-in


@dataclass(frozen=True, slots=True)
class Exposure:
    """What one report cost one reviewer, written when it leaves the screen."""

    report_uid: str
    review_round: int
    session_uid: str
    severity: str
    category: str
    seconds_revealed: float
    seconds_blurred: float
    ended_by: str


# --- training -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CourseInput:
    code: str
    title: str
    validity_days: int
    queues: tuple[str, ...] = ()  # queue names that need the course
    categories: tuple[str, ...] = ()  # report categories whose queues need it


@dataclass(frozen=True, slots=True)
class CourseRow(CourseInput):
    """A course as stored; `queues` includes the queues its categories brought in."""


@dataclass(frozen=True, slots=True)
class RecordInput:
    reviewer: str  # username
    course_code: str
    completed_at: datetime
    expires_at: datetime
    evidence: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class RecordRow(RecordInput):
    id: int = 0
    course_title: str = ""


# --- organisation: people, policies, queues -----------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PolicyRow:
    """A stored version, without its text: safe to hand to the GUI thread."""

    policy_id: str
    version: str
    sha256: str
    title: str
    source: str
    imported_by: str
    imported_at: datetime
    latest: bool = False
    queues: tuple[str, ...] = ()  # the queues whose new decisions use this version


@dataclass(frozen=True, slots=True)
class PolicyText:
    policy_id: str
    version: str
    sha256: str
    body: str

    def data(self) -> bytes:
        return self.body.encode("utf-8")


@dataclass(frozen=True, slots=True)
class QueueSpec:
    """A queue's definition as given to `add` (`edit` takes the fields that change)."""

    name: str
    policy_id: str
    policy_version: str
    title: str = ""
    sla_hours: int = 24
    escalate_to: str | None = None
    requires: tuple[str, ...] = ()  # course codes
    min_role: Role = Role.REVIEWER
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QueueRow(QueueSpec):
    id: int = 0
    wellbeing: str = ""  # the name of its wellbeing profile ("": none set)
    archived_at: datetime | None = None
    reports: int = 0
    open: int = 0  # queued or claimed now
    created_at: datetime | None = None
    notice_days: int | None = None  # reporters' notice deadline (None: no notices)
    retention_days: int | None = None  # content purged this long after the decision

    @property
    def archived(self) -> bool:
        return self.archived_at is not None
