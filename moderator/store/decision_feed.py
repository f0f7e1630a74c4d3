"""Numbering the decision feed (migration 0019) without a lock in the decide path.

A trigger on `decisions` adds each new decision to `decision_feed` unnumbered, with the id of
the transaction that wrote it (`xid`; 0 on SQLite). Nothing in the decide path waits for
anything: reviewers' decide transactions run side by side.

`sequence` numbers the rows that no earlier row can still join. On PostgreSQL every
transaction whose id is below the xmin of the current snapshot has ended, and new transactions
only get higher ids; so once the unnumbered rows below xmin are numbered in (xid, decision id)
order, a row that commits later has a higher xid than all of them and gets a higher number.
Sequencers (only they) take a transaction-scoped advisory lock, so their numbers never
interleave. Readers use numbered rows only: a keyset cursor `seq > N` never skips a decision
committed later, every number is used once, and the numbers follow one total order.

The cost: a transaction that holds an xid and stays open (any write transaction in the
PostgreSQL cluster, not only decides) holds back the numbering of rows written after it
began, until it commits or rolls back. Decisions are then late in the feed, never missing.

On SQLite every transaction holds the write lock (BEGIN IMMEDIATE), so every row a sequencer
sees is committed or its own, and all unnumbered rows are numbered, by decision id.

The caller's transaction must be READ COMMITTED (the default): the statements after the lock
must see what the previous sequencer committed.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

FEED_LOCK = 7_019_001  # pg_advisory_xact_lock key: sequencers only
_PG_HORIZON = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
_SQLITE_HORIZON = str(2**62)  # above every xid (all 0): one writer at a time


def sequence(session: Session) -> int:
    """Number the feed rows that can be numbered now; how many were numbered.

    Call it in the transaction that then reads the feed (or enqueues webhooks), before the
    read. It holds the sequencers' lock until that transaction ends; keep it short.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    horizon = _PG_HORIZON if postgres else _SQLITE_HORIZON
    waiting = text(
        "SELECT 1 FROM decision_feed WHERE seq IS NULL AND xid < " + horizon + " LIMIT 1"
    )
    if session.scalar(waiting) is None:
        return 0
    if postgres:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK})
    # A new statement, so a new snapshot: it sees the last sequencer's numbers.
    base = session.scalar(text("SELECT coalesce(max(seq), 0) FROM decision_feed"))
    result = session.execute(
        text(
            "UPDATE decision_feed SET seq = :base + todo.n FROM (SELECT decision_id, "
            "row_number() OVER (ORDER BY xid, decision_id) AS n FROM decision_feed "
            "WHERE seq IS NULL AND xid < " + horizon + ") AS todo "
            "WHERE decision_feed.decision_id = todo.decision_id"
        ),
        {"base": int(base or 0)},
    )
    return int(getattr(result, "rowcount", 0))
