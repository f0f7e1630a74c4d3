"""The compliance report as one self-contained HTML page: inline CSS, no scripts, no
external assets, printable; every value escaped. In English or Korean (`lang`): headings,
labels, outcome labels (the policy's own translation), numbers and dates in that language;
the names, ids and course codes of the record as they are."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from moderator.domain.metrics import Kappa, Proportion
from moderator.services.action_times import ActionTimes
from moderator.services.compliance import words
from moderator.services.compliance.format import hours
from moderator.services.i18n import N_, Speech, speech

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
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Iterable[int] = (),
    empty: str = "nothing in this period",
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
        body = f'<tr><td colspan="{len(header)}" class="note">{html.escape(empty)}</td></tr>'
    return f"<table><thead><tr>{cells(header, 'th')}</tr></thead><tbody>{body}</tbody></table>"


ACTION_HEADER = [N_("By"), N_("Name"), N_("Actions"), N_("Acted on"), N_("Median to action"),
                 N_("Removed or blocked"), N_("Median to removal"), N_("Overdue")]  # fmt: skip


def action_rows(rows: Sequence[ActionTimes], s: Speech | None = None) -> list[list[object]]:
    s = s or speech("en")

    def name(a: ActionTimes) -> str:
        return words.category(s, a.key) if a.dimension == "category" else a.key

    return [[words.dimension(s, a.dimension), name(a), s.number(a.actions), s.number(a.acted),
             words.hours(s, a.hours_to_action), s.number(a.removals),
             words.hours(s, a.hours_to_removal), s.number(a.overdue)]
            for a in rows]  # fmt: skip


def el(tag: str, text: str, attributes: str = "") -> str:
    """`<tag attributes>text</tag>`, the text escaped."""
    return f"<{tag}{' ' + attributes if attributes else ''}>{_text(text)}</{tag}>"


def _text(text: str) -> str:
    """Escaped for an element's content (quotes need no escaping there)."""
    return html.escape(text, quote=False)


def render_html(report: ComplianceReport, lang: str = "en") -> str:
    s = speech(lang)
    _, num, esc = s._, s.number, _text
    snap, tz, t = report.snapshot, report.tz, report.totals
    last_day = report.end_day - timedelta(days=1)
    first, end, last = s.day(report.first_day), s.day(report.end_day), s.day(last_day)
    empty = _("nothing in this period")

    def table(header: Sequence[str], rows: Iterable[Sequence[object]],
              numeric: Iterable[int] = ()) -> str:  # fmt: skip
        return _table([_(h) for h in header], rows, numeric, empty)

    def prop(p: Proportion) -> str:
        return words.proportion(s, p)

    def kappa(k: Kappa) -> str:
        return words.kappa(s, k)

    queue_rows = [
        [q.queue if q is not t else _("all queues"), num(q.received), num(q.handled),
         num(q.median_hours, 1), num(q.p90_hours, 1), prop(q.sla_met)]
        for q in [*report.queues, t]
    ]  # fmt: skip
    outcome_rows = [
        [report.outcome_labels.get(code, {}).get(lang, code), num(count)]
        for code, count in report.outcomes
    ]
    training_rows = [
        [r.reviewer, r.course_code, r.course_title, s.when(r.completed_at, tz) or "–",
         s.when(r.expires_at, tz) or "–", words.training_state(s, r.state)]
        for r in snap.training
    ]  # fmt: skip
    reviewer_rows = [
        [r.reviewer, words.training_summary(s, r.reviewer, snap.training) or "–",
         num(r.decisions), num(hours(r.seconds_on_items), 1), num(r.decisions_per_hour, 1),
         prop(r.gold), kappa(r.agreement)]
        for r in snap.reviewers
    ]  # fmt: skip
    policy_rows = [
        [p.policy_id, num(p.decisions), prop(p.gold), kappa(p.agreement)] for p in snap.policies
    ]
    wellbeing_rows = [
        [r.reviewer, num(hours(r.seconds_revealed), 2), num(hours(r.seconds_blurred), 2),
         num(r.breaks_due), num(r.breaks_taken), num(r.breaks_skipped), num(r.stops),
         prop(r.break_compliance)]
        for r in snap.reviewers
    ]  # fmt: skip
    severity: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for e in snap.exposure:
        acc = severity[(e.reviewer, e.severity)]
        acc[0] += e.seconds_revealed
        acc[1] += e.seconds_blurred
        acc[2] += e.items
    severity_rows = [
        [who, words.severity(s, sev), num(hours(v[0]), 2), num(hours(v[1]), 2), num(int(v[2]))]
        for (who, sev), v in sorted(severity.items(), key=words.by_severity)
    ]
    if report.audit is None:
        audit = _("The audit chain was not checked for this report.")
    elif report.audit.ok:
        audit = _(
            "Intact: {events} events in {chains} workstation chain(s) verified (hash links and "
            "sequence) when this report was generated.",
            events=num(report.audit.events), chains=num(report.audit.chains),
        )  # fmt: skip
    else:
        audit = _("BROKEN: {problems}", problems="; ".join(report.audit.problems))
    generated_utc = s.when(report.generated_at.astimezone(UTC), "UTC")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        el("title", _("Compliance report {first} to {last}", first=first, last=last)),
        f"<style>{CSS}</style></head><body>",
        el("h1", _("Moderation compliance report")),
        '<p class="meta">' + esc(_(
            "Period: {first} 00:00 to {end} 00:00 ({zone}), start included, end excluded: "
            "{first} to {last}.", first=first, end=end, zone=tz, last=last)) + "</p>",
        '<p class="meta">' + esc(_(
            "Generated: {local} ({zone}), {utc} UTC.",
            local=s.when(report.generated_at, tz), zone=tz, utc=generated_utc)) + "</p>",
        el("p", _("Data source: {source}.", source=report.source), 'class="meta"'),
        '<p class="note">' + esc(_(
            "This report holds counts, durations, staff names and course codes only: no "
            "reported content, reporter text or addresses.")) + "</p>",
        el("h2", _("1. Reports received and handled")),
        table([N_("Queue"), N_("Received"), N_("Handled"), N_("Median hours to decision"),
               N_("90th percentile hours"), N_("Decided within SLA")], queue_rows, range(1, 5)),
        '<p class="note">' + esc(_(
            "Received: reports that arrived in the period. Handled: reports whose first "
            "decision was made in the period; time to decision runs from arrival to that first "
            "decision. Quality-control copies (gold items) are not counted as reports.")) + "</p>",
        table([N_("Outcome (as it stands)"), N_("Reports")], outcome_rows, (1,)),
        el("h3", _("Actions after decisions: time to action and to removal")),
        table(ACTION_HEADER, action_rows(snap.actions, s), range(2, 8)),
        '<p class="note">' + esc(_(
            "Time to action: from the final decision to the first action sent. Time to "
            "removal: from the decision to a confirmed removal or block. Medians; hosts by "
            "domain name only. Overdue: open actions past their due or follow-up date.")) + "</p>",
        el("h2", _("2. Training of staff")),
        table([N_("Reviewer"), N_("Course"), N_("Title"), N_("Completed"), N_("Valid until"),
               N_("State")], training_rows),
        '<p class="note">' + esc(_(
            'State at the end of the period, or when this report was generated if that is '
            'earlier. "expiring": within 30 days.')) + "</p>",
        el("h2", _("3. Quality of decisions")),
        "<p>" + esc(_(
            "Team: gold accuracy {gold}; agreement with second reviewers {kappa}.",
            gold=prop(snap.team_gold), kappa=kappa(snap.team_agreement))) + "</p>",
        table([N_("Reviewer"), N_("Training"), N_("Decisions"), N_("Hours on items"),
               N_("Decisions per hour"), N_("Gold accuracy"), N_("Agreement (Cohen's κ)")],
              reviewer_rows, range(2, 5)),
        table([N_("Policy"), N_("Decisions"), N_("Gold accuracy"), N_("Agreement (Cohen's κ)")],
              policy_rows, (1,)),
        '<p class="note">' + esc(_(
            "Decisions per hour = decisions / hours the reports were open in front of the "
            "reviewer. Gold accuracy: share of blind gold items decided as expected, with a "
            "Wilson 95% interval. Agreement: Cohen's kappa between first and second reviewer "
            "on the same report, with the Fleiss–Cohen–Everitt (1969) large-sample 95% "
            "interval; kappa is undefined when both reviewers used only one and the same "
            "outcome.")) + "</p>",
        el("h2", _("4. Exposure and breaks")),
        table([N_("Reviewer"), N_("Unblurred hours"), N_("Blurred hours"), N_("Breaks due"),
               N_("Taken"), N_("Skipped"), N_('"I need to stop"'), N_("Break compliance")],
              wellbeing_rows, range(1, 7)),
        table([N_("Reviewer"), N_("Severity"), N_("Unblurred hours"), N_("Blurred hours"),
               N_("Items")], severity_rows, range(2, 5)),
        '<p class="note">' + esc(_(
            "Exposure is measured on screen: seconds during which unblurred media was shown in "
            "a visible, focused window. Break compliance = breaks taken / breaks due.")) + "</p>",
        f"<p>{esc(words.saved(s, snap.saved))}</p>",
        el("h2", _("5. Audit log")),
        f'<p class="status">{esc(audit)}</p>',
        "</body></html>",
    ]  # fmt: skip
    return "\n".join(parts) + "\n"
