"""The queue's hot statements, built once: the claim, the lease sweep, the decide's close and
insert. Each carries what its caller would otherwise ask in a statement of its own (the
queue's QA settings, whether the report is a gold copy, whether the person is active), so a
claim or a decide is as few round trips as it can be.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, insert, literal_column, select, update

from moderator.domain.reports import ReportState
from moderator.store import quality
from moderator.store.base import UTCDateTime
from moderator.store.eligibility import eligible_queue_ids
from moderator.store.models import (
    IS_CLAIMED,
    IS_QUEUED,
    Decision,
    MediaItem,
    PendingDecision,
    Report,
    Reviewer,
    Skip,
)
from moderator.store.models_banks import BankFeed
from moderator.store.models_quality import GoldCopy, QaSettings
from moderator.store.prepared import Prepared

T = cast(Table, Report.__table__)
R = T.c
_QA = QaSettings.__table__.c
# Spelled out in the RETURNING clauses' subqueries: SQLite's RETURNING names columns without
# their table, which inside a subquery would bind `queue_id` to the subquery's own table.
_REPORT_ID: Any = literal_column("reports.id")
_REPORT_QUEUE: Any = literal_column("reports.queue_id")

EXPIRE = (
    update(T)
    .where(IS_CLAIMED, R.lease_expires_at <= bindparam("p_now"))
    # A decision submitted and still in its undo grace period (or waiting for its client to
    # come back after a crash) keeps its report: expiring the lease would orphan it.
    .where(~exists().where(PendingDecision.report_id == R.id))
    .values(
        state=ReportState.QUEUED,
        claimed_by=None,
        lease_token=None,
        lease_expires_at=None,
        claimed_at=None,
    )
    .returning(R.uid)
)


@lru_cache(maxsize=64)
def claim_statement(
    postgres: bool,
    limited: bool,
    visual: bool = True,
    roles: tuple[str, ...] | None = None,
    active_only: bool = False,
) -> Any:
    """UPDATE ... RETURNING (id, uid, queue_id, review_round, the queue's gold rate).

    With `roles` the eligible roles are written into the statement (it can then be
    `Prepared`); with `active_only` a deactivated person claims nothing (their lock, taken
    before this statement, makes a deactivation committing meanwhile wait, or be seen).
    """
    # SQLite's planner (no statistics) would otherwise pick the (queue, state) index and sort
    # every queued report on each claim; `queue_id + 0` keeps it on the claim-order index.
    queue_col = R.queue_id if postgres else R.queue_id + 0
    skipped = exists().where(
        Skip.report_id == R.id,
        Skip.reviewer_id == bindparam("p_reviewer"),
        Skip.until > bindparam("p_now", type_=UTCDateTime()),
    )
    candidate = (
        select(R.id)
        .where(IS_QUEUED)
        .where(queue_col.in_(eligible_queue_ids(roles)))
        .where(~skipped)
        .where(*quality.claim_exclusions())  # second review blind; gold copies
        .order_by(R.sla_due, R.priority.desc(), R.received_at, R.id)
        .limit(literal_column("1"))  # a bound LIMIT: PostgreSQL would plan each claim afresh
    )
    if limited:
        candidate = candidate.where(queue_col.in_(bindparam("p_queues", expanding=True)))
    if not visual:  # a reviewer at a daily exposure cap: reports without images or video only
        candidate = candidate.where(
            ~exists().where(
                MediaItem.report_id == R.id,
                MediaItem.kind.in_([literal_column("'image'"), literal_column("'video'")]),
            )
        )
    if active_only:
        candidate = candidate.where(
            exists().where(Reviewer.id == bindparam("p_reviewer"), Reviewer.active.is_(True))
        )
    if postgres:
        # Concurrent claimers pass over rows another transaction is taking instead of waiting.
        candidate = candidate.with_for_update(skip_locked=True)
    gold_rate = select(_QA.gold_rate).where(_QA.queue_id == _REPORT_QUEUE).scalar_subquery()
    return (
        update(T)
        .where(R.id == candidate.scalar_subquery(), R.state == ReportState.QUEUED)
        .values(
            state=ReportState.CLAIMED,
            claimed_by=bindparam("p_reviewer"),
            lease_token=bindparam("p_token"),
            lease_expires_at=bindparam("p_expires"),
            claimed_at=bindparam("p_now"),
        )
        .returning(R.id, R.uid, R.queue_id, R.review_round, gold_rate)
    )


@lru_cache(maxsize=64)
def prepared_claim(postgres: bool, visual: bool, roles: tuple[str, ...], active: bool) -> Prepared:
    return Prepared(claim_statement(postgres, False, visual, roles, active))


# Closing the report returns what QA needs to know of it: whether it is a gold copy, the
# queue's second-review share and whether the queue feeds a hash bank.
DECIDE_CLOSE = Prepared(
    update(T)
    .where(
        R.id == bindparam("p_id"),
        R.state == ReportState.CLAIMED,
        R.lease_token == bindparam("p_token"),
    )
    .values(
        state=ReportState.DECIDED,
        claimed_by=None,
        lease_token=None,
        lease_expires_at=None,
        decided_at=bindparam("p_now", type_=UTCDateTime()),
    )
    .returning(
        R.id,
        exists().where(GoldCopy.report_id == _REPORT_ID),
        select(_QA.second_review).where(_QA.queue_id == _REPORT_QUEUE).scalar_subquery(),
        exists().where(BankFeed.queue_id == _REPORT_QUEUE, BankFeed.stopped_at.is_(None)),
    )
)
_D = cast(Table, Decision.__table__)
DECISION_COLUMNS = (
    "uid",
    "report_id",
    "review_round",
    "reviewer_id",
    "policy_id",
    "policy_version",
    "policy_hash",
    "outcome",
    "answers",
    "notes",
    "seconds_on_item",
    "seconds_exposed",
    "decided_at",
    "workstation",
    "lease_token",
)
DECIDE_INSERT = Prepared(
    insert(_D).values({c: bindparam(c, type_=_D.c[c].type) for c in DECISION_COLUMNS})
)
