"""Schema building blocks shared by the areas' request and response models (edge only)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


def _printable(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and no field of ours needs control characters.
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("contains control characters")
    return value


Reason = Annotated[str, StringConstraints(max_length=500), AfterValidator(_printable)]
Notes = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_printable)]
Name = Annotated[str, StringConstraints(max_length=100), AfterValidator(_printable)]
Seconds = Annotated[float, Field(ge=0, le=86_400 * 7, allow_inf_nan=False)]
DbInt = Annotated[int, Field(ge=1, le=2**31 - 1)]


class In(BaseModel):
    """A request body: unknown fields are refused (no client chooses who, where or when)."""

    model_config = ConfigDict(extra="forbid")


class Mutation(In):
    request_id: UUID = Field(description="client-chosen; repeating it repeats the first answer")


class Ok(BaseModel):
    ok: bool = True
