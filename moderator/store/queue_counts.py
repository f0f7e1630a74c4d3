"""Reports per queue and state from `queue_counts` (kept by triggers: see models_counts).

Reading sums the table's rows; `fold` replaces them by one row per queue and state. Both run
in the caller's transaction. A fold is cheap and safe at any time: on PostgreSQL it is one
statement whose deleted rows are exactly the rows it sums (rows other transactions append
meanwhile stay for the next fold), and one fold at a time runs (the others skip); on SQLite
the transaction holds the write lock.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from moderator.store.prepared import Prepared

FOLD_AT = 2_000  # rows beyond one per queue and state before a fold is due

_SUMS = Prepared(text("SELECT queue_id, state, sum(n) FROM queue_counts GROUP BY queue_id, state"))
_SPAN = Prepared(text("SELECT max(id) - min(id) FROM queue_counts"))
_PG_FOLD = Prepared(
    text(
        "SELECT queue_counts_fold() FROM (SELECT pg_try_advisory_xact_lock(7003) AS got) t "
        "WHERE got"
    )
)
_DELETE_ALL = Prepared(text("DELETE FROM queue_counts"))
_ADD = Prepared(text("INSERT INTO queue_counts (queue_id, state, n) VALUES (:q, :s, :n)"))


def by_queue(session: Session) -> dict[int, dict[str, int]]:
    """{queue id: {state: reports}}; states with no report are left out."""
    counts: dict[int, dict[str, int]] = {}
    for queue_id, state, n in _SUMS.rows(session, {}):
        if n:
            counts.setdefault(int(queue_id), {})[str(state)] = int(n)
    return counts


def queued(session: Session, queue_ids: Sequence[int]) -> dict[int, int]:
    """Reports waiting (queued) per queue id, every id given present."""
    counts = by_queue(session)
    return {qid: counts.get(qid, {}).get("queued", 0) for qid in queue_ids}


def fold_due(session: Session) -> bool:
    found = _SPAN.first(session, {})
    return bool(found and found[0] is not None and found[0] > FOLD_AT)


def fold(session: Session) -> None:
    """One row per queue and state, whatever was appended since the last fold."""
    if session.get_bind().dialect.name == "postgresql":
        _PG_FOLD.rows(session, {})
        return
    sums = _SUMS.rows(session, {})  # the transaction holds SQLite's one write lock
    _DELETE_ALL.rows(session, {})
    for queue_id, state, n in sums:
        if n:
            _ADD.rows(session, {"q": queue_id, "s": state, "n": n})


def fold_if_due(session: Session) -> None:
    if fold_due(session):
        fold(session)
