"""Request and response bodies of enrollment and tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from moderator.server.schemas import In, Name


class EnrollIn(In):
    code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    public_key: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")] = Field(
        description="the workstation's Ed25519 public key, raw 32 bytes as hex"
    )
    label: Name = ""


class PersonOut(BaseModel):
    username: str
    display_name: str
    role: str


class EnrolledOut(BaseModel):
    workstation: str
    token: str
    token_expires_at: datetime
    person: PersonOut
    server_time: datetime
    server_key: str


class TokenOut(BaseModel):
    token: str
    token_expires_at: datetime


class MeOut(BaseModel):
    username: str
    display_name: str
    role: str
    workstation: str
    server_time: datetime
    lease_seconds: float
    grace_seconds: float
    server_key: str


class CourseOut(BaseModel):
    course_code: str
    course_title: str
    completed_at: datetime | None
    expires_at: datetime | None
    state: str


class BlockOut(BaseModel):
    queue: str
    queue_title: str
    course: CourseOut


class TrainingOut(BaseModel):
    at: datetime
    open_queues: list[str]
    blocked: list[BlockOut]
    expiring: list[CourseOut]


class HealthOut(BaseModel):
    ok: bool
