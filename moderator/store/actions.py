"""Actions after a final decision: planned from the outcome, changed by supervisors, audited.

A decision is final when its report is decided (not waiting for a second review), is not a
gold copy, and no disagreement between two reviewers is waiting for a supervisor; an
adjudication's outcome is final in place of the two it settles. Planning is idempotent (one
row per decision and kind), so it runs before every read of the actions, in any mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from moderator.domain.audit import EventKind
from moderator.domain.errors import NotFound
from moderator.domain.ids import new_uid
from moderator.domain.lifecycle import (
    ActionSpec,
    ActionState,
    check_evidence,
    check_transition,
    follow_up,
    is_overdue,
)
from moderator.domain.reports import ReportState
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import Decision, Queue, Report
from moderator.store.models_lifecycle import Action
from moderator.store.models_quality import Adjudication, GoldCopy, SecondReview

# (policy hash, outcome) -> the actions it calls for; the caller resolves stored policies.
SpecsFor = Callable[[str, str], tuple[ActionSpec, ...]]


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    report_uid: str
    report_ref: str  # the source's own reference of the report
    queue: str
    outcome: str
    category: str
    host: str
    kind: str
    state: str
    decided_at: datetime
    due_at: datetime
    follow_up_at: datetime | None
    sent_at: datetime | None
    confirmed_at: datetime | None
    updated_at: datetime
    updated_by: str
    evidence: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class _Final:
    decision_uid: str
    report_id: int
    report_uid: str
    queue_id: int
    outcome: str
    policy_hash: str
    decided_at: datetime
    category: str
    url: str
    platform: str


def _host(url: str, platform: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return (host or platform or "")[:255]


def _finals(session: Session, outcomes: Iterable[str]) -> list[_Final]:
    wanted = sorted(set(outcomes))
    if not wanted:
        return []
    later = aliased(Decision)
    latest = select(func.max(later.review_round)).where(later.report_id == Report.id)
    base = and_(
        Report.state == ReportState.DECIDED,
        ~exists().where(GoldCopy.report_id == Report.id),
    )
    cols = (Report.id, Report.uid, Report.queue_id, Report.reported_category, Report.url,
            Report.platform)  # fmt: skip
    plain = session.execute(
        select(Decision.uid, Decision.outcome, Decision.policy_hash, Decision.decided_at, *cols)
        .join(Report, Report.id == Decision.report_id)
        .where(
            base,
            Decision.review_round == latest.scalar_subquery(),
            Decision.outcome.in_(wanted),
            ~exists().where(Action.decision_uid == Decision.uid),
            ~exists().where(
                SecondReview.report_id == Report.id,
                SecondReview.state.in_(("disagreed", "adjudicated")),
            ),  # fmt: skip
        )
    ).all()
    settled = session.execute(
        select(
            Adjudication.uid,
            Adjudication.outcome,
            Decision.policy_hash,
            Adjudication.adjudicated_at,
            *cols,
        )  # fmt: skip
        .join(Report, Report.id == Adjudication.report_id)
        .join(SecondReview, SecondReview.report_id == Report.id)
        .join(Decision, Decision.uid == SecondReview.second_decision_uid)
        .where(
            base,
            Adjudication.outcome.in_(wanted),
            ~exists().where(Action.decision_uid == Adjudication.uid),
        )
    ).all()
    return [_Final(r[0], r[4], r[5], r[6], r[1], r[2], r[3], r[7] or "", r[8] or "", r[9] or "")
            for r in [*plain, *settled]]  # fmt: skip


def plan(
    session: Session, actor: Actor, now: datetime, outcomes: Iterable[str], specs: SpecsFor
) -> int:
    """Create the actions of every final decision that has none yet; returns how many."""
    made = 0
    for final in _finals(session, outcomes):
        wanted = specs(final.policy_hash, final.outcome)
        for spec in wanted:
            session.add(
                Action(
                    uid=new_uid(), report_id=final.report_id, decision_uid=final.decision_uid,
                    queue_id=final.queue_id, outcome=final.outcome, category=final.category,
                    host=_host(final.url, final.platform), kind=spec.kind.value,
                    state=ActionState.DUE.value, decided_at=final.decided_at,
                    due_at=final.decided_at + timedelta(hours=spec.due_hours),
                    follow_up_hours=spec.follow_up_hours, updated_at=now,
                    updated_by=actor.username, evidence="",
                )
            )  # fmt: skip
        if wanted:
            made += len(wanted)
            journal.append(
                session, actor, EventKind.ACTION, now, report_uid=final.report_uid,
                payload={"op": "plan", "decision": final.decision_uid,
                         "actions": [s.kind.value for s in wanted]},
            )  # fmt: skip
    session.flush()
    return made


def listing(
    session: Session, now: datetime, *, overdue: bool = False, queue: str | None = None
) -> list[ActionRow]:
    query = (
        select(Action, Report.uid, Report.external_ref, Queue.name)
        .join(Report, Report.id == Action.report_id)
        .join(Queue, Queue.id == Action.queue_id)
        .order_by(Action.due_at, Action.id)
    )
    if queue is not None:
        query = query.where(Queue.name == queue)
    if overdue:
        query = query.where(Action.state != ActionState.CONFIRMED.value)
    rows = [_row(a, uid, ref, name, now) for a, uid, ref, name in session.execute(query)]
    return [r for r in rows if r.overdue] if overdue else rows


def _row(a: Action, report_uid: str, ref: str, queue: str, now: datetime) -> ActionRow:
    return ActionRow(
        a.id, report_uid, ref, queue, a.outcome, a.category, a.host, a.kind, a.state, a.decided_at,
        a.due_at, a.follow_up_at, a.sent_at, a.confirmed_at, a.updated_at, a.updated_by,
        a.evidence, is_overdue(a.state, a.due_at, a.follow_up_at, now),
    )  # fmt: skip


def mark(
    session: Session, actor: Actor, now: datetime, action_id: int, state: str, evidence: str
) -> ActionRow:
    """Move an action to `state` with its evidence; the change is audited in this transaction."""
    found = session.execute(
        select(Action, Report.uid, Report.external_ref, Queue.name)
        .join(Report, Report.id == Action.report_id)
        .join(Queue, Queue.id == Action.queue_id)
        .where(Action.id == action_id)
        .with_for_update()
    ).first()
    if found is None:
        raise NotFound(f"no action {action_id} (see `moderator action list`)")
    action, report_uid, ref, queue = found
    before = action.state
    wanted = check_transition(before, state)
    text = check_evidence(evidence, wanted)
    action.state = wanted.value
    action.evidence = text
    action.updated_at, action.updated_by = now, actor.username
    action.follow_up_at = follow_up(wanted, now, action.follow_up_hours)
    if wanted is ActionState.SENT and action.sent_at is None:
        action.sent_at = now
    if wanted is ActionState.CONFIRMED:
        action.confirmed_at = now
        action.sent_at = action.sent_at or now  # confirmed at once: it was acted on then
    session.flush()
    journal.append(
        session, actor, EventKind.ACTION, now, report_uid=report_uid,
        payload={"op": "mark", "action": action.uid, "kind": action.kind, "from": before,
                 "to": wanted.value, "evidence": text},
    )  # fmt: skip
    return _row(action, report_uid, ref, queue, now)
