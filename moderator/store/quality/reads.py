"""The rows QA metrics are computed from, and the filters that keep gold copies out of
statistics about real reports and out of the review window's media matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import Session, aliased

from moderator.store.models import Decision, Report, Reviewer
from moderator.store.models_quality import Adjudication, GoldCopy, GoldItem, SecondReview
from moderator.store.models_quality import GoldResult as GoldResultRow


@dataclass(frozen=True, slots=True)
class GoldResult:
    reviewer: str
    policy_id: str
    report_uid: str
    expected: str
    actual: str
    correct: bool
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewPair:
    report_uid: str
    policy_id: str
    first_reviewer: str
    first_outcome: str
    second_reviewer: str
    second_outcome: str
    adjudicated_outcome: str | None
    decided_at: datetime  # when the second review was decided


def gold_results(session: Session, start: datetime, end: datetime) -> list[GoldResult]:
    """Decisions on gold copies made in [start, end), oldest first."""
    G = GoldResultRow
    rows = session.execute(
        select(Reviewer.username, G.policy_id, Report.uid, G.expected, G.actual, G.correct)
        .add_columns(G.decided_at)
        .join(Reviewer, Reviewer.id == G.reviewer_id)
        .join(Report, Report.id == G.report_id)
        .where(G.decided_at >= start, G.decided_at < end)
        .order_by(G.decided_at, G.report_id)
    )
    return [GoldResult(*row) for row in rows]


def review_pairs(session: Session, start: datetime, end: datetime) -> list[ReviewPair]:
    """Reports whose second review was decided in [start, end), with both outcomes."""
    first, second = aliased(Decision), aliased(Decision)
    r1, r2 = aliased(Reviewer), aliased(Reviewer)
    S = SecondReview
    rows = session.execute(
        select(
            Report.uid,
            second.policy_id,
            r1.username,
            first.outcome,
            r2.username,
            second.outcome,
            Adjudication.outcome,
            second.decided_at,
        )
        .select_from(S)
        .join(Report, Report.id == S.report_id)
        .join(first, first.uid == S.first_decision_uid)
        .join(second, second.uid == S.second_decision_uid)
        .join(r1, r1.id == first.reviewer_id)
        .join(r2, r2.id == second.reviewer_id)
        .outerjoin(Adjudication, Adjudication.report_id == S.report_id)
        .where(second.decided_at >= start, second.decided_at < end)
        .order_by(second.decided_at, Report.id)
    )
    return [ReviewPair(*row) for row in rows]


def not_gold_copy(report_id: Any) -> ColumnElement[bool]:
    """A condition keeping rows whose report id (`report_id`, a column) is a real report."""
    return ~exists().where(GoldCopy.report_id == report_id)


def real_reports_filter() -> ColumnElement[bool]:
    """Add to any query over `reports` to leave out gold copies (they are not real reports)."""
    return not_gold_copy(Report.id)


def shown_as_match(other_report_id: Any, report_id: int) -> ColumnElement[bool]:
    """Which reports the review window may list as sharing media with report `report_id`.

    Never a gold copy, and for a gold copy never its original: that one's decision is the
    expected answer, and listing it would give the gold item away.
    """
    original = (
        select(GoldItem.report_id)
        .join(GoldCopy, GoldCopy.gold_id == GoldItem.id)
        .where(GoldCopy.report_id == report_id)
    )
    return and_(not_gold_copy(other_report_id), other_report_id.not_in(original))
