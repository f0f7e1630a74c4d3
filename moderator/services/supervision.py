"""The service interfaces the supervisor tools call, and their single-seat implementations.

The Tools-menu windows depend on these Protocols only (like the review window on
`services.interfaces`). In single-seat mode the classes here answer them from the workspace;
in team mode `moderator.remote.supervision` answers them over the team server's API, which
checks the supervisor's role on every call. Every method may block and is called from a
worker thread, never the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from moderator.domain.rows import (
    BreakRow,
    CourseInput,
    CourseRow,
    ExposureRow,
    RecordInput,
    ReviewerRef,
)
from moderator.services.console import Column, EventDetails, EventFilter, EventRow
from moderator.services.console_export import ExportResult, Format
from moderator.services.metrics import Snapshot
from moderator.services.quality import CaseMedia, DecidedReport, Disagreement, GoldItemRow, QueueQa
from moderator.services.training import AdminRow
from moderator.services.training_csv import ImportResult

if TYPE_CHECKING:
    from datetime import tzinfo

    from moderator.domain.policy import Policy
    from moderator.domain.rows import Exposure
    from moderator.domain.wellbeing_profile import LookRule
    from moderator.services.admin_tools import AdminTools, LifecycleTools
    from moderator.services.interfaces import ExposureAudit, MediaSource
    from moderator.services.workspace import Workspace
    from moderator.store.verification import WorkstationStatus

__all__ = [
    "AdjudicationTools",
    "Adjudications",
    "CaseWellbeing",
    "ConsoleService",
    "GoldItems",
    "LocalFigures",
    "Supervision",
    "TeamFigures",
    "TrainingRecords",
    "local_supervision",
]


class ConsoleService(Protocol):
    """The central audit log as the console reads it (services.audit_console.AuditConsole)."""

    @property
    def is_open(self) -> bool: ...

    def open(self) -> None:
        """Connect; raises when the record cannot be reached."""
        ...

    def first(self, f: EventFilter, limit: int) -> tuple[int, list[EventRow]]:
        """(how many events match, the newest `limit` of them)."""
        ...

    def page(
        self,
        f: EventFilter,
        offset: int,
        limit: int,
        after: tuple[datetime, int] | None,
        before: tuple[datetime, int] | None,
    ) -> list[EventRow]:
        """A page by keyset (older than `after`, newer than `before`) or else by offset."""
        ...

    def details(self, uid: str) -> EventDetails | None: ...
    def choices(self) -> dict[Column, list[str]]: ...
    def outcome_labels(self, codes: list[str]) -> list[tuple[str, str]]: ...
    def verify(self) -> list[WorkstationStatus]: ...
    def workstation_names(self, uids: Iterable[str]) -> dict[str, str]: ...

    def export(
        self,
        f: EventFilter,
        path: Path,
        fmt: Format,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ExportResult:
        """Write the filtered events to `path` (whole, or not at all) and record the export."""
        ...

    def close(self) -> None: ...


class TeamFigures(Protocol):
    """The team's figures: exposure and breaks, the QA dashboard, the compliance report."""

    def now(self) -> datetime:
        """The record's time (the server's in team mode)."""
        ...

    def team_exposure(self, days: int) -> tuple[list[ExposureRow], list[BreakRow]]: ...
    def dashboard(self, days: int, tz: str) -> Snapshot: ...

    def compliance(self, first: date, end: date, tz: str, out: Path) -> list[Path]:
        """Build the compliance report of [first, end) and write its files into `out`."""
        ...


class TrainingRecords(Protocol):
    """The training catalogue and records as a supervisor changes them
    (services.training.TrainingAdmin). Changes are recorded as the supervisor's."""

    def now(self) -> datetime: ...
    def courses(self) -> list[CourseRow]: ...
    def rows(self) -> list[AdminRow]: ...

    def choices(self) -> tuple[list[str], list[str], list[str]]:
        """Reviewer usernames, course codes and queue names, for the dialogs."""
        ...

    def save_course(self, course: CourseInput) -> str: ...
    def delete_course(self, code: str) -> None: ...
    def add_record(self, rec: RecordInput) -> str: ...
    def update_record(self, record_id: int, rec: RecordInput) -> None: ...
    def delete_record(self, record_id: int) -> None: ...
    def import_csv(self, path: Path, tz: tzinfo | None = None) -> ImportResult: ...


class GoldItems(Protocol):
    """Gold items and the queues' QA rates (services.quality.QualityService's part for them)."""

    def decided_reports(self, limit: int = 200) -> list[DecidedReport]: ...
    def gold_items(self, *, include_retired: bool = False) -> list[GoldItemRow]: ...
    def mark_gold(self, report: str, outcome: str, note: str = "") -> GoldItemRow: ...
    def retire_gold(self, gold: str) -> GoldItemRow: ...
    def settings(self) -> list[QueueQa]: ...

    def set_settings(
        self, queue: str, *, gold_rate: float | None = None, second_review: float | None = None
    ) -> QueueQa: ...


class Adjudications(Protocol):
    """Disagreements and their final outcome (services.quality.QualityService's part for
    them): the adjudication window's calls. `username` is the signed-in supervisor."""

    username: str

    def disagreements(self, *, include_adjudicated: bool = False) -> list[Disagreement]: ...

    def policies_of(self, cases: list[Disagreement]) -> dict[str, Policy]:
        """The policy each case was decided under, by its `policy_hash`."""
        ...

    def case_media(self, report_uid: str) -> CaseMedia:
        """A disagreement's media (NotFound for any other report)."""
        ...

    def adjudicate(self, report_uid: str, outcome: str, note: str = "") -> str: ...


class CaseWellbeing(Protocol):
    """What the adjudication window's media panel needs of the supervisor's wellbeing."""

    @property
    def session_uid(self) -> str: ...

    def looks(self) -> dict[int, LookRule]:
        """Per queue id, how its media opens for the signed-in person."""
        ...

    def record_exposure(self, exposure: Exposure) -> None: ...


@dataclass(frozen=True)
class AdjudicationTools:
    """The adjudication window's services: the cases, and for their media (blurred; a held
    reveal is exposure) the supervisor's wellbeing, audit of what was seen, and media."""

    cases: Adjudications
    wellbeing: CaseWellbeing
    exposure: ExposureAudit
    media: MediaSource | None


@dataclass(frozen=True)
class LocalFigures:
    """TeamFigures from a workspace (single seat, or a supervisor's own database login)."""

    workspace: Workspace

    def now(self) -> datetime:
        return self.workspace.now()

    def team_exposure(self, days: int) -> tuple[list[ExposureRow], list[BreakRow]]:
        from moderator.services.lookups import team_exposure

        return team_exposure(self.workspace, days)

    def dashboard(self, days: int, tz: str) -> Snapshot:
        from moderator.services.lookups import dashboard

        return dashboard(self.workspace, days, tz)

    def compliance(self, first: date, end: date, tz: str, out: Path) -> list[Path]:
        from moderator.services.compliance import report

        return report.write(report.build(self.workspace, first, end, tz), out)


@dataclass(frozen=True)
class Supervision:
    """Everything the supervisor tools call, for one signed-in supervisor, in either mode.

    `workspace` is the local one, for the tools not yet served by the team server (None in
    team mode: those tools say so instead of opening)."""

    console: Callable[[], ConsoleService]
    figures: TeamFigures
    training: TrainingRecords
    gold: GoldItems
    workspace: Workspace | None = None
    team: bool = False
    admin: AdminTools | None = None  # the Admin window's (None: it cannot open)
    lifecycle: LifecycleTools | None = None  # the "Actions and notices" window's
    adjudication: AdjudicationTools | None = None  # team mode (single seat: from `workspace`)


def local_supervision(workspace: Workspace, supervisor: ReviewerRef) -> Supervision:
    from moderator.services.admin import Admin
    from moderator.services.audit_console import AuditConsole
    from moderator.services.lifecycle import Lifecycle
    from moderator.services.quality import QualityService
    from moderator.services.training import TrainingAdmin

    return Supervision(
        console=lambda: AuditConsole(workspace, supervisor),
        figures=LocalFigures(workspace),
        training=TrainingAdmin(workspace, supervisor.username),
        gold=QualityService(workspace, supervisor.username),
        workspace=workspace,
        admin=Admin(workspace, supervisor.username),
        lifecycle=Lifecycle(workspace, supervisor.username),
    )
