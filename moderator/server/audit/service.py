"""A workstation's chain arrives: every event is checked before any is stored.

The events must be this workstation's and this person's, of a kind a desktop records, follow
the chain the server holds (seq and link), hash right, and a checkpoint must be signed with
the key the server enrolled for this workstation. Events the server holds already (same uid,
same hash) are a resend and change nothing. Anything else refuses the whole push.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from moderator.domain.audit import GENESIS_HASH, ChainCursor, ChainedEvent, EventKind, check_event
from moderator.server.context import Principal, Server
from moderator.server.errors import ChainRejected, EventRefused, ForeignEvent
from moderator.store import central, journal
from moderator.store.dialect import lock_workstation
from moderator.store.journal import Actor
from moderator.store.models_central import CentralEvent

# What a desktop records by itself; everything else is the server's to record.
DESKTOP_KINDS = frozenset(
    {
        EventKind.VIEW,
        EventKind.REVEAL,
        EventKind.REBLUR,
        EventKind.SETTINGS,
        EventKind.LOGIN,
        EventKind.LOGOUT,
        EventKind.CHECKPOINT,
        EventKind.EXPORT,
    }
)
C = CentralEvent.__table__.c


def head(server: Server, who: Principal) -> tuple[int, str]:
    with server.workspace().transaction() as session:
        return _head(session, who.workstation)


def _head(session: object, workstation: str) -> tuple[int, str]:
    row = session.execute(  # type: ignore[attr-defined]
        select(C.seq, C.hash).where(C.workstation == workstation).order_by(C.seq.desc()).limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def _owned(who: Principal, events: Sequence[ChainedEvent]) -> None:
    for e in events:
        if e.workstation != who.workstation:
            raise ForeignEvent(
                f"event {e.uid} names workstation {e.workstation}, but this token is "
                f"workstation {who.workstation}'s: nothing was stored"
            )
        if e.actor != who.registration.username:
            raise ForeignEvent(
                f"event {e.uid} names {e.actor!r} as its actor; this workstation is "
                f"{who.registration.username}'s: nothing was stored"
            )
        if e.kind not in DESKTOP_KINDS:
            raise EventRefused(
                f"event {e.uid} is a {e.kind!r} event; the server records those itself: "
                "nothing was stored"
            )


def push(server: Server, who: Principal, events: Sequence[ChainedEvent]) -> tuple[int, int, str]:
    """Check and store the events: (newly accepted, head seq, head hash)."""
    _owned(who, events)
    ordered = sorted(events, key=lambda e: e.seq)
    check = central.signature_checker({who.workstation: who.registration.public_key})
    now = server.now()
    with server.for_principal(who).transaction() as session:
        lock_workstation(session, who.workstation)  # one push per chain at a time
        head_seq, head_hash = _head(session, who.workstation)
        known = [e for e in ordered if e.seq <= head_seq]
        fresh = [e for e in ordered if e.seq > head_seq]
        _resent(session, who.workstation, known)
        cursor = ChainCursor(who.workstation, next_seq=head_seq + 1, prev=head_hash)
        for event in fresh:
            if not check_event(cursor, event, check):
                problem = cursor.problem
                assert problem is not None
                raise ChainRejected(
                    f"event {event.uid} (seq {event.seq}) refused: {problem.reason}; "
                    "nothing was stored"
                )
        if fresh:
            central.insert_events(session, [_row(e, now) for e in fresh])
            journal.append(
                session,
                Actor(who.registration.username, who.chain),
                EventKind.AUDIT_PUSH,
                now,
                payload={
                    "workstation": who.workstation,
                    "from_seq": fresh[0].seq,
                    "to_seq": fresh[-1].seq,
                    "head": cursor.prev,
                },
            )
            return len(fresh), cursor.next_seq - 1, cursor.prev
    return 0, head_seq, head_hash


def _resent(session: object, workstation: str, known: Sequence[ChainedEvent]) -> None:
    if not known:
        return
    expected = {e.seq: (e.uid, e.hash) for e in known}
    try:
        central.check_range(session, workstation, expected)  # type: ignore[arg-type]
    except central.SyncConflict as exc:
        raise ChainRejected(f"{exc}") from exc
    # Same uid and hash at each seq: but is the content the same too? The hash says so.


def _row(e: ChainedEvent, now: datetime) -> dict[str, object]:
    return {
        "uid": e.uid,
        "workstation": e.workstation,
        "seq": e.seq,
        "occurred_at": e.occurred_at,
        "actor": e.actor,
        "kind": e.kind,
        "report_uid": e.report_uid,
        "payload": e.payload,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
        "outcome": None,
        "policy_id": None,
        "received_at": now,
    }
