"""The compliance report for an auditor: what came in, how and how fast it was handled, who was
trained for it, how good and how costly the reviewing was, and whether the audit log is intact.

It holds counts, durations, names of staff and course codes: never reporter text, URLs or
media. Written as CSV tables (one file each) and one self-contained HTML page (inline CSS, no
scripts, no external assets, printable) by `csv_tables` and `html_report`; this module gathers the
figures (`model`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from moderator.domain.errors import NotFound
from moderator.domain.metrics import proportion, quantile
from moderator.domain.policy import Policy
from moderator.domain.policy_i18n import localised
from moderator.services import i18n, metrics, policies
from moderator.services.compliance.csv_tables import write_csv
from moderator.services.compliance.format import hours, num, pct, show_kappa, show_proportion
from moderator.services.compliance.html_report import render_html
from moderator.services.compliance.model import AuditStatus, ComplianceReport, QueueSummary
from moderator.services.config import LANGUAGES
from moderator.services.workspace import Workspace
from moderator.store.models import Decision, Queue, Report
from moderator.store.private import private_dir, write_private_text
from moderator.store.quality import real_reports_filter, review_pairs
from moderator.store.verification import verify_local

__all__ = [
    "AuditStatus",
    "ComplianceReport",
    "QueueSummary",
    "build",
    "describe_source",
    "hours",
    "num",
    "pct",
    "render_html",
    "show_kappa",
    "show_proportion",
    "write",
    "write_csv",
]


@dataclass(frozen=True, slots=True)
class _Handled:
    uid: str
    queue: str
    received_at: datetime
    sla_due: datetime
    first_at: datetime
    outcome: str  # of the last review round
    policy_hash: str  # the policy version of the last review round


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
        standing = {(h.policy_hash, adjudicated.get(h.uid, h.outcome)) for h in handled}
        labels = _labels(session, standing)
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
        outcome_labels=labels,
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
            Decision.policy_hash,
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
    grouped: defaultdict[str, list[tuple[str, datetime, datetime, int, datetime, str, str]]]
    grouped = defaultdict(list)
    for uid, queue, received, due, round_, at, outcome, policy_hash in rows:
        grouped[uid].append((queue, received, due, round_, at, outcome, policy_hash))
    # Rounds are in order: the first one says when it was handled, the last what was decided.
    return [
        _Handled(
            uid,
            rounds[0][0],
            rounds[0][1],
            rounds[0][2],
            rounds[0][4],
            rounds[-1][5],
            rounds[-1][6],
        )  # fmt: skip
        for uid, rounds in grouped.items()
    ]


def _labels(session: Session, used: set[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """outcome code -> language -> its label in the policies that decided it (the policy's
    own translation; " / " between policies that name one code differently)."""
    found: defaultdict[str, dict[str, list[str]]] = defaultdict(lambda: {k: [] for k in LANGUAGES})
    loaded: dict[str, Policy] = {}
    for policy_hash in sorted({h for h, _o in used}):
        try:
            loaded[policy_hash] = policies.load_by_hash(session, policy_hash)
        except NotFound:  # not in this store (a decision synced from elsewhere): the code shows
            continue
    for policy_hash, code in sorted(used):
        if policy_hash not in loaded:
            continue
        for lang in LANGUAGES:
            words = localised(loaded[policy_hash], lang)
            label = next((o.label for o in words.outcomes if o.id == code), None)
            if label and label not in found[code][lang]:
                found[code][lang].append(label)
    return {code: {k: " / ".join(v) for k, v in by.items() if v} for code, by in found.items()}


def _adjudicated(session: Session, start: datetime, end: datetime) -> dict[str, str]:
    return {
        p.report_uid: p.adjudicated_outcome
        for p in review_pairs(session, start, end)
        if p.adjudicated_outcome
    }


def _audit(session: Session) -> AuditStatus:
    """The chains in full and held against the sync cursors and the decision rows the report
    counts: a deleted or edited decision makes the record not intact."""
    chains = verify_local(session)
    return AuditStatus(
        len(chains), sum(c.events for c in chains), [p for c in chains for p in c.problems]
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


def write(report: ComplianceReport, out: Path, lang: str | None = None) -> list[Path]:
    """Write the CSV tables (machine columns and codes, whatever the language) and
    `report.html` (in `lang`, else the language this run speaks: the command's or the
    window's) into `out` (created if missing)."""
    private_dir(out)
    written = write_csv(report, out)
    page = write_private_text(out / "report.html", render_html(report, lang or i18n.current().lang))
    return [*written, page]
