"""Verifying the audit record: `moderator audit verify` with and without `--central`.

`verify_workspace` checks the workspace's journal in full and against what witnesses it: the
sync cursors (what the central store acknowledged), the decision rows, this workstation's key
in the keyring, and (where the profile or the caller requires signing) the unsigned tail.
`verify_against_central` checks the central store's chains and compares this workspace's
chains with them, so an event edited and re-hashed after the central store received it is
named by its seq even when both copies are internally sound.

What cannot be proven is said as such: events after the last checkpoint that have not reached
the central store can be rewritten by whoever can write the workspace file, and a single seat
(the workspace is its own central store) has no independent copy at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from moderator.domain.audit_witness import (
    Acknowledged,
    Finding,
    divergence_finding,
    first_divergence,
)
from moderator.services import signing
from moderator.services.central import central_url_for, open_central, open_target, target_key
from moderator.services.workspace import Workspace
from moderator.store import cursors, verification
from moderator.store.chains import event_at, stored_head, workstations_in
from moderator.store.db import session_factory
from moderator.store.verification import (
    WorkstationStatus,
    acknowledged_finding,
    empty_status,
    with_findings,
)

__all__ = [
    "WorkstationStatus",
    "compare_copies",
    "signing_required",
    "verify_against_central",
    "verify_workspace",
]


def signing_required(workspace: Workspace, require_signed: bool | None) -> bool:
    """The caller's choice, else the profile's `require_signed` setting."""
    return workspace.profile.require_signed if require_signed is None else require_signed


def verify_workspace(
    workspace: Workspace, *, require_signed: bool | None = None
) -> list[WorkstationStatus]:
    """Every chain in the workspace's journal, held against everything that witnesses it."""
    required = signing_required(workspace, require_signed)
    own = signing.keyring_public_key(workspace.workstation)  # the keyring, before the database
    signed = signing.last_checkpoint(workspace)
    with workspace.transaction() as session:
        statuses = verification.verify_local(session, require_signed=required)
        if signed is not None:
            statuses = _against_keyring(session, statuses, workspace.workstation, signed)
    return [_own_key(s, workspace.workstation, own) for s in statuses]


def _against_keyring(
    session: Session,
    statuses: list[WorkstationStatus],
    workstation: str,
    signed: tuple[int, str],
) -> list[WorkstationStatus]:
    """This workstation's chain held against the last checkpoint its keyring remembers
    signing here: a tail cut below it, checkpoints and all, is named."""
    seq, digest = signed
    ack = Acknowledged(seq, digest, checkpoint_seq=seq)
    if workstation not in {s.workstation for s in statuses}:
        statuses = [*statuses, empty_status(workstation, None)]
    result = []
    for status in statuses:
        found = None
        if status.workstation == workstation:
            found = acknowledged_finding(
                session,
                "audit_events",
                status,
                ack,
                holder="this workspace",
                witness="this workstation's keyring",
                verb="remembers signing",
            )
        result.append(with_findings(status, [found]) if found else status)
    return result


def verify_against_central(
    workspace: Workspace, url: str | None = None, *, require_signed: bool | None = None
) -> tuple[list[WorkstationStatus], str]:
    """The central store's chains (the profile's, or the one at `url`), each compared with this
    workspace's copy; and a name for the store that was checked."""
    required = signing_required(workspace, require_signed)
    target = url or central_url_for(workspace.profile)
    own = signing.keyring_public_key(workspace.workstation)
    if target is None:  # the workspace database is its own central store: one transaction
        with workspace.transaction() as session:
            acked = cursors.acknowledged(session, target_key(workspace.profile.database))
            statuses = verification.verify_central(session, acked, require_signed=required)
            statuses = compare_copies(session, session, statuses)
        return [_own_key(s, workspace.workstation, own) for s in statuses], "the workspace database"
    with workspace.transaction() as session:
        acked = cursors.acknowledged(session, target_key(target))
    engine = open_target(url) if url else open_central(workspace.profile)
    try:
        with session_factory(engine)() as central, central.begin():
            statuses = verification.verify_central(central, acked, require_signed=required)
            with workspace.transaction() as local:
                statuses = compare_copies(local, central, statuses)
    finally:
        engine.dispose()
    return [_own_key(s, workspace.workstation, own) for s in statuses], target


def compare_copies(
    local: Session, central: Session, statuses: Sequence[WorkstationStatus]
) -> list[WorkstationStatus]:
    """Each central chain (its verification `statuses`) compared with the local journal's copy
    up to where both reach: the first seq at which they differ is named, and so is a local
    copy that ends below what the central store verifiably holds."""
    mine = set(workstations_in(local, "audit_events"))
    result = []
    for status in statuses:
        ws = status.workstation
        found = _difference(local, central, ws, status.head_seq) if ws in mine else None
        result.append(with_findings(status, [found]) if found else status)
    return result


def _difference(local: Session, central: Session, ws: str, central_to: int) -> Finding | None:
    local_head = stored_head(local, "audit_events", ws)

    def same(seq: int) -> bool:
        here = event_at(local, "audit_events", ws, seq)
        return here is not None and here == event_at(central, "central_events", ws, seq)

    seq = first_divergence(min(local_head, central_to), same)
    if seq is not None:
        here = event_at(local, "audit_events", ws, seq)
        there = event_at(central, "central_events", ws, seq)
        return divergence_finding(ws, seq, here, there)
    if local_head < central_to:
        return Finding(
            ws,
            "at the central store but missing from this workspace (cut tail)",
            seq=local_head + 1,
            last=central_to,
        )
    return None


def _own_key(status: WorkstationStatus, workstation: str, own: str | None) -> WorkstationStatus:
    """A key registered for this workstation that is not the one in its keyring: whoever
    replaced it can sign anything, so its checkpoints prove nothing."""
    if own is None or status.workstation != workstation or status.key in (None, own):
        return status
    registered = status.key or ""
    return with_findings(
        status,
        [
            Finding(
                workstation,
                f"the signing key registered for it ({registered[:16]}…) is not this "
                f"workstation's key in the keyring ({own[:16]}…): its checkpoints prove nothing "
                "(replaced key)",
            )
        ],
    )
