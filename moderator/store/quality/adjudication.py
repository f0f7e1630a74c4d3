"""Disagreements between first and second reviewers, and a supervisor's final outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session, aliased

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotEligible, NotFound
from moderator.domain.ids import new_uid
from moderator.domain.rows import ReviewSide as ReviewSide
from moderator.store import bank_feed, journal
from moderator.store.journal import Actor
from moderator.store.models import Decision, Queue, Report, Reviewer
from moderator.store.models_quality import Adjudication, SecondReview


@dataclass(frozen=True, slots=True)
class Disagreement:
    report_uid: str
    external_ref: str
    queue: str
    policy_id: str
    first: ReviewSide
    second: ReviewSide
    adjudicated_outcome: str | None = None
    adjudicated_by: str | None = None
    note: str = ""
    policy_hash: str = ""  # of the policy version the second review was decided under


def disagreements(session: Session, *, include_adjudicated: bool = False) -> list[Disagreement]:
    """Second reviews whose outcomes differ, oldest first; supervisors see everything."""
    first, second = aliased(Decision), aliased(Decision)
    r1, r2, sup = aliased(Reviewer), aliased(Reviewer), aliased(Reviewer)
    S = SecondReview
    states = ["disagreed", "adjudicated"] if include_adjudicated else ["disagreed"]
    side = (Decision.outcome, Decision.answers, Decision.notes, Decision.decided_at)
    rows = session.execute(
        select(Report.uid, Report.external_ref, Queue.name, second.policy_id)
        .add_columns(r1.username, *(getattr(first, c.key) for c in side))
        .add_columns(r2.username, *(getattr(second, c.key) for c in side))
        .add_columns(Adjudication.outcome, sup.username, Adjudication.note, second.policy_hash)
        .select_from(S)
        .join(Report, Report.id == S.report_id)
        .join(Queue, Queue.id == Report.queue_id)
        .join(first, first.uid == S.first_decision_uid)
        .join(second, second.uid == S.second_decision_uid)
        .join(r1, r1.id == first.reviewer_id)
        .join(r2, r2.id == second.reviewer_id)
        .outerjoin(Adjudication, Adjudication.report_id == S.report_id)
        .outerjoin(sup, sup.id == Adjudication.supervisor_id)
        .where(S.state.in_(states))
        .order_by(S.decided_at, S.report_id)
    )
    return [
        Disagreement(
            row[0],
            row[1],
            row[2],
            row[3],
            ReviewSide(*row[4:9]),
            ReviewSide(*row[9:14]),
            row[14],
            row[15],
            row[16] or "",
            row[17],
        )
        for row in rows
    ]


def in_adjudication(session: Session, report_uid: str) -> bool:
    """Whether the report is a disagreement (waiting for adjudication, or adjudicated): the
    reports a supervisor may open in the adjudication window, and no others."""
    found = session.scalar(
        select(SecondReview.report_id)
        .join(Report, Report.id == SecondReview.report_id)
        .where(Report.uid == report_uid, SecondReview.state.in_(["disagreed", "adjudicated"]))
        .limit(1)
    )
    return found is not None


def adjudicate(
    session: Session,
    actor: Actor,
    supervisor_id: int,
    now: datetime,
    report_uid: str,
    outcome: str,
    note: str = "",
) -> str:
    """Record the final outcome of a disagreement, audited; returns the adjudication uid.

    Refused to a supervisor who decided the report in any round (nobody judges their own
    case), and without a reason.
    """
    report_id = session.scalar(select(Report.id).where(Report.uid == report_uid))
    if report_id is None:
        raise NotFound(f"there is no report {report_uid}")
    own = session.scalar(
        select(Decision.review_round)
        .where(Decision.report_id == report_id, Decision.reviewer_id == supervisor_id)
        .limit(1)
    )
    if own is not None:
        raise NotEligible(
            f"you decided this report yourself (round {own}): another supervisor must adjudicate it"
        )
    if not note.strip():
        raise ModeratorError("say why this outcome: a reason is required to adjudicate")
    closed = session.execute(
        update(SecondReview)
        .where(and_(SecondReview.report_id == report_id, SecondReview.state == "disagreed"))
        .values(state="adjudicated")
        .returning(SecondReview.report_id)
        .execution_options(synchronize_session=False)
    ).first()
    if closed is None:
        raise ModeratorError("this report has no disagreement waiting for adjudication")
    uid = new_uid()
    session.execute(
        insert(Adjudication).values(
            report_id=report_id,
            uid=uid,
            supervisor_id=supervisor_id,
            outcome=outcome,
            note=note,
            adjudicated_at=now,
        )
    )
    journal.append(
        session,
        actor,
        EventKind.ADJUDICATE,
        now,
        report_uid=report_uid,
        payload={"adjudication": uid, "outcome": outcome, "note": note},
    )
    bank_feed.feed(session, actor, now, report_id)
    return uid
