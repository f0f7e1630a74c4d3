"""Verifying the record: each chain in full, and held against what witnesses it.

`verify_local` checks the workspace's journal, `verify_central` the central store. Beyond the
chain itself (links, hashes, signed checkpoints) each chain is held against the sync cursors
(what a central store acknowledged: a chain cut below that, or rewritten up to it, is named),
its decision rows (every DECIDE event has its row and every row its event) and, where signing
is required, its unsigned tail. Every problem is one line: workstation, seq, what.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from moderator.domain.audit import ChainReport
from moderator.domain.audit_witness import (
    Acknowledged,
    Finding,
    against_acknowledged,
    unsigned_finding,
    unsigned_tail,
)
from moderator.store import cursors, decision_check
from moderator.store.chains import event_at, stored_head, verify_stored_chain, workstations_in
from moderator.store.keys import load_keys, signature_checker


@dataclass(frozen=True, slots=True)
class WorkstationStatus:
    """One workstation's chain as verification found it, as the console and the CLI show it.

    `problems` are one line each (`problem` is the first); `notes` are what is true but not a
    failure, such as an unsigned tail where signing is not required."""

    workstation: str
    events: int
    head_seq: int
    checkpoint_seq: int | None  # the last seq a valid signed checkpoint vouches for
    ok: bool
    problem: str | None = None
    bad_seq: int | None = None
    bad_uid: str | None = None
    key: str | None = None  # registered public key, hex
    problems: tuple[str, ...] = ()
    unsigned: int = 0  # events after the last checkpoint: no signature vouches for them
    notes: tuple[str, ...] = ()


def status_of(report: ChainReport, key: str | None) -> WorkstationStatus:
    problem = report.problem
    head = report.head_seq if problem is None else problem.seq - 1
    return WorkstationStatus(
        workstation=report.workstation,
        events=report.events,
        head_seq=head,
        checkpoint_seq=report.checkpoint_seq,
        ok=problem is None,
        problem=problem.describe() if problem else None,
        bad_seq=problem.seq if problem else None,
        bad_uid=problem.uid if problem else None,
        key=key,
        problems=(problem.describe(),) if problem else (),
        unsigned=unsigned_tail(head, report.checkpoint_seq) if problem is None else 0,
    )


def with_findings(
    status: WorkstationStatus, problems: Sequence[Finding], notes: Sequence[Finding] = ()
) -> WorkstationStatus:
    """The status with more problems (after any it has) and notes."""
    texts = (*status.problems, *(f.describe() for f in problems))
    first = problems[0] if problems and status.problem is None else None
    return dataclasses.replace(
        status,
        ok=not texts,
        problem=texts[0] if texts else None,
        bad_seq=first.seq if first else status.bad_seq,
        bad_uid=first.uid if first else status.bad_uid,
        problems=texts,
        notes=(*status.notes, *(f.describe() for f in notes)),
    )


def empty_status(workstation: str, key: str | None) -> WorkstationStatus:
    """A workstation that has decision rows or an acknowledgement but no events here."""
    return WorkstationStatus(workstation, 0, 0, None, ok=True, key=key)


def acknowledged_finding(
    session: Session,
    table: str,
    status: WorkstationStatus,
    ack: Acknowledged,
    *,
    holder: str,
    witness: str,
    verb: str = "acknowledged",
) -> Finding | None:
    """Hold a stored chain (its verification `status`) against what a witness vouches for."""
    ws = status.workstation
    stored = status.head_seq if status.problem is None else stored_head(session, table, ws)
    at = None
    if ack.hash is not None and 0 < ack.seq <= status.head_seq:
        at = event_at(session, table, ws, ack.seq)
    return against_acknowledged(
        ws,
        ack,
        stored_head=stored,
        verified_to=status.head_seq,
        hash_at_ack=at[1] if at else None,
        holder=holder,
        witness=witness,
        verb=verb,
    )


def signed_findings(
    status: WorkstationStatus, require_signed: bool
) -> tuple[list[Finding], list[Finding]]:
    """(problems, notes) about the unsigned tail: a problem only where signing is required."""
    unsigned = unsigned_finding(status.workstation, status.head_seq, status.checkpoint_seq)
    if unsigned is None or status.problem is not None:
        return [], []
    if require_signed:
        required = dataclasses.replace(
            unsigned, what=f"{unsigned.what}, and signed chains are required"
        )
        return [required], []
    return [], [unsigned]


def verify_central(
    session: Session,
    acked: Mapping[str, Acknowledged] | None = None,
    *,
    require_signed: bool = False,
) -> list[WorkstationStatus]:
    """Verify every chain at the central store: links, hashes, checkpoint signatures, and each
    DECIDE event against its decision row.

    A hole inside a chain is always a deletion (sync sends each chain in order). A missing tail
    or a different event at a seq is only known to be tampering when `acked` (a workstation's
    local sync cursors) says what the central store had acknowledged; otherwise the tail is
    simply not yet synced. `require_signed` makes an unsigned tail a problem, not a note.
    """
    keys = load_keys(session)
    check = signature_checker(keys)
    acked = acked or {}
    decisions = decision_check.decision_counts(session, decision_check.CENTRAL)
    chains = set(workstations_in(session, "central_events"))
    result = []
    for ws in sorted(chains | {w for w, a in acked.items() if a.seq > 0} | decisions.keys()):
        if ws in chains:
            status = status_of(
                verify_stored_chain(session, "central_events", ws, check), keys.get(ws)
            )
        else:
            status = empty_status(ws, keys.get(ws))
        problems: list[Finding] = []
        ack = acked.get(ws)
        if ack is not None and ack.seq > 0:
            found = acknowledged_finding(
                session, "central_events", status, ack, holder="the central store", witness="it"
            )
            problems += [found] if found else []
        problems += decision_check.check_decisions(
            session, decision_check.CENTRAL, ws, decisions.get(ws, 0)
        )
        unsigned, notes = signed_findings(status, require_signed)
        result.append(with_findings(status, problems + unsigned, notes))
    return result


def verify_local(session: Session, *, require_signed: bool = False) -> list[WorkstationStatus]:
    """Verify every chain in this database's journal (`audit_events`): links, hashes and
    checkpoint signatures (against the keys registered here), each chain against every sync
    cursor (a central store's acknowledgement) and its DECIDE events against the decision rows.
    `require_signed` makes an unsigned tail a problem, not a note."""
    keys = load_keys(session)
    check = signature_checker(keys)
    acks = cursors.acknowledged_anywhere(session)
    decisions = decision_check.decision_counts(session, decision_check.LOCAL)
    chains = set(workstations_in(session, "audit_events"))
    result = []
    for ws in sorted(chains | acks.keys() | decisions.keys()):
        if ws in chains:
            report = verify_stored_chain(session, "audit_events", ws, check)
            status = status_of(report, keys.get(ws))
        else:
            status = empty_status(ws, keys.get(ws))
        problems: list[Finding] = []
        targets = acks.get(ws, [])
        for target, ack in targets:
            if ack.seq <= 0:
                continue
            witness = "the central store" if len(targets) == 1 else f"central store {target[:8]}"
            found = acknowledged_finding(
                session, "audit_events", status, ack, holder="this workspace", witness=witness
            )
            problems += [found] if found else []
        problems += decision_check.check_decisions(
            session, decision_check.LOCAL, ws, decisions.get(ws, 0)
        )
        unsigned, notes = signed_findings(status, require_signed)
        result.append(with_findings(status, problems + unsigned, notes))
    return result
