"""The local side of sync: how far each central store acknowledged each chain.

A cursor moves only after the central commit. It remembers the acknowledged seq, the hash of
the event there and the last checkpoint up to there, so local verification can tell a chain
that was cut below, or rewritten up to, what the central store already holds.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit_witness import Acknowledged
from moderator.store.models_central import SyncCursor


def _ack(cursor: SyncCursor) -> Acknowledged:
    return Acknowledged(int(cursor.acked_seq), cursor.acked_hash, cursor.checkpoint_seq)


def acknowledged(session: Session, target: str) -> dict[str, Acknowledged]:
    """What the central store `target` acknowledged, by workstation."""
    rows = session.scalars(select(SyncCursor).where(SyncCursor.target == target))
    return {row.workstation: _ack(row) for row in rows}


def acknowledged_anywhere(session: Session) -> dict[str, list[tuple[str, Acknowledged]]]:
    """Every central store's acknowledgement, by workstation: [(target, acknowledged)]."""
    found: defaultdict[str, list[tuple[str, Acknowledged]]] = defaultdict(list)
    for row in session.scalars(select(SyncCursor).order_by(SyncCursor.target)):
        found[row.workstation].append((row.target, _ack(row)))
    return dict(found)


def acknowledge(
    session: Session,
    target: str,
    workstation: str,
    ack: Acknowledged,
    now: datetime,
) -> None:
    """Move the cursor forward to `ack` (never back: a concurrent syncer may be further on)."""
    cursor = session.get(SyncCursor, (target, workstation))
    if cursor is None:
        session.add(
            SyncCursor(
                target=target,
                workstation=workstation,
                acked_seq=ack.seq,
                acked_decision_id=0,
                acked_hash=ack.hash,
                checkpoint_seq=ack.checkpoint_seq,
                updated_at=now,
            )
        )
    elif cursor.acked_seq < ack.seq:
        cursor.acked_seq = ack.seq
        cursor.acked_hash = ack.hash
        if ack.checkpoint_seq is not None:
            cursor.checkpoint_seq = ack.checkpoint_seq
        cursor.updated_at = now
