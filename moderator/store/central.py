"""The central store's receiving side: what sync inserts, and the checks before its commit.

Sync inserts here (`insert_events`, `insert_decisions`), then `check_range` and
`check_decisions_sent` make sure that what ON CONFLICT DO NOTHING left in place is what this
workstation sent. Verification is in `store.verification`, keys and signature checks in
`store.keys`, stored-chain reads in `store.chains`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.store.chains import iter_stored_chain, verify_stored_chain
from moderator.store.dialect import insert_ignoring_conflicts
from moderator.store.keys import KeyConflict, load_keys, register_key, signature_checker
from moderator.store.models_central import CentralDecision, CentralEvent
from moderator.store.verification import WorkstationStatus, status_of, verify_central

# Re-exported: they lived here before `store.keys`, `store.chains` and `store.verification`
# were split off.
__all__ = [
    "KeyConflict",
    "SyncConflict",
    "WorkstationStatus",
    "check_decisions_sent",
    "check_range",
    "insert_decisions",
    "insert_events",
    "iter_stored_chain",
    "load_keys",
    "register_key",
    "signature_checker",
    "status_of",
    "verify_central",
    "verify_stored_chain",
]

C = CentralEvent.__table__.c
D = CentralDecision.__table__.c


class SyncConflict(ModeratorError):
    """The central store holds something else at a (workstation, seq) or decision uid than
    this workstation sends: a fork, or tampering on one side."""


# --- receiving (sync) -------------------------------------------------------------------------


def insert_events(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert received events; an event already present (same uid) is left as it is.

    A different event at an existing (workstation, seq) raises IntegrityError; one under an
    existing uid is skipped. `check_range` then tells a resend from a fork or a rewrite.
    """
    if rows:
        session.execute(insert_ignoring_conflicts(session, CentralEvent.__table__, "uid"), rows)


def insert_decisions(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert received decisions; one already present is left as it is (`check_decisions_sent`
    then makes sure it is the same decision)."""
    if rows:
        session.execute(insert_ignoring_conflicts(session, CentralDecision.__table__, "uid"), rows)


def _conflict(workstation: str, seq: int, what: str) -> SyncConflict:
    return SyncConflict(
        f"central store conflict for workstation {workstation} at seq {seq}: {what}; the chain "
        "was forked or tampered with — nothing was marked as sent, ask a supervisor"
    )


def check_range(
    session: Session,
    workstation: str,
    expected: Mapping[int, tuple[str, str]],
    prev_hash: str | None = None,
) -> None:
    """Raise SyncConflict unless the central events at these seqs are exactly `expected`
    ({seq: (uid, hash)}) and, given the first one's `prev_hash`, it links to the central
    event before it: a local chain rewritten after the central store received part of it is
    named here, not left as a broken link at the central store."""
    if not expected:
        return
    first = min(expected)
    low = first - 1 if prev_hash is not None and first > 1 else first
    prev = prev_hash or ""
    rows = session.execute(
        select(C.seq, C.uid, C.hash).where(
            C.workstation == workstation, C.seq.between(low, max(expected))
        )
    ).all()
    found = {seq: (uid, digest) for seq, uid, digest in rows}
    if low < first:
        before = found.get(low)
        if before is None:
            raise _conflict(
                workstation,
                first,
                f"the central store holds no event at seq {low}, which this workstation's "
                "events follow (deleted at the central store)",
            )
        if before[1] != prev:
            raise _conflict(
                workstation,
                first,
                f"this workstation's event links to {prev[:12]} at seq {low}, the central "
                f"store holds event {before[0]} ({before[1][:12]}) there: the local journal was "
                "rewritten after the central store received it",
            )
    for seq, want in expected.items():
        have = found.get(seq)
        if have != want:
            what = "is missing" if have is None else f"holds event {have[0]} ({have[1][:12]})"
            raise _conflict(
                workstation,
                seq,
                f"it {what}, this workstation has event {want[0]} ({want[1][:12]})",
            )


_DECISION_COMPARED = tuple(c.name for c in CentralDecision.__table__.c if c.name != "received_at")


def check_decisions_sent(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Raise SyncConflict unless the central store's decision under each sent uid is the one
    sent: ON CONFLICT DO NOTHING would otherwise keep an earlier, different row silently."""
    if not rows:
        return
    stored = {
        r.uid: r
        for r in session.execute(
            select(*(D[name] for name in _DECISION_COMPARED)).where(
                D.uid.in_([row["uid"] for row in rows])
            )
        )
    }
    for row in rows:
        have = stored.get(row["uid"])
        differ = [n for n in _DECISION_COMPARED if have is None or getattr(have, n) != row[n]]
        if differ:
            raise SyncConflict(
                f"central store conflict for decision {row['uid']} (workstation "
                f"{row['workstation']}): the central store holds another "
                f"{', '.join(differ)} for it; the decision was edited on one side — nothing "
                "was marked as sent, ask a supervisor"
            )
