"""The compliance report as CSV tables, one file each, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from moderator.domain.metrics import Interval, Kappa, Proportion
from moderator.services.compliance.format import hours, local_time
from moderator.store.private import open_private

if TYPE_CHECKING:
    from moderator.services.compliance.model import ComplianceReport


def _bounds(ci: Interval | None) -> list[object]:
    return [None, None] if ci is None else [round(ci.low, 4), round(ci.high, 4)]


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _cell(value: object) -> object:
    # A spreadsheet runs a cell that starts with = + - @ as a formula; names are text, keep them so.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    with open_private(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
    return path


QUALITY_HEADER = [
    "decisions", "gold_correct", "gold_n", "gold_accuracy", "gold_ci_low", "gold_ci_high",
    "pairs_n", "observed_agreement", "kappa", "kappa_se", "kappa_ci_low", "kappa_ci_high",
    "kappa_note",
]  # fmt: skip


def _quality(decisions: int, gold: Proportion, k: Kappa) -> list[object]:
    return [
        decisions, gold.successes, gold.n, _r(gold.value), *_bounds(gold.ci),
        k.n, _r(k.observed), _r(k.kappa), _r(k.se), *_bounds(k.ci), k.reason or "",
    ]  # fmt: skip


def write_csv(report: ComplianceReport, out: Path) -> list[Path]:
    """summary, queues, outcomes, reviewers, policies, training and exposure tables."""
    snap, tz, t = report.snapshot, report.tz, report.totals
    summary = [
        ("period_start", report.first_day.isoformat()),
        ("period_end_exclusive", report.end_day.isoformat()),
        ("time_zone", tz),
        ("generated_at", report.generated_at.astimezone(UTC).isoformat()),
        ("data_source", report.source),
        ("reports_received", t.received),
        ("reports_handled", t.handled),
        ("median_hours_to_decision", _r(t.median_hours, 2)),
        ("p90_hours_to_decision", _r(t.p90_hours, 2)),
        ("sla_met", t.sla_met.successes),
        ("sla_met_share", _r(t.sla_met.value)),
        ("gold_accuracy", _r(snap.team_gold.value)),
        ("gold_n", snap.team_gold.n),
        ("kappa", _r(snap.team_agreement.kappa)),
        ("kappa_pairs", snap.team_agreement.n),
        ("exposure_saved_known", snap.saved.known),
        ("exposure_saved_grouped", snap.saved.grouped),
        ("exposure_saved_minutes_estimate", _r(snap.saved.minutes_estimate, 1)),
        (
            "audit_chain",
            "not checked" if report.audit is None else ("intact" if report.audit.ok else "BROKEN"),
        ),  # fmt: skip
        ("audit_events_verified", "" if report.audit is None else report.audit.events),
    ]
    queue_rows = [
        [q.queue, q.received, q.handled, _r(q.median_hours, 2), _r(q.p90_hours, 2),
         q.sla_met.successes, _r(q.sla_met.value)]
        for q in [*report.queues, t]
    ]  # fmt: skip
    reviewer_rows = [
        [r.reviewer, *_quality(r.decisions, r.gold, r.agreement), hours(r.seconds_on_items),
         _r(r.decisions_per_hour, 2), hours(r.seconds_revealed), hours(r.seconds_blurred),
         r.breaks_due, r.breaks_taken, r.breaks_skipped, r.stops, _r(r.break_compliance.value),
         r.training]
        for r in snap.reviewers
    ]  # fmt: skip
    return [
        _write_csv(out / "summary.csv", ["key", "value"], summary),
        _write_csv(
            out / "queues.csv",
            [
                "queue",
                "received",
                "handled",
                "median_hours",
                "p90_hours",
                "sla_met",
                "sla_met_share",
            ],
            queue_rows,
        ),  # fmt: skip
        _write_csv(out / "outcomes.csv", ["outcome", "reports"], report.outcomes),
        _write_csv(
            out / "reviewers.csv",
            [
                "reviewer",
                *QUALITY_HEADER,
                "hours_on_items",
                "decisions_per_hour",
                "exposure_revealed_hours",
                "exposure_blurred_hours",
                "breaks_due",
                "breaks_taken",
                "breaks_skipped",
                "stops",
                "break_compliance",
                "training",
            ],
            reviewer_rows,
        ),  # fmt: skip
        _write_csv(
            out / "policies.csv",
            ["policy", *QUALITY_HEADER],
            [[p.policy_id, *_quality(p.decisions, p.gold, p.agreement)] for p in snap.policies],
        ),
        _write_csv(
            out / "training.csv",
            ["reviewer", "course", "title", "completed", "expires", "state"],
            [
                [
                    t.reviewer,
                    t.course_code,
                    getattr(t, "course_title", ""),
                    local_time(getattr(t, "completed_at", None), tz),
                    local_time(t.expires_at, tz),
                    t.state,
                ]
                for t in snap.training
            ],
        ),  # fmt: skip
        _write_csv(
            out / "actions.csv",
            [
                "by",
                "name",
                "actions",
                "acted",
                "median_hours_to_action",
                "removed_or_blocked",
                "median_hours_to_removal",
                "overdue",
            ],
            [
                [
                    a.dimension,
                    a.key,
                    a.actions,
                    a.acted,
                    _r(a.hours_to_action, 2),
                    a.removals,
                    _r(a.hours_to_removal, 2),
                    a.overdue,
                ]
                for a in snap.actions
            ],
        ),  # fmt: skip
        _write_csv(
            out / "exposure.csv",
            ["reviewer", "day", "severity", "revealed_hours", "blurred_hours", "items"],
            [
                [
                    e.reviewer,
                    e.day.isoformat(),
                    e.severity,
                    hours(e.seconds_revealed),
                    hours(e.seconds_blurred),
                    e.items,
                ]
                for e in snap.exposure
            ],
        ),  # fmt: skip
    ]
