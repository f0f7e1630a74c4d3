"""The compliance report as one self-contained HTML page: inline CSS, no scripts, no
external assets, printable; every value escaped."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from moderator.services.action_times import ActionTimes, show_hours
from moderator.services.compliance.format import hours, local_time, num, show_kappa, show_proportion

if TYPE_CHECKING:
    from moderator.services.compliance.model import ComplianceReport


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


ACTION_HEADER = ["By", "Name", "Actions", "Acted on", "Median to action", "Removed or blocked",
                 "Median to removal", "Overdue"]  # fmt: skip


def action_rows(rows: Sequence[ActionTimes]) -> list[list[object]]:
    return [[a.dimension, a.key, a.actions, a.acted, show_hours(a.hours_to_action), a.removals,
             show_hours(a.hours_to_removal), a.overdue] for a in rows]  # fmt: skip


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
        [r.reviewer, r.course_code, r.course_title, local_time(r.completed_at, tz) or "–",
         local_time(r.expires_at, tz) or "–", r.state]
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
        f'<p class="meta">Generated: {local_time(report.generated_at, tz)} ({esc(tz)}), '
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
        "<h3>Actions after decisions: time to action and to removal</h3>",
        _table(ACTION_HEADER, action_rows(snap.actions), range(2, 8)),
        '<p class="note">Time to action: from the final decision to the first action sent. '
        "Time to removal: from the decision to a confirmed removal or block. Medians; hosts "
        "by domain name only. Overdue: open actions past their due or follow-up date.</p>",
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
        f"<p>{esc(report.snapshot.saved.describe())}</p>",
        "<h2>5. Audit log</h2>",
        f'<p class="status">{esc(audit)}</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
