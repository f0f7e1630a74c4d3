"""Quality assurance in the store: QA settings, gold items served blind, second review,
adjudication, and the rows the QA metrics are computed from.

The claim and the decide of `store.queue` call `serve_gold` and `on_decided` inside their own
transaction, so a gold copy is made, a second review queued or a gold result recorded
atomically with the claim or decision that caused it. Every function here runs in the
caller's transaction.

Gold copies are reports too (that is what makes them indistinguishable in the review loop);
statistics about real reports must leave them out with `real_reports_filter()` (on `reports`)
or `not_gold_copy(column)` (on any column holding a report id, e.g. `Decision.report_id`).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.ids import new_uid
from moderator.domain.reports import ReportState
from moderator.store import journal
from moderator.store.journal import Actor
from moderator.store.models import Decision, MediaItem, Queue, Report, Reviewer
from moderator.store.models_quality import (
    Adjudication,
    GoldCopy,
    GoldItem,
    QaSettings,
    SecondReview,
)
from moderator.store.models_quality import GoldResult as GoldResultRow

R = Report.__table__.c
GOLD_SOURCE = "qa-gold"  # a decided gold copy's source, freeing its plausible reference


class Rng(Protocol):
    def random(self) -> float: ...
    def choice(self, seq: Any) -> Any: ...


_SYSTEM_RNG = random.SystemRandom()


# --- the rows QA metrics are computed from ----------------------------------------------------


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


# --- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueQa:
    queue_id: int
    queue: str
    gold_rate: float
    second_review: float


def settings(session: Session) -> list[QueueQa]:
    """Every queue with its QA settings (zero when never set)."""
    rows = session.execute(
        select(Queue.id, Queue.name, QaSettings.gold_rate, QaSettings.second_review)
        .outerjoin(QaSettings, QaSettings.queue_id == Queue.id)
        .order_by(Queue.name)
    )
    return [QueueQa(qid, name, gold or 0.0, second or 0.0) for qid, name, gold, second in rows]


def set_settings(
    session: Session,
    actor: Actor,
    now: datetime,
    queue_name: str,
    *,
    gold_rate: float | None = None,
    second_review: float | None = None,
) -> QueueQa:
    """Change a queue's QA settings (only the values given), audited as SETTINGS."""
    for label, value in (("gold rate", gold_rate), ("second-review share", second_review)):
        if value is not None and not 0.0 <= value <= 1.0:
            raise ModeratorError(f"the {label} must be between 0 and 1, not {value}")
    queue_id = session.scalar(select(Queue.id).where(Queue.name == queue_name))
    if queue_id is None:
        raise NotFound(f"there is no queue named {queue_name!r}")
    row = session.get(QaSettings, queue_id)
    before = (row.gold_rate, row.second_review) if row else (0.0, 0.0)
    if row is None:
        row = QaSettings(queue_id=queue_id, gold_rate=0.0, second_review=0.0)
        session.add(row)
    row.gold_rate = before[0] if gold_rate is None else gold_rate
    row.second_review = before[1] if second_review is None else second_review
    row.updated_at, row.updated_by = now, actor.username
    session.flush()
    journal.append(
        session,
        actor,
        EventKind.SETTINGS,
        now,
        payload={
            "scope": "qa",
            "queue": queue_name,
            "gold_rate": [before[0], row.gold_rate],
            "second_review": [before[1], row.second_review],
        },
    )
    return QueueQa(queue_id, queue_name, row.gold_rate, row.second_review)


# --- gold items -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldItemRow:
    uid: str
    report_uid: str
    external_ref: str
    queue: str
    policy_id: str
    expected_outcome: str
    note: str
    created_by: str
    created_at: datetime
    retired_at: datetime | None
    served: int
    correct: int
    answered: int


def mark_gold(
    session: Session,
    actor: Actor,
    now: datetime,
    report_uid: str,
    expected_outcome: str,
    note: str = "",
) -> GoldItemRow:
    """Mark a decided report as gold with the outcome it should get, audited."""
    found = session.execute(
        select(Report.id, Report.state, Report.queue_id, Queue.policy_id)
        .join(Queue, Queue.id == Report.queue_id)
        .where(Report.uid == report_uid)
    ).first()
    if found is None:
        raise NotFound(f"there is no report {report_uid}")
    report_id, state, queue_id, policy_id = found
    if state != ReportState.DECIDED:
        raise ModeratorError("only a decided report can be a gold item")
    if session.get(GoldCopy, report_id) is not None:
        raise ModeratorError("this report is itself a served gold item")
    if session.scalar(select(GoldItem.id).where(GoldItem.report_id == report_id)) is not None:
        raise ModeratorError("this report is already a gold item")
    uid = new_uid()
    session.add(
        GoldItem(
            uid=uid,
            report_id=report_id,
            queue_id=queue_id,
            policy_id=policy_id,
            expected_outcome=expected_outcome,
            note=note,
            created_by=actor.username,
            created_at=now,
        )
    )
    session.flush()
    journal.append(
        session,
        actor,
        EventKind.GOLD_MARK,
        now,
        report_uid=report_uid,
        payload={"gold": uid, "action": "mark", "expected": expected_outcome, "policy": policy_id},
    )
    return gold_item(session, uid)


def retire_gold(session: Session, actor: Actor, now: datetime, uid: str) -> GoldItemRow:
    """Stop serving a gold item (its results are kept), audited."""
    item = session.scalar(select(GoldItem).where(GoldItem.uid == uid))
    if item is None:
        raise NotFound(f"there is no gold item {uid}")
    if item.retired_at is not None:
        raise ModeratorError("this gold item is already retired")
    item.retired_at = now
    report_uid = session.scalar(select(Report.uid).where(Report.id == item.report_id))
    journal.append(
        session,
        actor,
        EventKind.GOLD_MARK,
        now,
        report_uid=report_uid,
        payload={"gold": uid, "action": "retire"},
    )
    session.flush()
    return gold_item(session, uid)


def list_gold(session: Session, *, include_retired: bool = False) -> list[GoldItemRow]:
    stmt = _gold_select().order_by(GoldItem.created_at, GoldItem.id)
    if not include_retired:
        stmt = stmt.where(GoldItem.retired_at.is_(None))
    return [GoldItemRow(*row) for row in session.execute(stmt)]


def gold_item(session: Session, uid: str) -> GoldItemRow:
    row = session.execute(_gold_select().where(GoldItem.uid == uid)).first()
    if row is None:
        raise NotFound(f"there is no gold item {uid}")
    return GoldItemRow(*row)


def _gold_select() -> Any:
    G, C, Res = GoldItem, GoldCopy, GoldResultRow

    def count(table: Any, *where: Any) -> Any:
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    return (
        select(
            G.uid,
            Report.uid,
            Report.external_ref,
            Queue.name,
            G.policy_id,
            G.expected_outcome,
            G.note,
            G.created_by,
            G.created_at,
            G.retired_at,
            count(C, C.gold_id == G.id),
            count(Res, Res.gold_id == G.id, Res.correct.is_(True)),
            count(Res, Res.gold_id == G.id),
        )
        .join(Report, Report.id == G.report_id)
        .join(Queue, Queue.id == G.queue_id)
    )


# --- serving gold inside the claim ------------------------------------------------------------

_GOLD_RATE = select(QaSettings.gold_rate).where(QaSettings.queue_id == bindparam("p_queue"))
_GOLD_CANDIDATES = (
    select(GoldItem.id, GoldItem.report_id)
    .where(
        GoldItem.queue_id == bindparam("p_queue"),
        GoldItem.retired_at.is_(None),
        # Never twice to the same reviewer, never to anyone who decided the original.
        ~exists().where(
            GoldCopy.gold_id == GoldItem.id, GoldCopy.reviewer_id == bindparam("p_reviewer")
        ),
        ~exists().where(
            Decision.report_id == GoldItem.report_id,
            Decision.reviewer_id == bindparam("p_reviewer"),
        ),
    )
    .order_by(GoldItem.id)
    .limit(64)
)
_COPIED = ("channel", "reported_category", "reporter_text", "url", "platform", "priority")
_MEDIA_COPIED = (
    "position",
    "uri",
    "kind",
    "size_bytes",
    "sha256",
    "md5",
    "pdq",
    "pdq_quality",
    "pdq_frames",
    "media_format",
    "probe_error",
)


@dataclass(frozen=True, slots=True)
class Served:
    """What the claim returns for a gold copy: the same shape as a claimed report's row."""

    id: int
    uid: str
    queue_id: int
    review_round: int


def claim_exclusions() -> list[ColumnElement[bool]]:
    """Conditions on a claim candidate for reviewer `:p_reviewer`.

    A report in a later round never goes back to a reviewer who decided an earlier one (the
    second review is someone else's), and a gold copy is only ever claimed by the reviewer it
    was made for while it stays in its queue.
    """
    reviewer: Any = bindparam("p_reviewer")
    decided_before = exists().where(Decision.report_id == R.id, Decision.reviewer_id == reviewer)
    someone_elses_gold = exists().where(
        GoldCopy.report_id == R.id,
        GoldCopy.reviewer_id != reviewer,
        GoldCopy.queue_id == R.queue_id,
    )
    return [or_(R.review_round == 1, ~decided_before), ~someone_elses_gold]


def serve_gold(
    session: Session,
    reviewer_id: int,
    claimed: Any,
    lease: tuple[str, datetime, datetime],
    rng: Rng | None = None,
) -> Served | None:
    """Maybe swap the report just claimed for a fresh copy of a gold item, at the queue's rate.

    `claimed` is the claimed row (id, uid, queue_id, review_round); `lease` is (token,
    expires_at, now). The real report goes back to the queue untouched and the copy is leased
    instead, in the caller's transaction. Gold is only served when a real report was there to
    claim, so an empty queue stays empty. None when no gold is served.
    """
    rng = rng or _SYSTEM_RNG
    rate = session.scalar(_GOLD_RATE, {"p_queue": claimed.queue_id})
    if not rate or rng.random() >= rate:
        return None
    candidates = session.execute(
        _GOLD_CANDIDATES, {"p_queue": claimed.queue_id, "p_reviewer": reviewer_id}
    ).all()
    if not candidates:
        return None
    gold_id, source_id = rng.choice(candidates)
    try:
        with session.begin_nested():
            return _materialise(session, reviewer_id, claimed, lease, gold_id, source_id, rng)
    except IntegrityError:
        # A concurrent claim of the same reviewer took this gold item first (the unique
        # (gold, reviewer) key): keep the real report instead.
        return None


def _materialise(
    session: Session,
    reviewer_id: int,
    claimed: Any,
    lease: tuple[str, datetime, datetime],
    gold_id: int,
    source_id: int,
    rng: Rng,
) -> Served:
    token, expires, now = lease
    shown = session.execute(
        select(R.source, R.external_ref, R.received_at, R.sla_due).where(R.id == claimed.id)
    ).one()
    session.execute(
        update(Report)
        .where(R.id == claimed.id, R.lease_token == token)
        .values(
            state=ReportState.QUEUED,
            claimed_by=None,
            lease_token=None,
            lease_expires_at=None,
            claimed_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    source = session.execute(select(*(R[c] for c in _COPIED)).where(R.id == source_id)).one()
    # Received a little before the report it stands in for, with the same SLA window: it is
    # exactly as urgent as what the reviewer would have got, and comes with a plausible
    # reference of the same form from the same source.
    jitter = timedelta(seconds=round(rng.random() * 600))
    uid = new_uid()
    copy_id = session.execute(
        insert(Report)
        .values(
            uid=uid,
            source=shown.source,
            external_ref=_fresh_ref(session, shown.source, shown.external_ref, rng),
            queue_id=claimed.queue_id,
            received_at=shown.received_at - jitter,
            sla_due=shown.sla_due - jitter,
            state=ReportState.CLAIMED,
            review_round=1,
            claimed_by=reviewer_id,
            lease_token=token,
            lease_expires_at=expires,
            claimed_at=now,
            ingested_at=now - jitter,
            **dict(zip(_COPIED, source, strict=True)),
        )
        .returning(R.id)
    ).scalar_one()
    M = MediaItem.__table__.c
    media = session.execute(
        select(*(M[c] for c in _MEDIA_COPIED)).where(M.report_id == source_id)
    ).all()
    if media:
        session.execute(
            insert(MediaItem),
            [dict(zip(_MEDIA_COPIED, row, strict=True), report_id=copy_id) for row in media],
        )
    session.execute(
        insert(GoldCopy).values(
            report_id=copy_id,
            gold_id=gold_id,
            reviewer_id=reviewer_id,
            queue_id=claimed.queue_id,
            served_at=now,
        )
    )
    return Served(copy_id, uid, claimed.queue_id, 1)


_DIGITS = re.compile(r"\d+(?!.*\d)")


def _fresh_ref(session: Session, source: str, template: str, rng: Rng) -> str:
    """A reference shaped like `template` (its last digit run redrawn) not yet used by `source`."""
    match = _DIGITS.search(template)
    for _ in range(8):
        if match:
            digits = "".join(str(int(rng.random() * 10)) for _ in match.group())
            ref = template[: match.start()] + digits + template[match.end() :]
        else:
            ref = f"{template}-{int(rng.random() * 10**6):06d}"
        taken = session.scalar(
            select(R.id).where(R.source == source, R.external_ref == ref).limit(1)
        )
        if taken is None:
            return ref
    return f"{template}-{new_uid()[:8]}"


# --- after a decision ------------------------------------------------------------------------


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


def on_decided(session: Session, actor: Actor, now: datetime, d: Decided) -> None:
    """Record a gold result, queue a second review or close one, in the decide's transaction."""
    if d.review_round == 1:
        gold = session.execute(_GOLD_OF_COPY, {"p_report": d.report_id}).first()
        if gold is not None:
            _record_gold(session, now, d, gold)
            return
        share = session.scalar(_SECOND_SHARE, {"p_queue": d.queue_id})
        if share and sampled_for_second_review(d.decision_uid, share):
            _queue_second_review(session, actor, now, d)
        return
    _close_second_review(session, now, d)


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


# --- adjudication -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewSide:
    reviewer: str
    outcome: str
    answers: str  # canonical JSON of the checklist answers
    notes: str
    decided_at: datetime


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
        .add_columns(Adjudication.outcome, sup.username, Adjudication.note)
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
        )
        for row in rows
    ]


def adjudicate(
    session: Session,
    actor: Actor,
    supervisor_id: int,
    now: datetime,
    report_uid: str,
    outcome: str,
    note: str = "",
) -> str:
    """Record the final outcome of a disagreement, audited; returns the adjudication uid."""
    report_id = session.scalar(select(Report.id).where(Report.uid == report_uid))
    if report_id is None:
        raise NotFound(f"there is no report {report_uid}")
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
    return uid
