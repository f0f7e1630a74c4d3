"""Request and response bodies of the review loop."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field, JsonValue, field_validator

from moderator.domain.audit import canonical_json
from moderator.server.schemas import (
    DbInt,
    In,
    Mutation,
    Name,
    Notes,
    Reason,
    Seconds,
    Text50,
    Text64,
)


class ClaimIn(Mutation):
    queue_ids: list[DbInt] | None = Field(default=None, max_length=100)


class LeaseOut(BaseModel):
    token: str
    report_uid: str
    queue_id: int
    review_round: int
    expires_at: datetime
    seconds_left: float


class ClaimOut(BaseModel):
    lease: LeaseOut | None


class ReasonIn(Mutation):
    reason: Reason = ""


class EscalatedOut(BaseModel):
    queue_id: int


class DecisionIn(In):
    decision_id: UUID = Field(description="client-chosen; the submit's idempotency key")
    policy_id: Name
    policy_version: Text50
    policy_hash: Text64
    outcome: Name
    answers: dict[str, JsonValue] = Field(default_factory=dict, max_length=500)
    notes: Notes = ""
    seconds_on_item: Seconds = 0.0
    seconds_exposed: Seconds = 0.0
    seconds_blurred: Seconds = 0.0
    severity: Name = ""
    category: Name = ""

    @field_validator("answers")
    @classmethod
    def _canonical(cls, value: dict[str, Any]) -> dict[str, Any]:
        canonical_json(value)  # ValueError for NaN / infinity: a 422, not a 500
        return value


class PendingOut(BaseModel):
    decision_id: str
    uid: str
    report_uid: str
    lease_token: str
    outcome: str
    submitted_at: datetime
    final_at: datetime


class DecisionStateOut(BaseModel):
    decision_id: str
    state: str = Field(description="pending | final | undone")
    decision_uid: str | None
    final_at: datetime


class MediaOut(BaseModel):
    position: int
    kind: str
    sha256: str | None
    size_bytes: int | None
    available: bool
    problem: str


class MatchOut(BaseModel):
    """Another report sharing this media: never its state or outcome (blind QA, MatchRow)."""

    position: int
    how: str
    report_uid: str
    external_ref: str
    queue: str


class BankMatchOut(BaseModel):
    """A hash-bank match, explained: bank, signal, distance, what was done, the provenance."""

    position: int
    bank: str
    signal: str
    distance: int
    action: str
    confirmed_by: str
    confirmed_at: str
    origin: str
    from_report: str


class ReportOut(BaseModel):
    uid: str
    source: str
    external_ref: str
    channel: str
    queue_id: int
    queue_name: str
    queue_title: str
    policy_id: str
    policy_version: str
    received_at: datetime
    sla_due: datetime
    reported_category: str
    reporter_text: str
    url: str
    platform: str
    priority: int
    review_round: int
    waiting: int = Field(description="reports waiting in the report's queue now")
    lease: LeaseOut
    media: list[MediaOut]
    matches: list[MatchOut]
    bank_matches: list[BankMatchOut] = []


class PolicyOut(BaseModel):
    policy_id: str
    version: str
    sha256: str = Field(description="SHA-256 of `body`'s UTF-8 bytes: the decision's policy_hash")
    body: str = Field(description="the policy file (TOML) as imported")


class GroupDecisionIn(DecisionIn):
    """A group decision: the lead's decision, and the members the reviewer left in the group
    (only members of the group the server finds are decided; any other id is not)."""

    members: list[UUID] = Field(default_factory=list, max_length=50)


class GroupMemberOut(BaseModel):
    """A member of the caller's group: enough for a blurred tile and its distance, never its
    state or any outcome."""

    report_uid: str
    external_ref: str
    position: int
    how: str = Field(description="sha256 (the same file) | pdq (a near copy)")
    distance: int
    kind: str
    sha256: str | None
    size_bytes: int | None


class GroupOut(BaseModel):
    members: list[GroupMemberOut]
