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
    """Another report that holds the same media (by SHA-256) or a perceptually equal one (PDQ)."""

    position: int  # which of this report's media items matched
    how: str  # "sha256" | "pdq"
    report_uid: str
    external_ref: str
    queue: str
    state: str
    outcome: str | None  # the latest decision on that report, if any


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
