"""The compliance report for an auditor: what came in, how and how fast it was handled, who was
trained for it, how good and how costly the reviewing was, and whether the audit log is intact.

It holds counts, durations, names of staff and course codes: never reporter text, URLs or
media. Written as CSV tables (one file each) and one self-contained HTML page (inline CSS, no
scripts, no external assets, printable).
"""

from __future__ import annotations

import csv
import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from moderator.domain.metrics import Interval, Kappa, Proportion, proportion, quantile
from moderator.services import metrics
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.models import Decision, Queue, Report
from moderator.store.quality import real_reports_filter, review_pairs


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


@dataclass(frozen=True, slots=True)
class _Handled:
    uid: str
    queue: str
    received_at: datetime
    sla_due: datetime
    first_at: datetime
    outcome: str  # of the last review round


def build(
    workspace: Workspace, first_day: date, end_day: date, tz: str, *, verify: bool = True
) -> ComplianceReport:
    """Gather everything for [first_day, end_day) in `tz` in one read transaction."""
    start, end = metrics.period(first_day, end_day, tz)
    with workspace.transaction() as session:
        # Training as it stands at the end, or now for a period that has not ended yet.
        snapshot = metrics.gather(session, start, end, tz, at=min(end, workspace.now()))
        received = _received(session, start, end)
        handled = _handled(session, start, end)
        adjudicated = _adjudicated(session, start, end)
        audit = _audit(session) if verify else None
    names = sorted(set(received) | {h.queue for h in handled})
    queues = [
        _summary(name, received.get(name, 0), [h for h in handled if h.queue == name])
        for name in names
    ]
    totals = _summary("all queues", sum(received.values()), handled)
    # The outcome that stands: a supervisor's adjudication, else the last review round's.
    outcomes = Counter(adjudicated.get(h.uid, h.outcome) for h in handled)
    return ComplianceReport(
        first_day=first_day,
        end_day=end_day,
        tz=tz,
        generated_at=workspace.now(),
        source=describe_source(workspace),
        totals=totals,
        queues=queues,
        outcomes=sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])),
        snapshot=snapshot,
        audit=audit,
    )


def describe_source(workspace: Workspace) -> str:
    url = make_url(workspace.profile.database)
    shown = url.render_as_string(hide_password=True)
    return f"profile {workspace.profile.name!r}: {shown} (workstation {workspace.workstation})"


_REAL = real_reports_filter()  # blind gold copies are not real reports


def _received(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    rows = session.execute(
        select(Queue.name, Report.id)
        .join(Queue, Queue.id == Report.queue_id)
        .where(Report.received_at >= start, Report.received_at < end, _REAL)
    )
    counts: Counter[str] = Counter(name for name, _id in rows)
    return dict(counts)


def _handled(session: Session, start: datetime, end: datetime) -> list[_Handled]:
    """Real reports whose first decision falls in [start, end), with their last outcome."""
    rows = session.execute(
        select(
            Report.uid,
            Queue.name,
            Report.received_at,
            Report.sla_due,
            Decision.review_round,
            Decision.decided_at,
            Decision.outcome,
        )
        .join(Report, Report.id == Decision.report_id)
        .join(Queue, Queue.id == Report.queue_id)
        .where(
            _REAL,
            Report.id.in_(
                select(Decision.report_id).where(
                    Decision.review_round == 1,
                    Decision.decided_at >= start,
                    Decision.decided_at < end,
                )
            ),
        )  # fmt: skip
        .order_by(Report.uid, Decision.review_round)
    )
    grouped: defaultdict[str, list[tuple[str, datetime, datetime, int, datetime, str]]]
    grouped = defaultdict(list)
    for uid, queue, received, due, round_, at, outcome in rows:
        grouped[uid].append((queue, received, due, round_, at, outcome))
    # Rounds are in order: the first one says when it was handled, the last what was decided.
    return [
        _Handled(uid, rounds[0][0], rounds[0][1], rounds[0][2], rounds[0][4], rounds[-1][5])
        for uid, rounds in grouped.items()
    ]


def _adjudicated(session: Session, start: datetime, end: datetime) -> dict[str, str]:
    return {
        p.report_uid: p.adjudicated_outcome
        for p in review_pairs(session, start, end)
        if p.adjudicated_outcome
    }


def _audit(session: Session) -> AuditStatus:
    chains = journal.verify(session)
    return AuditStatus(
        len(chains),
        sum(c.events for c in chains),
        [c.problem.describe() for c in chains if c.problem is not None],
    )


def _summary(name: str, received: int, handled: Sequence[_Handled]) -> QueueSummary:
    hours = [(h.first_at - h.received_at).total_seconds() / 3600 for h in handled]
    met = sum(1 for h in handled if h.first_at <= h.sla_due)
    return QueueSummary(
        name,
        received,
        len(handled),
        quantile(hours, 0.5),
        quantile(hours, 0.9),
        proportion(met, len(handled)),
    )


# --- formatting ----------------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def show_proportion(p: Proportion) -> str:
    """ "75.0% (95% CI 46.8–91.1%, n=12)"; "no data" for n = 0."""
    if p.value is None or p.ci is None:
        return "no data (n=0)"
    return f"{pct(p.value)} (95% CI {pct(p.ci.low)}–{pct(p.ci.high)}, n={p.n})"


def show_kappa(k: Kappa) -> str:
    if k.kappa is None or k.ci is None:
        return f"{k.reason or 'undefined'} (n={k.n})"
    return f"κ {k.kappa:.2f} (95% CI {k.ci.low:.2f} to {k.ci.high:.2f}, n={k.n})"


def _bounds(ci: Interval | None) -> list[object]:
    return [None, None] if ci is None else [round(ci.low, 4), round(ci.high, 4)]


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _local(value: datetime | None, tz: str) -> str:
    return "" if value is None else value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


# --- CSV -----------------------------------------------------------------------------------------


def _cell(value: object) -> object:
    # A spreadsheet runs a cell that starts with = + - @ as a formula; names are text, keep them so.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
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
                    _local(getattr(t, "completed_at", None), tz),
                    _local(t.expires_at, tz),
                    t.state,
                ]
                for t in snap.training
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


# --- HTML ----------------------------------------------------------------------------------------

CSS = """
body { font: 10.5pt/1.45 "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
       color: #22282c; background: #fff; max-width: 62rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 17pt; margin: 0 0 .3rem; }
h2 { font-size: 12.5pt; margin: 2rem 0 .5rem; padding-bottom: .2rem;
     border-bottom: 1px solid #c9d1d6; }
p.meta { color: #4f5a61; margin: .1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: 9.5pt; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e1e6e9;
         vertical-align: top; }
th { background: #eef2f4; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #4f5a61; font-size: 9pt; }
.status { padding: .4rem .6rem; background: #eef2f4; border-left: 3px solid #7d98a8; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } }
"""


def _table(
    header: Sequence[str], rows: Iterable[Sequence[object]], numeric: Iterable[int] = ()
) -> str:
    """A table whose `numeric` columns (indices) are right-aligned; every cell escaped."""
    right = set(numeric)

    def cells(values: Sequence[object], tag: str) -> str:
        return "".join(
            f"<{tag}{' class=n' if i in right else ''}>{html.escape(str(v))}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(header)}" class="note">nothing in this period</td></tr>'
    return f"<table><thead><tr>{cells(header, 'th')}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: ComplianceReport) -> str:
    snap, tz, t = report.snapshot, report.tz, report.totals
    last_day = report.end_day - timedelta(days=1)
    esc = html.escape
    queue_rows = [
        [q.queue, q.received, q.handled, num(q.median_hours, 1), num(q.p90_hours, 1),
         show_proportion(q.sla_met)]
        for q in [*report.queues, t]
    ]  # fmt: skip
    training_rows = [
        [r.reviewer, r.course_code, r.course_title, _local(r.completed_at, tz) or "–",
         _local(r.expires_at, tz) or "–", r.state]
        for r in snap.training
    ]  # fmt: skip
    reviewer_rows = [
        [r.reviewer, r.training or "–", r.decisions, num(hours(r.seconds_on_items), 1),
         num(r.decisions_per_hour, 1), show_proportion(r.gold), show_kappa(r.agreement)]
        for r in snap.reviewers
    ]  # fmt: skip
    policy_rows = [
        [p.policy_id, p.decisions, show_proportion(p.gold), show_kappa(p.agreement)]
        for p in snap.policies
    ]
    wellbeing_rows = [
        [r.reviewer, num(hours(r.seconds_revealed), 2), num(hours(r.seconds_blurred), 2),
         r.breaks_due, r.breaks_taken, r.breaks_skipped, r.stops,
         show_proportion(r.break_compliance)]
        for r in snap.reviewers
    ]  # fmt: skip
    severity: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for e in snap.exposure:
        acc = severity[(e.reviewer, e.severity)]
        acc[0] += e.seconds_revealed
        acc[1] += e.seconds_blurred
        acc[2] += e.items
    severity_rows = [
        [who, sev, num(hours(v[0]), 2), num(hours(v[1]), 2), int(v[2])]
        for (who, sev), v in sorted(severity.items())
    ]
    if report.audit is None:
        audit = "The audit chain was not checked for this report."
    elif report.audit.ok:
        audit = (
            f"Intact: {report.audit.events} events in {report.audit.chains} workstation "
            "chain(s) verified (hash links and sequence) when this report was generated."
        )
    else:
        audit = "BROKEN: " + "; ".join(report.audit.problems)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Compliance report {report.first_day} to {last_day}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Moderation compliance report</h1>",
        f'<p class="meta">Period: {report.first_day} 00:00 to {report.end_day} 00:00 '
        f"({esc(tz)}), start included, end excluded: {report.first_day} to {last_day}.</p>",
        f'<p class="meta">Generated: {_local(report.generated_at, tz)} ({esc(tz)}), '
        f"{report.generated_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC.</p>",
        f'<p class="meta">Data source: {esc(report.source)}.</p>',
        '<p class="note">This report holds counts, durations, staff names and course codes '
        "only: no reported content, reporter text or addresses.</p>",
        "<h2>1. Reports received and handled</h2>",
        _table(
            [
                "Queue",
                "Received",
                "Handled",
                "Median hours to decision",
                "90th percentile hours",
                "Decided within SLA",
            ],
            queue_rows,
            range(1, 5),
        ),  # fmt: skip
        '<p class="note">Received: reports that arrived in the period. Handled: reports whose '
        "first decision was made in the period; time to decision runs from arrival to that "
        "first decision. Quality-control copies (gold items) are not counted as reports.</p>",
        _table(["Outcome (as it stands)", "Reports"], report.outcomes, (1,)),
        "<h2>2. Training of staff</h2>",
        _table(
            ["Reviewer", "Course", "Title", "Completed", "Valid until", "State"], training_rows
        ),  # fmt: skip
        '<p class="note">State at the end of the period, or when this report was generated '
        'if that is earlier. "expiring": within 30 days.</p>',
        "<h2>3. Quality of decisions</h2>",
        f"<p>Team: gold accuracy {esc(show_proportion(snap.team_gold))}; agreement with "
        f"second reviewers {esc(show_kappa(snap.team_agreement))}.</p>",
        _table(
            [
                "Reviewer",
                "Training",
                "Decisions",
                "Hours on items",
                "Decisions per hour",
                "Gold accuracy",
                "Agreement (Cohen's κ)",
            ],
            reviewer_rows,
            range(2, 5),
        ),  # fmt: skip
        _table(
            ["Policy", "Decisions", "Gold accuracy", "Agreement (Cohen's κ)"], policy_rows, (1,)
        ),  # fmt: skip
        '<p class="note">Decisions per hour = decisions / hours the reports were open in front '
        "of the reviewer. Gold accuracy: share of blind gold items decided as expected, with a "
        "Wilson 95% interval. Agreement: Cohen's kappa between first and second reviewer on "
        "the same report, with the Fleiss–Cohen–Everitt (1969) large-sample 95% interval; "
        "kappa is undefined when both reviewers used only one and the same outcome.</p>",
        "<h2>4. Exposure and breaks</h2>",
        _table(
            [
                "Reviewer",
                "Unblurred hours",
                "Blurred hours",
                "Breaks due",
                "Taken",
                "Skipped",
                '"I need to stop"',
                "Break compliance",
            ],
            wellbeing_rows,
            range(1, 7),
        ),  # fmt: skip
        _table(
            ["Reviewer", "Severity", "Unblurred hours", "Blurred hours", "Items"],
            severity_rows,
            range(2, 5),
        ),  # fmt: skip
        '<p class="note">Exposure is measured on screen: seconds during which unblurred media '
        "was shown in a visible, focused window. Break compliance = breaks taken / breaks "
        "due.</p>",
        "<h2>5. Audit log</h2>",
        f'<p class="status">{esc(audit)}</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write(report: ComplianceReport, out: Path) -> list[Path]:
    """Write the CSV tables and `report.html` into `out` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    written = write_csv(report, out)
    page = out / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    return [*written, page]
