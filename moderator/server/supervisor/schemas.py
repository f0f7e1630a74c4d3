"""The supervisor routes' parameters and answers (edge only; rows are the services' own
dataclasses, which the OpenAPI document describes as they are)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from fastapi import Query
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from moderator.domain.rows import BreakRow, ExposureRow
from moderator.server.schemas import PRINTABLE
from moderator.services.audit_console import WorkstationStatus
from moderator.services.console import EventFilter, EventRow

Text = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]
Uid = Annotated[str | None, Query(max_length=64, pattern=PRINTABLE)]
When = Annotated[AwareDatetime | None, Query(description="RFC 3339 with a zone")]
EdgeId = Annotated[int | None, Query(ge=0, le=2**63 - 1)]


@cache
def zones() -> list[str]:
    """The IANA zone names this server knows (the OpenAPI document lists them)."""
    known = []
    for name in sorted(available_timezones()):
        try:
            ZoneInfo(name)
        except (ValueError, OSError):
            continue
        known.append(name)
    return known


def _zone(name: str) -> str:
    if name not in zones():
        raise ValueError(f"{name!r} is not a time zone name such as Asia/Seoul")
    return name


Zone = Annotated[
    str,
    Query(min_length=1, max_length=64, json_schema_extra={"enum": zones()}),
    AfterValidator(_zone),
]
Days = Annotated[int, Query(ge=1, le=366)]


def event_filter(
    actor: Text = None,
    report: Text = None,
    report_uid: Uid = None,
    kind: Annotated[
        list[Annotated[str, Field(max_length=30, pattern=PRINTABLE)]] | None, Query(max_length=20)
    ] = None,
    outcome: Text = None,
    policy: Text = None,
    since: When = None,
    until: When = None,
    workstation: Uid = None,
) -> EventFilter:
    """The console's filter from the query (`report` is a reference a person typed)."""
    return EventFilter(
        actor=actor or None,
        report_ref=report or None,
        report_uid=report_uid or None,
        kinds=tuple(k for k in kind or () if k),
        outcome=outcome or None,
        policy_id=policy or None,
        since=since,
        until=until,
        workstation=workstation or None,
    )


def edge(at: datetime | None, row_id: int | None) -> tuple[datetime, int] | None:
    return (at, row_id) if at is not None and row_id is not None else None


class EventPage(BaseModel):
    total: int | None = Field(description="events matching the filter (only with count=true)")
    rows: list[EventRow]


class Choices(BaseModel):
    actor: list[str]
    kind: list[str]
    outcome: list[str]
    policy_id: list[str]
    workstation: list[str]
    outcome_labels: list[tuple[str, str]]


class Chains(BaseModel):
    chains: list[WorkstationStatus]
    names: dict[str, str]


class TeamExposure(BaseModel):
    exposure: list[ExposureRow]
    breaks: list[BreakRow]
