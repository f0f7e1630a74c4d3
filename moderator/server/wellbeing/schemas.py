"""Request and response bodies of wellbeing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from moderator.server.schemas import (
    In,
    Mutation,
    Name,
    Reason,
    Seconds,
    Text20,
    Text30,
)


class ExposureIn(Mutation):
    report_uid: UUID
    review_round: Annotated[int, Field(ge=1, le=100)] = 1
    session_uid: UUID
    severity: Text20 = ""
    category: Name = ""
    seconds_revealed: Seconds = 0.0
    seconds_blurred: Seconds = 0.0
    ended_by: Text30 = ""


class BreakIn(In):
    break_id: UUID = Field(description="client-chosen: the break's id and the request id")
    reason: Text20 = ""
    minutes: Annotated[float, Field(ge=0, le=24 * 60, allow_inf_nan=False)] = 0.0
    hard: bool = False


class BreakOut(BaseModel):
    uid: str
    started_at: datetime
    ends_at: datetime
    reason: str
    hard: bool


class BreakEndIn(Mutation):
    skipped_because: Reason = ""


class CheckInIn(Mutation):
    report_uid: UUID | None = None
    severity: Text20 = ""
    score: Annotated[int, Field(ge=1, le=5)] | None = Field(
        default=None, description='1-5, or null for "I need to stop"'
    )


class StandingOut(BaseModel):
    profile: dict[str, Any]
    revealed_today: dict[str, float]
    stopped_today: bool
    open_break: BreakOut | None
