"""The figures of the compliance report, as plain frozen rows (built by `report.build`, written
by `csv_tables` and `html_report`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from moderator.domain.metrics import Proportion
from moderator.services import metrics


@dataclass(frozen=True, slots=True)
class QueueSummary:
    """Reports of one queue (or "all"): received in the period, first decided in the period."""

    queue: str
    received: int
    handled: int
    median_hours: float | None
    p90_hours: float | None
    sla_met: Proportion


@dataclass(frozen=True, slots=True)
class AuditStatus:
    chains: int
    events: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    first_day: date
    end_day: date  # exclusive
    tz: str
    generated_at: datetime
    source: str
    totals: QueueSummary
    queues: list[QueueSummary]
    outcomes: list[tuple[str, int]]
    snapshot: metrics.Snapshot
    audit: AuditStatus | None
    # outcome code -> language -> the label its policies give it (" / " between differing ones)
    outcome_labels: dict[str, dict[str, str]] = field(default_factory=dict)
