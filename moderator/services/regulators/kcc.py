"""The KCC transparency report on illegally filmed material for one calendar year.

Its five items: the organisation's general efforts (its own text, an organisation setting);
the number, content, criteria, review and outcome of reports and deletion requests (counted
from the record by reported category and channel, with handling times); the deletion and
blocking procedures (from the policies the queues use); the person responsible for
preventing distribution (an organisation setting); and the internal training of staff (the
training records). "Deleted or blocked" is read through the policy's DSA mapping of each
final outcome (removal: deletion; disabling access: blocking).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain import regulator_map
from moderator.domain.errors import NotFound
from moderator.domain.metrics import quantile
from moderator.domain.policy import Policy
from moderator.domain.policy_i18n import localised
from moderator.services import metrics, policies
from moderator.services.organisation import read_settings
from moderator.services.regulators.finals import PolicyMaps, finals
from moderator.services.workspace import Workspace
from moderator.store import policies as stored
from moderator.store.models import Queue, Report, Reviewer, TrainingCourse, TrainingRecord
from moderator.store.quality import real_reports_filter

REMOVED = "DECISION_VISIBILITY_CONTENT_REMOVED"
BLOCKED = "DECISION_VISIBILITY_CONTENT_DISABLED"


@dataclass(frozen=True, slots=True)
class CountRow:
    category: str
    channel: str
    received: int
    handled: int
    removed: int  # deleted or blocked
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    policy: str
    outcome: str  # its label
    reports: int


@dataclass(frozen=True, slots=True)
class Procedure:
    queue: str
    policy: str
    outcome: str
    deletes: bool
    blocks: bool
    legal_basis: tuple[str, ...]
    sla_hours: int


@dataclass(frozen=True, slots=True)
class TrainingRow:
    person: str
    role: str
    course: str
    completed: datetime
    expires: datetime
    valid: bool  # at the end of the period (or now, for a year not over)


@dataclass(frozen=True, slots=True)
class KccReport:
    year: int
    tz: str
    generated_at: datetime
    organisation: str
    queues: list[str]  # the queues the report covers
    efforts: str
    officer: str
    officer_contact: str
    totals: CountRow
    counts: list[CountRow]
    outcomes: list[OutcomeRow]
    criteria: list[tuple[str, list[str]]]  # policy title, its checklist questions
    procedures: list[Procedure]
    training: list[TrainingRow]


def _row(category: str, channel: str, received: int, handled: list[tuple[float, bool]]) -> CountRow:
    hours = [h for h, _ in handled]
    return CountRow(category, channel, received, len(handled), sum(r for _, r in handled),
                    quantile(hours, 0.5), quantile(hours, 0.9))  # fmt: skip


def build(
    workspace: Workspace,
    year: int,
    tz: str,
    queues: Sequence[str] = (),
    lang: str | None = None,
) -> KccReport:
    """Everything for the calendar year `year` in `tz`, in one read transaction; only the
    reports of `queues` when any are named (the queues handling illegally filmed material).
    The policies' words (titles, outcome labels, checklist, legal basis) are in `lang`, in the
    policy's own translation where it has one (None: each policy's own language)."""
    start, end = metrics.period(date(year, 1, 1), date(year + 1, 1, 1), tz)
    with workspace.transaction() as session:
        settings = read_settings(session)
        known = set(session.scalars(select(Queue.name)))
        unknown = sorted(set(queues) - known)
        if unknown:
            raise NotFound(f"no queue named {unknown[0]!r} (known: {', '.join(sorted(known))})")
        covered = list(queues) or sorted(known)
        received: Counter[tuple[str, str]] = Counter(
            (cat, ch) for cat, ch in session.execute(
                select(Report.reported_category, Report.channel)
                .join(Queue, Queue.id == Report.queue_id)
                .where(Report.received_at >= start, Report.received_at < end,
                       real_reports_filter(), Queue.name.in_(covered)))
        )  # fmt: skip
        maps = PolicyMaps(session)
        handled: defaultdict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
        outcomes: Counter[tuple[str, str]] = Counter()
        used: dict[str, Policy] = {}
        for f in finals(session, start, end):
            if f.queue not in covered:
                continue
            name, mapped = maps.outcome(f)
            shown = set((mapped.dsa or {}).get("decision_visibility", [])) if mapped else set()
            hours = (f.first_decided_at - f.received_at).total_seconds() / 3600
            handled[(f.category, f.channel)].append((hours, bool(shown & {REMOVED, BLOCKED})))
            policy = used.get(f.policy_hash) or _in(
                policies.load_by_hash(session, f.policy_hash), lang
            )
            used[f.policy_hash] = policy
            label = next((o.label for o in policy.outcomes if o.id == f.outcome), f.outcome)
            outcomes[(f"{policy.title} ({name})", label)] += 1
        procedures = [p for p in _procedures(session, lang) if p.queue in covered]
        training = _training(session, end, min(end, workspace.now()))
    keys = sorted(set(received) | set(handled))
    counts = [_row(cat, ch, received[(cat, ch)], handled[(cat, ch)]) for cat, ch in keys]
    every = [h for rows in handled.values() for h in rows]
    return KccReport(
        year, tz, workspace.now(), settings.name, covered, settings.transparency_efforts,
        settings.distribution_officer, settings.distribution_officer_contact,
        _row("", "", sum(received.values()), every), counts,
        [OutcomeRow(p, o, n) for (p, o), n in sorted(outcomes.items(), key=_by_policy)],
        [(p.title, [q.text for q in p.questions]) for p in used.values()],
        procedures, training,
    )  # fmt: skip


def _by_policy(item: tuple[tuple[str, str], int]) -> tuple[str, int]:
    return item[0][0], -item[1]


def _in(policy: Policy, lang: str | None) -> Policy:
    return policy if lang is None else localised(policy, lang)


def _procedures(session: Session, lang: str | None) -> list[Procedure]:
    """For each open queue, the outcomes of its policy that delete or block."""
    out = []
    for queue in session.scalars(select(Queue).where(Queue.archived_at.is_(None))
                                 .order_by(Queue.name)):  # fmt: skip
        text = stored.version(session, queue.policy_id, queue.policy_version)
        if text is None:
            continue
        policy = _in(policies.load(session, queue.policy_id, queue.policy_version), lang)
        mapping = regulator_map.read(text.body, f"{text.policy_id}@{text.version}")
        for o in policy.outcomes:
            m = mapping.get(o.id)
            shown = set((m.dsa or {}).get("decision_visibility", [])) if m else set()
            if shown & {REMOVED, BLOCKED}:
                out.append(Procedure(queue.name, policy.title, o.label, REMOVED in shown,
                                     BLOCKED in shown, o.legal_basis, queue.sla_hours))  # fmt: skip
    return out


def _training(session: Session, end: datetime, at: datetime) -> list[TrainingRow]:
    rows = session.execute(
        select(Reviewer, TrainingRecord, TrainingCourse.title)
        .join(TrainingRecord, TrainingRecord.reviewer_id == Reviewer.id)
        .join(TrainingCourse, TrainingCourse.code == TrainingRecord.course_code)
        .where(TrainingRecord.completed_at < end)
        .order_by(Reviewer.username, TrainingRecord.completed_at)
    )
    return [
        TrainingRow(
            who.display_name or who.username,
            who.role,
            f"{rec.course_code}: {title}",
            rec.completed_at,
            rec.expires_at,
            rec.expires_at > at,
        )  # fmt: skip
        for who, rec, title in rows
    ]
