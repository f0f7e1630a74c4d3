"""Schema building blocks shared by the areas' request and response models (edge only)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# PostgreSQL text cannot hold NUL, and no field of ours needs control characters; said as a
# pattern, so the OpenAPI document tells clients (and the schema fuzzer) the same rule.
PRINTABLE = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F]*$"


Reason = Annotated[str, StringConstraints(max_length=500, pattern=PRINTABLE)]
Notes = Annotated[str, StringConstraints(max_length=20_000, pattern=PRINTABLE)]
Name = Annotated[str, StringConstraints(max_length=100, pattern=PRINTABLE)]

# As wide as the columns they are stored in.
Text20 = Annotated[str, StringConstraints(max_length=20, pattern=PRINTABLE)]
Text30 = Annotated[str, StringConstraints(max_length=30, pattern=PRINTABLE)]
Text50 = Annotated[str, StringConstraints(max_length=50, pattern=PRINTABLE)]
Text64 = Annotated[str, StringConstraints(max_length=64, pattern=PRINTABLE)]
Seconds = Annotated[float, Field(ge=0, le=86_400 * 7, allow_inf_nan=False)]
DbInt = Annotated[int, Field(ge=1, le=2**31 - 1)]


class In(BaseModel):
    """A request body: unknown fields are refused (no client chooses who, where or when)."""

    model_config = ConfigDict(extra="forbid")


class Mutation(In):
    request_id: UUID = Field(description="client-chosen; repeating it repeats the first answer")


class Ok(BaseModel):
    ok: bool = True
