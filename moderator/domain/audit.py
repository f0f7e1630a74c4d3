"""Audit-chain math: canonical JSON, event hashes and chain verification.

Each workstation keeps its own chain. An event's hash is SHA-256 over its canonical form, which
includes the previous event's hash, so editing, deleting, inserting or reordering any event
breaks every link after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from json.encoder import encode_basestring  # the C encoder json.dumps uses for ensure_ascii=False
from typing import Any

from moderator.domain.clock import utc

GENESIS_HASH = "0" * 64


class EventKind(StrEnum):
    INGEST = "ingest"
    CLAIM = "claim"
    RENEW = "renew"
    RELEASE = "release"
    SKIP = "skip"
    ESCALATE = "escalate"
    SUBMIT = "submit"
    DECIDE = "decide"
    UNDO = "undo"
    LEASE_EXPIRED = "lease_expired"
    VIEW = "view"
    REVEAL = "reveal"
    REBLUR = "reblur"
    BREAK = "break"
    LOGIN = "login"
    LOGOUT = "logout"
    SETTINGS = "settings"
    TRAINING = "training"
    CHECKPOINT = "checkpoint"
    GOLD_MARK = "gold_mark"  # a supervisor marks (or retires) a gold item
    SECOND_REVIEW = "second_review"  # a decision was sampled for a blind second review
    ADJUDICATE = "adjudicate"
    EXPOSURE = "exposure"  # a report left the screen: its sharp and blurred seconds
    CHECKIN = "checkin"  # a wellbeing check-in answer (a 1-5 score, or "I need to stop")
    EXPORT = "export"  # a supervisor exported (part of) the audit log from the console
    SETUP = "setup"  # a workspace was set up: its organisation and first supervisor
    PERSON = "person"  # a supervisor added, changed or deactivated a person
    QUEUE = "queue"  # a supervisor added, changed or archived a queue
    POLICY = "policy"  # a supervisor imported (or exported) a policy version
    BANK = "bank"  # a hash bank was added, filled, exported or retired (issue 18)
    # After the decision (issue 19):
    ACTION = "action"  # actions planned for a final decision, or one's state changed
    NOTICE = "notice"  # a notice was sent to a report's reporter (its text is kept)
    HOLD = "hold"  # a legal hold was placed on a report, or released
    PURGE = "purge"  # report content past retention was removed (ids and counts only)
    # The team server's own chain (issue 16):
    ENROLL = "enroll"  # a person enrolled a workstation with a one-time code
    TOKEN = "token"  # a workstation's token was refreshed or revoked
    MEDIA_FETCH = "media_fetch"  # media bytes were streamed to the lease holder
    AUDIT_PUSH = "audit_push"  # events of a workstation's chain were checked and accepted
    REFUSAL = "refusal"  # a request was refused (401/403/409), with why


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def format_time(value: datetime) -> str:
    """The one textual form of a timestamp inside a hash: UTC, microseconds, 'Z'."""
    return utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class ChainedEvent:
    """An audit event as the chain sees it. `payload` is the stored canonical JSON text."""

    uid: str
    workstation: str
    seq: int
    occurred_at: datetime
    actor: str
    kind: str
    report_uid: str | None
    payload: str
    prev_hash: str
    hash: str


def event_hash(
    *,
    uid: str,
    workstation: str,
    seq: int,
    occurred_at: datetime,
    actor: str,
    kind: str,
    report_uid: str | None,
    payload: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) over the canonical event, previous hash included."""
    body = canonical_json(
        {
            "actor": actor,
            "at": format_time(occurred_at),
            "id": uid,
            "kind": kind,
            "payload": payload,
            "prev": prev_hash,
            "report": report_uid,
            "seq": seq,
            "ws": workstation,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def recompute(event: ChainedEvent) -> str:
    """The event's hash, recomputed with the fast path (byte-identical to `event_hash`)."""
    q = encode_basestring
    report = "null" if event.report_uid is None else q(event.report_uid)
    # The same text canonical_json builds for event_hash's dict (keys already sorted), spelled
    # out: verification hashes millions of events and the dict + dumps costs twice as much.
    body = (
        f'{{"actor":{q(event.actor)},"at":{q(format_time(event.occurred_at))},'
        f'"id":{q(event.uid)},"kind":{q(event.kind)},"payload":{q(event.payload)},'
        f'"prev":{q(event.prev_hash)},"report":{report},"seq":{int(event.seq)},'
        f'"ws":{q(event.workstation)}}}'
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def reference_hash(event: ChainedEvent) -> str:
    """The event's hash through `event_hash` itself (the definition `recompute` must match)."""
    return event_hash(
        uid=event.uid,
        workstation=event.workstation,
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor=event.actor,
        kind=event.kind,
        report_uid=event.report_uid,
        payload=event.payload,
        prev_hash=event.prev_hash,
    )


# --- signed checkpoints -------------------------------------------------------------------

CHECKPOINT_FORMAT = "moderator-checkpoint/v1"


def checkpoint_message(workstation: str, seq: int, head_hash: str) -> bytes:
    """The exact bytes a checkpoint signs: a format tag, the workstation, the seq and the hash
    of the event it vouches for, one per line, UTF-8. Seq 0 with the genesis hash is an empty
    chain."""
    if seq < 0 or len(head_hash) != 64:
        raise ValueError("a checkpoint needs a seq >= 0 and a 64-character hex hash")
    return f"{CHECKPOINT_FORMAT}\n{workstation}\n{seq}\n{head_hash}\n".encode()


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """What a CHECKPOINT event's payload holds: a signature over the event before it."""

    seq: int
    head_hash: str
    key: str  # the signer's raw public key, hex
    signature: str  # hex
    algorithm: str = "ed25519"

    def payload(self) -> dict[str, Any]:
        return {
            "alg": self.algorithm,
            "head": self.head_hash,
            "key": self.key,
            "seq": self.seq,
            "sig": self.signature,
        }

    @classmethod
    def parse(cls, payload: str) -> Checkpoint:
        """Read a checkpoint payload; ValueError names what is wrong with it."""
        try:
            data = json.loads(payload)
            return cls(
                seq=int(data["seq"]),
                head_hash=str(data["head"]),
                key=str(data["key"]),
                signature=str(data["sig"]),
                algorithm=str(data.get("alg", "ed25519")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"unreadable checkpoint payload ({exc})") from None


# Checks a checkpoint's signature and key; returns a problem text, or None when it is good.
SignatureCheck = Callable[[ChainedEvent, Checkpoint], str | None]


@dataclass(frozen=True, slots=True)
class ChainProblem:
    workstation: str
    seq: int
    uid: str | None
    reason: str

    def describe(self) -> str:
        who = f"event {self.uid} " if self.uid else ""
        return f"workstation {self.workstation}: {who}(seq {self.seq}): {self.reason}"


@dataclass(slots=True)
class ChainReport:
    workstation: str
    events: int = 0
    head_hash: str = GENESIS_HASH
    problem: ChainProblem | None = None
    head_seq: int = 0
    checkpoint_seq: int | None = None  # the last seq a valid signed checkpoint vouches for

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(slots=True)
class ChainCursor:
    """Where the verification of one chain stands: the next expected seq, the hash it must
    link to, what has been accepted so far, and the first problem once one is found."""

    workstation: str
    next_seq: int = 1
    prev: str = GENESIS_HASH
    events: int = 0
    checkpoint_seq: int | None = None
    problem: ChainProblem | None = None

    def report(self) -> ChainReport:
        if self.problem is not None:  # a broken chain has no head to speak of
            return ChainReport(
                self.workstation,
                self.events,
                problem=self.problem,
                checkpoint_seq=self.checkpoint_seq,
            )
        return ChainReport(
            self.workstation,
            self.events,
            head_hash=self.prev,
            head_seq=self.next_seq - 1,
            checkpoint_seq=self.checkpoint_seq,
        )


def check_event(
    cursor: ChainCursor, event: ChainedEvent, check_signature: SignatureCheck | None = None
) -> bool:
    """Check the next event in full and advance the cursor; False (and `cursor.problem` says
    why) when it breaks the chain. This is the definition of a good event."""
    expected_seq = cursor.next_seq
    if event.seq != expected_seq:
        if event.seq > expected_seq:
            reason = f"events {expected_seq}..{event.seq - 1} are missing"
        else:
            reason = f"sequence number {event.seq} out of order (expected {expected_seq})"
        cursor.problem = ChainProblem(cursor.workstation, event.seq, event.uid, reason)
        return False
    if event.prev_hash != cursor.prev:
        cursor.problem = ChainProblem(
            cursor.workstation,
            event.seq,
            event.uid,
            "does not link to the event before it (inserted, removed or reordered)",
        )
        return False
    if recompute(event) != event.hash:
        cursor.problem = ChainProblem(
            cursor.workstation, event.seq, event.uid, "content does not match its hash (edited)"
        )
        return False
    if event.kind == EventKind.CHECKPOINT:
        bad = _checkpoint_problem(event, check_signature)
        if bad:
            cursor.problem = ChainProblem(cursor.workstation, event.seq, event.uid, bad)
            return False
        cursor.checkpoint_seq = event.seq - 1
    cursor.prev = event.hash
    cursor.next_seq = expected_seq + 1
    cursor.events += 1
    return True


def verify_chain(
    workstation: str,
    events: Iterable[ChainedEvent],
    check_signature: SignatureCheck | None = None,
) -> ChainReport:
    """Check one workstation's events, given in stored sequence order.

    Stops at the first bad event and says why: a gap (deletion), a broken link (insertion,
    reordering or deletion), a hash that does not match the content (edit), or a checkpoint
    that does not vouch for the event before it or whose signature `check_signature` rejects.
    """
    cursor = ChainCursor(workstation)
    for event in events:
        if not check_event(cursor, event, check_signature):
            break
    return cursor.report()


def _checkpoint_problem(event: ChainedEvent, check: SignatureCheck | None) -> str | None:
    try:
        checkpoint = Checkpoint.parse(event.payload)
    except ValueError as exc:
        return f"checkpoint: {exc}"
    if checkpoint.seq != event.seq - 1 or checkpoint.head_hash != event.prev_hash:
        return (
            f"checkpoint does not match the chain: it signs seq {checkpoint.seq} "
            f"({checkpoint.head_hash[:12]}), the event before it is seq {event.seq - 1} "
            f"({event.prev_hash[:12]})"
        )
    return check(event, checkpoint) if check else None


def payload_text(payload: Mapping[str, Any] | None) -> str:
    return canonical_json(dict(payload or {}))
