"""What a chain is held against besides itself: what the central store acknowledged (the local
sync cursor), the last signed checkpoint, the central copy, and the decision rows.

A hash chain only proves that nothing changed inside what is there. Whoever can write the
workspace file can also cut its tail, delete checkpoints, delete decision rows, or edit an
event and re-hash everything after it: the chain still links. What catches that is a witness
outside the rewritten part: a signature (the key is in the keyring, not in the file), the
acknowledgement the central store gave, and the central copy itself. Events after the last
checkpoint have no signature; until they reach the central store nothing can prove them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one line: which workstation, which seq (or seq range), what."""

    workstation: str
    what: str
    seq: int | None = None
    last: int | None = None  # the end of a seq range
    uid: str | None = None  # the event it is about, when there is one

    def describe(self) -> str:
        if self.seq is None:
            where = ""
        elif self.last is not None and self.last != self.seq:
            where = f"seq {self.seq}..{self.last}: "
        else:
            where = f"seq {self.seq}: "
        return f"workstation {self.workstation}: {where}{self.what}"


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """How much of one chain a central store acknowledged (what a sync cursor remembers):
    every event up to `seq`, the one at `seq` hashing to `hash`, the last checkpoint among
    them at `checkpoint_seq`."""

    seq: int
    hash: str | None = None  # None: a cursor from before the hash was kept
    checkpoint_seq: int | None = None


# --- the unsigned tail ---------------------------------------------------------------------


def unsigned_tail(head_seq: int, checkpoint_seq: int | None) -> int:
    """Events after the last checkpoint event (`checkpoint_seq` is the seq it vouches for)."""
    signed_through = checkpoint_seq + 1 if checkpoint_seq is not None else 0
    return max(0, head_seq - signed_through)


def unsigned_finding(workstation: str, head_seq: int, checkpoint_seq: int | None) -> Finding | None:
    """The plain statement of what no signature covers, or None when the chain ends signed."""
    count = unsigned_tail(head_seq, checkpoint_seq)
    if count == 0:
        return None
    if checkpoint_seq is None:
        what = f"unsigned: {count} event(s), and no checkpoint at all: they cannot be proven"
    else:
        what = (
            f"unsigned: {count} event(s) after the last checkpoint (seq {checkpoint_seq + 1}) "
            "cannot be proven"
        )
    return Finding(workstation, what, seq=head_seq - count + 1, last=head_seq)


# --- what the central store acknowledged ---------------------------------------------------


def against_acknowledged(
    workstation: str,
    ack: Acknowledged,
    *,
    stored_head: int,
    verified_to: int,
    hash_at_ack: str | None,
    holder: str,
    witness: str,
    verb: str = "acknowledged",
) -> Finding | None:
    """Hold one copy of a chain (`holder`: "this workspace", "the central store") against what
    `witness` vouches for (`verb`: it "acknowledged" them, or "remembers signing" them).

    `stored_head` is the highest seq the copy holds, `verified_to` the last seq its chain
    verified through, `hash_at_ack` the hash it holds at `ack.seq`. A copy that ends below the
    acknowledged seq lost its tail; one whose event there hashes otherwise was rewritten up to
    there (every hash covers the one before it). A broken chain is not compared: its break is
    the problem already named.
    """
    if stored_head < ack.seq:
        lost = ""
        if ack.checkpoint_seq is not None and ack.checkpoint_seq > stored_head:
            lost = f", the signed checkpoint at seq {ack.checkpoint_seq} among them"
        return Finding(
            workstation,
            f"missing from {holder} although {witness} {verb} them (cut tail{lost})",
            seq=stored_head + 1,
            last=ack.seq,
        )
    if ack.hash is None or verified_to < ack.seq or hash_at_ack == ack.hash:
        return None
    return Finding(
        workstation,
        f"{holder} holds {_short(hash_at_ack)} here, {witness} {verb} {_short(ack.hash)}: "
        "the chain up to here was edited and re-hashed",
        seq=ack.seq,
    )


# --- the central copy ------------------------------------------------------------------------


def first_divergence(upto: int, same: Callable[[int], bool]) -> int | None:
    """The first seq in 1..upto at which two verified copies of a chain differ, or None when
    they agree at `upto`. `same(seq)` says whether both hold the same hash at seq; as each hash
    covers the one before it, agreeing at a seq means agreeing everywhere before it, so a
    binary search finds the first difference in about log2(upto) reads."""
    if upto <= 0 or same(upto):
        return None
    low, high = 1, upto  # they differ at `high` and agree everywhere before `low`
    while low < high:
        middle = (low + high) // 2
        if same(middle):
            low = middle + 1
        else:
            high = middle
    return low


def divergence_finding(
    workstation: str, seq: int, local: tuple[str, str] | None, central: tuple[str, str] | None
) -> Finding:
    """The named difference at `seq`; `local` and `central` are (uid, hash) there, or None."""
    if local is None or central is None:
        here = "no event" if local is None else f"event {local[0]}"
        there = "none" if central is None else f"event {central[0]}"
        what = f"this workspace holds {here} here, the central store {there}"
    elif local[0] == central[0]:
        what = (
            f"event {local[0]} differs from the central store's copy ({_short(local[1])} here, "
            f"{_short(central[1])} there)"
        )
    else:
        what = (
            f"this workspace holds event {local[0]} here ({_short(local[1])}), the central "
            f"store event {central[0]} ({_short(central[1])})"
        )
    return Finding(
        workstation,
        f"{what}: edited and re-hashed after the central store received it",
        seq=seq,
        uid=local[0] if local else None,
    )


# --- decisions and their DECIDE events -------------------------------------------------------

# What a DECIDE event's payload says about its decision row, by payload key and row field.
DECISION_FIELDS = (
    ("outcome", "outcome"),
    ("policy", "policy_id"),
    ("round", "review_round"),
)


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A decision row as the check reads it (textual values, as the event payload spells them)."""

    uid: str
    report_uid: str | None
    workstation: str
    fields: Mapping[str, str | None]  # by row field name (see DECISION_FIELDS)


def decision_event_finding(
    workstation: str,
    seq: int,
    event_uid: str,
    report_uid: str | None,
    payload: Mapping[str, Any] | None,
    row: DecisionRow | None,
) -> Finding | None:
    """What is wrong between one DECIDE event and the decision row it names, or None."""
    if payload is None:
        return Finding(workstation, "DECIDE event payload is not readable JSON", seq, uid=event_uid)
    uid = _text(payload.get("decision"))
    if uid is None:
        return Finding(workstation, "DECIDE event names no decision", seq, uid=event_uid)
    if row is None:
        return Finding(
            workstation,
            f"decision {uid} of this DECIDE event has no decision row (deleted)",
            seq,
            uid=event_uid,
        )
    differences = [
        f"{name} {row.fields.get(name)!r} (the event says {_text(payload.get(key))!r})"
        for key, name in DECISION_FIELDS
        if row.fields.get(name) != _text(payload.get(key))
    ]
    if row.report_uid != report_uid:
        differences.append(f"report {row.report_uid} (the event says {report_uid})")
    if row.workstation != workstation:
        differences.append(f"workstation {row.workstation}")
    if not differences:
        return None
    return Finding(
        workstation,
        f"decision row {uid} says {', '.join(differences)}: edited",
        seq,
        uid=event_uid,
    )


def orphan_decision_finding(workstation: str, row: DecisionRow) -> Finding:
    """A decision row no DECIDE event of its workstation's chain names."""
    return Finding(
        workstation,
        f"decision {row.uid} (report {row.report_uid}) has no DECIDE event in the chain "
        "(its event was deleted, or the row was added)",
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _short(digest: str | None) -> str:
    return "nothing" if digest is None else digest[:12]
