"""Request and response bodies of the actions routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from moderator.domain.lifecycle import MAX_EVIDENCE
from moderator.server.schemas import PRINTABLE, Mutation

Evidence = Annotated[str, StringConstraints(max_length=MAX_EVIDENCE, pattern=PRINTABLE)]


class MarkIn(Mutation):
    state: Literal["sent", "confirmed", "failed"]
    evidence: Evidence


class ActionOut(BaseModel):
    id: int
    report_uid: str
    report_ref: str
    queue: str
    outcome: str
    category: str
    host: str
    kind: str
    state: str
    decided_at: datetime
    due_at: datetime
    follow_up_at: datetime | None
    sent_at: datetime | None
    confirmed_at: datetime | None
    updated_at: datetime
    updated_by: str
    evidence: str
    overdue: bool


class ActionsOut(BaseModel):
    actions: list[ActionOut]
