"""Small read-only questions the window asks, each one short transaction on a worker thread:
queue ids by name, the team's exposure and breaks, the dashboard's figures, a reviewer's
training gating. The window never opens a database session itself; these are the calls a
team server's client answers instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from moderator.domain.rows import BreakRow, ExposureRow
from moderator.services import metrics
from moderator.services.training import Gating, gating
from moderator.services.workspace import Workspace
from moderator.store import wellbeing
from moderator.store.models import AuditEvent
from moderator.store.reports import (
    ReportRow,
    counts_by_queue_and_state,
    list_reports,
    queues_by_name,
)


def queue_ids(workspace: Workspace) -> dict[str, int]:
    """Every queue's id by its name."""
    with workspace.transaction() as session:
        return {name: q.id for name, q in queues_by_name(session).items()}


def has_decision(workspace: Workspace) -> bool:
    """Whether the journal holds any decision yet."""
    with workspace.transaction() as session:
        found = session.scalar(select(AuditEvent.id).where(AuditEvent.kind == "decide").limit(1))
    return found is not None


def team_exposure(workspace: Workspace, days: int) -> tuple[list[ExposureRow], list[BreakRow]]:
    """Exposure and breaks of everyone over the last `days` days (supervisors' view)."""
    end = workspace.now().astimezone(UTC)
    start = end - timedelta(days=days)
    return exposure_between(workspace, start, end)


def exposure_between(
    workspace: Workspace, start: datetime, end: datetime
) -> tuple[list[ExposureRow], list[BreakRow]]:
    with workspace.transaction() as session:
        exposure = wellbeing.exposure_rows(session, start, end)
        return exposure, wellbeing.break_rows(session, start, end)


def dashboard(workspace: Workspace, days: int, tz: str) -> metrics.Snapshot:
    """The QA dashboard's metrics over the last `days` local days."""
    start, end = metrics.last_days(workspace.now(), days, tz)
    with workspace.transaction() as session:
        return metrics.gather(session, start, end, tz, at=workspace.now())


def training_gating(workspace: Workspace, username: str) -> Gating:
    """The reviewer's training gating now."""
    with workspace.transaction() as session:
        return gating(session, username, workspace.now())


@dataclass(frozen=True)
class TrainingLookup:
    """One reviewer's training gating (services.interfaces.Training) from the workspace."""

    workspace: Workspace
    username: str

    def gating(self) -> Gating:
        return training_gating(self.workspace, self.username)


def queue_counts(workspace: Workspace) -> dict[str, dict[str, int]]:
    """Reports per queue and state (`moderator queue status`)."""
    with workspace.transaction() as session:
        return counts_by_queue_and_state(session)


def report_list(
    workspace: Workspace, *, queue: str | None, state: str | None, limit: int, offset: int
) -> list[ReportRow]:
    """A page of reports, newest first (`moderator queue list`)."""
    with workspace.transaction() as session:
        return list_reports(session, queue=queue, state=state, limit=limit, offset=offset)
