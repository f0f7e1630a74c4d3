"""Audit-chain math: canonical JSON, event hashes and chain verification.

Each workstation keeps its own chain. An event's hash is SHA-256 over its canonical form, which
includes the previous event's hash, so editing, deleting, inserting or reordering any event
breaks every link after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
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

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(workstation: str, events: Iterable[ChainedEvent]) -> ChainReport:
    """Check one workstation's events, given in stored sequence order.

    Stops at the first bad event and says why: a gap (deletion), a broken link (insertion,
    reordering or deletion), or a hash that does not match the content (edit).
    """
    report = ChainReport(workstation)
    expected_seq = 1
    prev = GENESIS_HASH
    for event in events:
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                reason = f"events {expected_seq}..{event.seq - 1} are missing"
            else:
                reason = f"sequence number {event.seq} out of order (expected {expected_seq})"
            report.problem = ChainProblem(workstation, event.seq, event.uid, reason)
            return report
        if event.prev_hash != prev:
            report.problem = ChainProblem(
                workstation,
                event.seq,
                event.uid,
                "does not link to the event before it (inserted, removed or reordered)",
            )
            return report
        if recompute(event) != event.hash:
            report.problem = ChainProblem(
                workstation, event.seq, event.uid, "content does not match its hash (edited)"
            )
            return report
        prev = event.hash
        expected_seq += 1
        report.events += 1
    report.head_hash = prev
    return report


def payload_text(payload: Mapping[str, Any] | None) -> str:
    return canonical_json(dict(payload or {}))
