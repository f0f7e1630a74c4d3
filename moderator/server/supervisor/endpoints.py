"""Routes of the supervisor tools: thin (parse, check the role, call one service, answer)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse
from pydantic import Field

from moderator.domain.errors import NotFound
from moderator.server.auth.dependency import ServerDep
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE
from moderator.server.supervisor import schemas, service
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.schemas import Days, Zone
from moderator.services.compliance.model import ComplianceReport
from moderator.services.console import Column, EventDetails, EventFilter
from moderator.services.console_export import Format
from moderator.services.metrics import Snapshot

router = APIRouter(
    prefix="/v1/supervisor", tags=["supervisor"], responses=responses(401, 403, 404, 422, 503)
)
Filter = Annotated[EventFilter, Depends(schemas.event_filter)]
# The years a record can hold; a day outside them names a period with nothing in it (404).
YEARS = range(1900, 9001)


@router.get("/audit/events", response_model=schemas.EventPage)
def events(
    who: Supervisor,
    server: ServerDep,
    f: Filter,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    count: bool = False,
    after_at: schemas.When = None,
    after_id: schemas.EdgeId = None,
    before_at: schemas.When = None,
    before_id: schemas.EdgeId = None,
) -> schemas.EventPage:
    """A page of the central audit log, newest first: by keyset (`after_*`: older than that
    row, `before_*`: newer than it) or else by offset; `count=true` adds the total."""
    reader = service.reader(server)
    after, before = schemas.edge(after_at, after_id), schemas.edge(before_at, before_id)
    if count and offset == 0 and after is None and before is None:
        total, rows = reader.first(f, limit)
        return schemas.EventPage(total=total, rows=rows)
    rows = reader.page(f, offset, limit, after, before)
    return schemas.EventPage(total=service.count(server, reader, f) if count else None, rows=rows)


@router.get("/audit/events/{uid}", response_model=EventDetails)
def event(
    who: Supervisor, server: ServerDep, uid: Annotated[str, Path(max_length=64, pattern=PRINTABLE)]
) -> EventDetails:
    """One event with its decision, reveal time and the report's other events."""
    found = service.reader(server).details(uid)
    if found is None:
        raise NotFound(f"no audit event {uid} in the central store")
    return found


@router.get("/audit/choices", response_model=schemas.Choices)
def choices(who: Supervisor, server: ServerDep) -> schemas.Choices:
    """The values the console's filter dropdowns offer, outcomes with their labels."""
    reader = service.reader(server)
    found = reader.choices()
    return schemas.Choices(
        actor=found[Column.ACTOR],
        kind=found[Column.KIND],
        outcome=found[Column.OUTCOME],
        policy_id=found[Column.POLICY],
        workstation=found[Column.WORKSTATION],
        outcome_labels=reader.outcome_labels(found[Column.OUTCOME]),
    )


@router.get("/audit/chains", response_model=schemas.Chains)
def chains(who: Supervisor, server: ServerDep) -> schemas.Chains:
    """Every workstation's chain in the central store, verified end to end, with names."""
    reader = service.reader(server)
    found = reader.verify()
    return schemas.Chains(
        chains=found, names=reader.workstation_names(c.workstation for c in found)
    )


@router.get("/audit/workstations", response_model=dict[str, str])
def workstations(
    who: Supervisor,
    server: ServerDep,
    uid: Annotated[
        list[Annotated[str, Field(max_length=64, pattern=PRINTABLE)]] | None, Query(max_length=500)
    ] = None,
) -> dict[str, str]:
    """{workstation uid: a name a person reads}."""
    return service.reader(server).workstation_names(uid or ())


@router.get(
    "/audit/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def export(
    who: Supervisor, server: ServerDep, f: Filter, format: Format = Format.CSV
) -> StreamingResponse:
    """The filtered log as CSV or JSONL, newest first, streamed; recorded as an export.
    `X-Total-Count` is how many events matched when it started."""
    total, chunks = service.export(server, who, f, format)
    media = "text/csv; charset=utf-8" if format is Format.CSV else "application/x-ndjson"
    return StreamingResponse(chunks, media_type=media, headers={"X-Total-Count": str(total)})


@router.get("/exposure", response_model=schemas.TeamExposure)
def exposure(who: Supervisor, server: ServerDep, days: Days = 14) -> schemas.TeamExposure:
    """Everyone's exposure and breaks over the last `days` days (server time)."""
    rows, breaks = service.figures(server).team_exposure(days)
    return schemas.TeamExposure(exposure=rows, breaks=breaks)


@router.get("/dashboard", response_model=Snapshot)
def dashboard(who: Supervisor, server: ServerDep, tz: Zone, days: Days = 30) -> Snapshot:
    """The QA dashboard's figures over the last `days` whole days in the zone `tz`."""
    return service.figures(server).dashboard(days, tz)


@router.get("/compliance", response_model=ComplianceReport)
def compliance(
    who: Supervisor, server: ServerDep, first: date, tz: Zone, days: Days = 7
) -> ComplianceReport:
    """The compliance report's figures for the `days` days from `first` in `tz`, built here."""
    if first.year not in YEARS:
        raise NotFound(f"nothing is recorded in the year {first.year}; pick a day from 1900 on")
    return service.compliance(server, first, first + timedelta(days=days), tz)
