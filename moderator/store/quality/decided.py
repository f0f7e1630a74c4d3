"""What a decision sets off: a gold result recorded, a second review queued or closed.
Runs in the decide's transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.reports import ReportState
from moderator.store import bank_feed, journal
from moderator.store.journal import Actor
from moderator.store.models import Decision, Report
from moderator.store.models_quality import GoldCopy, GoldItem, QaSettings, SecondReview
from moderator.store.models_quality import GoldResult as GoldResultRow

R = Report.__table__.c
GOLD_SOURCE = "qa-gold"  # a decided gold copy's source, freeing its plausible reference


def sampled_for_second_review(decision_uid: str, share: float) -> bool:
    """Deterministic sampling: the decision's uid, hashed, falls below the share."""
    digest = hashlib.sha256(decision_uid.encode("ascii")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


_GOLD_OF_COPY = (
    select(GoldCopy.gold_id, GoldCopy.reviewer_id, GoldItem.expected_outcome, GoldItem.policy_id)
    .join(GoldItem, GoldItem.id == GoldCopy.gold_id)
    .where(GoldCopy.report_id == bindparam("p_report"))
)
_SECOND_SHARE = select(QaSettings.second_review).where(QaSettings.queue_id == bindparam("p_queue"))


@dataclass(frozen=True, slots=True)
class Decided:
    """The decision `queue.decide` just recorded, as QA needs it."""

    report_id: int
    report_uid: str
    queue_id: int
    review_round: int
    reviewer_id: int
    decision_uid: str
    outcome: str


@dataclass(frozen=True, slots=True)
class Looked:
    """What the decide's own statement read already: whether the report is a gold copy, its
    queue's second-review share, and whether the queue feeds a hash bank (most do not: the
    feed's own reads are then skipped)."""

    gold_copy: bool
    second_review: float | None
    feeds_bank: bool


def on_decided(
    session: Session, actor: Actor, now: datetime, d: Decided, looked: Looked | None = None
) -> None:
    """Record a gold result, queue a second review or close one, in the decide's transaction;
    then a confirmed outcome goes to the queue's feed bank, if it has one (`bank_feed`)."""
    if d.review_round == 1:
        gold = None
        if looked is None or looked.gold_copy:
            gold = session.execute(_GOLD_OF_COPY, {"p_report": d.report_id}).first()
        if gold is not None:
            _record_gold(session, now, d, gold)
            return
        if looked is None:
            share = session.scalar(_SECOND_SHARE, {"p_queue": d.queue_id})
        else:
            share = looked.second_review
        if share and sampled_for_second_review(d.decision_uid, share):
            _queue_second_review(session, actor, now, d)
            return
    else:
        _close_second_review(session, now, d)
    if looked is None or looked.feeds_bank:
        bank_feed.feed(session, actor, now, d.report_id)


def _record_gold(session: Session, now: datetime, d: Decided, gold: Any) -> None:
    gold_id, served_to, expected, policy_id = gold
    # Free the plausible reference for real reports still to come from that source.
    session.execute(
        update(Report)
        .where(R.id == d.report_id)
        .values(source=GOLD_SOURCE, external_ref=d.report_uid)
        .execution_options(synchronize_session=False)
    )
    if served_to != d.reviewer_id:
        return  # decided by someone else (e.g. after an escalation): no result for anyone
    session.execute(
        insert(GoldResultRow).values(
            report_id=d.report_id,
            gold_id=gold_id,
            reviewer_id=d.reviewer_id,
            decision_uid=d.decision_uid,
            policy_id=policy_id,
            expected=expected,
            actual=d.outcome,
            correct=d.outcome == expected,
            decided_at=now,
        )
    )


def _queue_second_review(session: Session, actor: Actor, now: datetime, d: Decided) -> None:
    session.execute(
        update(Report)
        .where(R.id == d.report_id)
        .values(state=ReportState.QUEUED, review_round=2, decided_at=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        insert(SecondReview).values(
            report_id=d.report_id,
            first_decision_uid=d.decision_uid,
            first_reviewer_id=d.reviewer_id,
            state="waiting",
            queued_at=now,
        )
    )
    journal.append(
        session,
        actor,
        EventKind.SECOND_REVIEW,
        now,
        report_uid=d.report_uid,
        payload={"decision": d.decision_uid, "round": 2},
    )


def _close_second_review(session: Session, now: datetime, d: Decided) -> None:
    first_outcome = session.scalar(
        select(Decision.outcome)
        .join(SecondReview, SecondReview.first_decision_uid == Decision.uid)
        .where(SecondReview.report_id == d.report_id, SecondReview.state == "waiting")
    )
    if first_outcome is None:
        return
    session.execute(
        update(SecondReview)
        .where(SecondReview.report_id == d.report_id)
        .values(
            second_decision_uid=d.decision_uid,
            decided_at=now,
            state="agreed" if first_outcome == d.outcome else "disagreed",
        )
        .execution_options(synchronize_session=False)
    )
