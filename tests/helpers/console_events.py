"""Central-store rows for console tests: events (and decisions) written straight into the
central tables, as a sync would leave them. Hashes are real chain hashes per workstation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from moderator.domain.audit import GENESIS_HASH, canonical_json, event_hash
from moderator.domain.ids import new_uid
from moderator.store.models_central import CentralDecision, CentralEvent


@dataclass
class CentralLog:
    """Builds central events in time order; `flush(session)` inserts what was built."""

    start: datetime
    events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)

    def add(
        self,
        actor: str,
        kind: str,
        *,
        minutes: float,
        report: str | None = None,
        ws: str = "ws-1",
        payload: dict[str, Any] | None = None,
        outcome: str | None = None,
        policy: str | None = None,
    ) -> str:
        at = self.start + timedelta(minutes=minutes)
        seq, prev = self.heads.get(ws, (0, GENESIS_HASH))
        uid = new_uid()
        text = canonical_json(payload or {})
        digest = event_hash(
            uid=uid, workstation=ws, seq=seq + 1, occurred_at=at, actor=actor, kind=kind,
            report_uid=report, payload=text, prev_hash=prev,
        )  # fmt: skip
        self.heads[ws] = (seq + 1, digest)
        self.events.append(
            {
                "uid": uid, "workstation": ws, "seq": seq + 1, "occurred_at": at,
                "actor": actor, "kind": kind, "report_uid": report, "payload": text,
                "prev_hash": prev, "hash": digest, "outcome": outcome, "policy_id": policy,
                "received_at": at,
            }
        )  # fmt: skip
        return uid

    def decide(
        self,
        actor: str,
        report: str,
        *,
        minutes: float,
        outcome: str,
        policy: str,
        answers: dict[str, str],
        ws: str = "ws-1",
        exposed: float = 0.0,
        version: str = "1",
    ) -> str:
        decision = new_uid()
        at = self.start + timedelta(minutes=minutes)
        self.decisions.append(
            {
                "uid": decision, "report_uid": report, "review_round": 1, "reviewer": actor,
                "workstation": ws, "policy_id": policy, "policy_version": version,
                "policy_hash": "c" * 64, "outcome": outcome, "answers": json.dumps(answers),
                "notes": "", "seconds_on_item": 30.0, "seconds_exposed": exposed,
                "decided_at": at, "received_at": at,
            }
        )  # fmt: skip
        payload = {"decision": decision, "round": 1, "outcome": outcome, "policy": policy}
        return self.add(
            actor, "decide", minutes=minutes, report=report, ws=ws, payload=payload,
            outcome=outcome, policy=policy,
        )  # fmt: skip

    def flush(self, session: Session) -> None:
        if self.events:
            session.execute(insert(CentralEvent), self.events)
        if self.decisions:
            session.execute(insert(CentralDecision), self.decisions)
        self.events, self.decisions = [], []
