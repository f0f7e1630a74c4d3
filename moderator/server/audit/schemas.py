"""Bodies of the audit push."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from moderator.server.schemas import In

Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Uid = Annotated[str, StringConstraints(min_length=1, max_length=36)]


class EventIn(In):
    uid: Uid
    workstation: Uid
    seq: Annotated[int, Field(ge=1, le=2**53)]  # exact in any JSON parser
    occurred_at: AwareDatetime
    actor: Annotated[str, StringConstraints(max_length=100)]
    kind: Annotated[str, StringConstraints(max_length=30)]
    report_uid: Uid | None = None
    payload: Annotated[str, StringConstraints(max_length=20_000)]
    prev_hash: Hex64
    hash: Hex64


class PushIn(In):
    events: list[EventIn] = Field(min_length=1, max_length=500)


class HeadOut(BaseModel):
    workstation: str
    seq: int
    hash: str


class PushOut(BaseModel):
    accepted: int
    head_seq: int
    head_hash: str
