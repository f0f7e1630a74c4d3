"""The supervisor console's queries over the central store: filter, count, page, details, export.

Every function takes a `Session` on the central store and returns immutable rows, so the Qt
model never holds ORM objects. The log is read newest first, (occurred_at, id) descending,
which the `ix_central_events_*` indexes serve without sorting the table:

- a page next to one already read is fetched by keyset (after/before that page's edge row);
- a jump far into the log skips rows in a subquery that reads only the index (a deferred
  join), then fetches the page's full rows by primary key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text
from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.domain.policy import answer_texts
from moderator.services import policies
from moderator.services.outcomes import OutcomeLabels, codes_only
from moderator.store.models_central import CentralDecision, CentralEvent

C = CentralEvent.__table__.c
Labels = Callable[[Any, Any], str | None]  # (policy id, outcome) -> the label people read
ORDER = (C.occurred_at.desc(), C.id.desc())
ROW_COLUMNS = (
    C.id,
    C.uid,
    C.occurred_at,
    C.actor,
    C.kind,
    C.report_uid,
    C.outcome,
    C.policy_id,
    C.workstation,
    C.seq,
    C.payload,
)
REPORT_EVENTS_LIMIT = 500


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the supervisor narrowed the log to. Empty fields do not filter.

    `since`/`until` are aware UTC datetimes bounding [since, until). `report_ref` is what the
    supervisor typed (a reference such as `NC-101`); it filters once resolved into
    `report_uids` (`ConsoleNames.resolve`), since the reports may live in another database.
    """

    actor: str | None = None
    report_uid: str | None = None
    report_ref: str | None = None
    report_uids: tuple[str, ...] | None = None
    kinds: tuple[str, ...] = ()
    outcome: str | None = None
    policy_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    workstation: str | None = None

    def __post_init__(self) -> None:
        for name, value in (("since", self.since), ("until", self.until)):
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name}: a naive datetime; give an aware UTC time")

    @property
    def empty(self) -> bool:
        return self == EventFilter()

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.actor:
            where.append(C.actor == self.actor)
        if self.report_uid:
            where.append(C.report_uid == self.report_uid)
        if self.report_uids is not None:  # () matches nothing: the reference names no report
            where.append(C.report_uid.in_(self.report_uids))
        if len(self.kinds) == 1:
            where.append(C.kind == self.kinds[0])
        elif self.kinds:
            where.append(C.kind.in_(self.kinds))
        if self.outcome:
            where.append(C.outcome == self.outcome)
        if self.policy_id:
            where.append(C.policy_id == self.policy_id)
        if self.since is not None:
            where.append(C.occurred_at >= self.since)
        if self.until is not None:
            where.append(C.occurred_at < self.until)
        if self.workstation:
            where.append(C.workstation == self.workstation)
        return where


@dataclass(frozen=True, slots=True)
class EventRow:
    """One line of the audit log as the console shows it."""

    id: int
    uid: str
    occurred_at: datetime
    actor: str
    kind: str
    report_uid: str | None
    outcome: str | None
    policy_id: str | None
    workstation: str
    seq: int
    summary: str
    outcome_label: str | None = None  # the outcome as its policy names it
    report_ref: str | None = None  # filled in by ConsoleNames
    workstation_name: str = ""  # filled in by ConsoleNames

    @property
    def key(self) -> tuple[datetime, int]:
        """The row's place in the newest-first order (for keyset paging)."""
        return (self.occurred_at, self.id)


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    uid: str
    reviewer: str
    outcome: str
    policy_id: str
    policy_version: str
    answers: dict[str, Any]
    notes: str
    seconds_on_item: float
    seconds_exposed: float
    decided_at: datetime
    review_round: int
    # In the wording of the exact policy version decided under, when that version is stored
    # here (found by the decision's hash): what the reviewer saw, whatever came after.
    outcome_label: str = ""
    wording: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class EventDetails:
    event: EventRow
    payload: str  # pretty-printed JSON (or the raw text if it is not JSON)
    decision: DecisionInfo | None
    reveal_seconds: float | None  # this event's reveal duration
    report_reveal_seconds: float  # all reveals of the report, summed
    report_events: list[EventRow] = field(default_factory=list)  # oldest first
    report_events_truncated: bool = False


class Column(StrEnum):
    """Columns with a filter dropdown."""

    ACTOR = "actor"
    KIND = "kind"
    OUTCOME = "outcome"
    POLICY = "policy_id"
    WORKSTATION = "workstation"


def summarise(kind: str, payload: str, labels: Labels = codes_only) -> str:
    """A few words about an event's payload for the table (never media content)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    if kind == "reveal":
        return f"{data.get('kind', '?')} {_seconds(data.get('seconds'))}"
    if kind in ("decide", "submit"):
        return labels(data.get("policy"), data.get("outcome")) or ""
    if kind == "escalate":
        return str(data.get("reason", ""))[:80]
    if kind == "checkpoint" and "seq" in data:
        return f"up to {data['seq']}"
    return ""


def _seconds(value: Any) -> str:
    return f"{float(value):.1f} s" if isinstance(value, int | float) else "?"


def _row(row: Any, labels: Labels = codes_only) -> EventRow:
    return EventRow(
        id=row.id,
        uid=row.uid,
        occurred_at=row.occurred_at,
        actor=row.actor,
        kind=row.kind,
        report_uid=row.report_uid,
        outcome=row.outcome,
        policy_id=row.policy_id,
        workstation=row.workstation,
        seq=row.seq,
        summary=summarise(row.kind, row.payload, labels),
        outcome_label=labels(row.policy_id, row.outcome),
    )


def count(session: Session, f: EventFilter) -> int:
    """How many events match the filter."""
    query = select(func.count()).select_from(CentralEvent.__table__).where(*f.conditions())
    return int(session.scalar(query) or 0)


def older_than(key: tuple[datetime, int]) -> ColumnElement[bool]:
    """Rows after `key` in the newest-first order."""
    # Spelled out rather than as a row-value comparison: both engines turn the leading
    # `occurred_at <= t` into an index range, whatever their row-value support.
    at, ident = key
    return and_(C.occurred_at <= at, or_(C.occurred_at < at, C.id < ident))


def newer_than(key: tuple[datetime, int]) -> ColumnElement[bool]:
    """Rows before `key` in the newest-first order."""
    at, ident = key
    return and_(C.occurred_at >= at, or_(C.occurred_at > at, C.id > ident))


def page_query(
    f: EventFilter,
    offset: int,
    limit: int,
    *,
    after: tuple[datetime, int] | None = None,
    before: tuple[datetime, int] | None = None,
) -> Select[Any]:
    """The statement `page` runs (rows come back oldest first when `before` is given)."""
    where = f.conditions()
    if after is not None:
        return select(*ROW_COLUMNS).where(*where, older_than(after)).order_by(*ORDER).limit(limit)
    if before is not None:
        return (
            select(*ROW_COLUMNS)
            .where(*where, newer_than(before))
            .order_by(C.occurred_at.asc(), C.id.asc())
            .limit(limit)
        )
    if offset <= limit:
        return select(*ROW_COLUMNS).where(*where).order_by(*ORDER).offset(offset).limit(limit)
    # Deep jump: skip `offset` rows reading keys only, then fetch the page's rows by id.
    ids = select(C.id).where(*where).order_by(*ORDER).offset(offset).limit(limit)
    return select(*ROW_COLUMNS).where(C.id.in_(ids.scalar_subquery())).order_by(*ORDER)


def page(
    session: Session,
    f: EventFilter,
    offset: int,
    limit: int,
    *,
    after: tuple[datetime, int] | None = None,
    before: tuple[datetime, int] | None = None,
) -> list[EventRow]:
    """`limit` rows of the filtered log, newest first, starting at row `offset`.

    With `after` (the key of row offset-1) or `before` (the key of row offset+limit), the
    page is read by keyset from that edge and `offset` is not used to skip rows.
    """
    rows = list(session.execute(page_query(f, offset, limit, after=after, before=before)))
    if before is not None and after is None:
        rows.reverse()
    labels = OutcomeLabels(session)
    return [_row(r, labels) for r in rows]


def distinct_values(session: Session, column: Column, limit: int = 500) -> list[str]:
    """The distinct non-empty values of a column, sorted, for a filter dropdown.

    A loose index scan (one index probe per value, a recursive CTE on both engines) rather
    than DISTINCT, which would read every row of a million-event log.
    """
    name = CentralEvent.__table__.c[column.value].name
    sql = text(
        f"""
        WITH RECURSIVE vals(v, n) AS (
            SELECT MIN({name}), 1 FROM central_events WHERE {name} IS NOT NULL
            UNION ALL
            SELECT (SELECT MIN({name}) FROM central_events WHERE {name} > vals.v), n + 1
            FROM vals WHERE vals.v IS NOT NULL AND n < :limit
        )
        SELECT v FROM vals WHERE v IS NOT NULL AND v <> ''
        """  # noqa: S608 - `name` comes from the Column enum, never from input
    )
    return [str(v) for v in session.scalars(sql, {"limit": limit})]


def details(session: Session, uid: str) -> EventDetails | None:
    """Everything the console shows about one event; None if there is no such event."""
    row = session.execute(select(*ROW_COLUMNS).where(C.uid == uid)).first()
    if row is None:
        return None
    labels = OutcomeLabels(session)
    event = _row(row, labels)
    data = _json(row.payload)
    pretty = (
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
        if data is not None
        else row.payload
    )
    decision = _decision(session, data) if event.kind == "decide" else None
    reveal = _reveal_seconds(data) if event.kind == "reveal" else None
    others: list[EventRow] = []
    truncated = False
    report_reveals = 0.0
    if event.report_uid:
        query = (
            select(*ROW_COLUMNS)
            .where(C.report_uid == event.report_uid)
            .order_by(C.occurred_at, C.id)
            .limit(REPORT_EVENTS_LIMIT + 1)
        )
        rows = session.execute(query).all()
        truncated = len(rows) > REPORT_EVENTS_LIMIT
        for r in rows[:REPORT_EVENTS_LIMIT]:
            others.append(_row(r, labels))
            if r.kind == "reveal":
                report_reveals += _reveal_seconds(_json(r.payload)) or 0.0
    return EventDetails(event, pretty, decision, reveal, report_reveals, others, truncated)


def _json(payload: str) -> Any:
    try:
        return json.loads(payload)
    except ValueError:
        return None


def _reveal_seconds(data: Any) -> float | None:
    if isinstance(data, dict) and isinstance(data.get("seconds"), int | float):
        return float(data["seconds"])
    return None


def _decision(session: Session, data: Any) -> DecisionInfo | None:
    if not isinstance(data, dict) or not isinstance(data.get("decision"), str):
        return None
    d = session.get(CentralDecision, data["decision"])
    if d is None:
        return None
    answers = _json(d.answers)
    answers = answers if isinstance(answers, dict) else {}
    outcome_label = ""
    wording: tuple[tuple[str, str], ...] = ()
    try:
        policy = policies.load_for_decision(session, d.policy_hash, d.policy_id, d.policy_version)
    except ModeratorError:
        pass  # not stored in this database: the ids are shown as they are
    else:
        outcome_label = next((o.label for o in policy.outcomes if o.id == d.outcome), "")
        wording = tuple(answer_texts(policy, answers))
    return DecisionInfo(
        uid=d.uid,
        reviewer=d.reviewer,
        outcome=d.outcome,
        policy_id=d.policy_id,
        policy_version=d.policy_version,
        answers=answers,
        notes=d.notes,
        seconds_on_item=d.seconds_on_item,
        seconds_exposed=d.seconds_exposed,
        decided_at=d.decided_at,
        review_round=d.review_round,
        outcome_label=outcome_label,
        wording=wording,
    )
