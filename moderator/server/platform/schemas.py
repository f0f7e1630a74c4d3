"""Bodies of the platform routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class RecordOut(BaseModel):
    index: int
    external_ref: str | None
    status: str  # accepted, present (already submitted with this content) or rejected
    report: str | None = None
    error: str | None = None


class IntakeOut(BaseModel):
    source: str
    accepted: int
    present: int
    rejected: int
    records: list[RecordOut]


class DecisionsOut(BaseModel):
    decisions: list[dict[str, Any]]
    next_cursor: str
    more: bool


class ReadyOut(BaseModel):
    ready: bool
    detail: str


class LiveOut(BaseModel):
    ok: bool


class WebhookOut(BaseModel):
    id: str
    url: str
    source: str | None
    created_at: datetime
    removed_at: datetime | None
    pending: int
    delivered: int
    failed: int


class AttemptOut(BaseModel):
    webhook: str
    event_id: str
    attempt: int
    at: datetime
    status: int | None
    error: str
    millis: int
    state: str


class DeliveriesOut(BaseModel):
    webhooks: list[WebhookOut]
    attempts: list[AttemptOut]
