"""Routes of wellbeing: the caller's own standing, exposure, breaks and check-ins."""

from __future__ import annotations

import dataclasses
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query

from moderator.domain.rows import Exposure
from moderator.server.auth.dependency import Caller, ServerDep
from moderator.server.idempotency import once
from moderator.server.problems import responses
from moderator.server.schemas import DbInt, Ok
from moderator.server.wellbeing import schemas, service
from moderator.store.wellbeing import OpenBreak

router = APIRouter(tags=["wellbeing"], responses=responses(401, 403, 404, 409, 422, 503))


def break_out(b: OpenBreak) -> schemas.BreakOut:
    return schemas.BreakOut(
        uid=b.uid, started_at=b.started_at, ends_at=b.ends_at, reason=b.reason, hard=b.hard
    )


@router.get("/v1/wellbeing", response_model=schemas.StandingOut)
def standing(
    who: Caller,
    server: ServerDep,
    queue_id: Annotated[list[DbInt] | None, Query(max_length=100)] = None,
) -> schemas.StandingOut:
    start = service.standing(server, who, queue_id)
    return schemas.StandingOut(
        profile={
            k: (dict(v) if k == "daily_cap_minutes" else v)
            for k, v in dataclasses.asdict(start.profile).items()
        },
        revealed_today=start.revealed_today,
        stopped_today=start.stopped_today,
        open_break=break_out(start.open_break) if start.open_break else None,
    )


@router.post("/v1/exposures", response_model=Ok)
def exposure(body: schemas.ExposureIn, who: Caller, server: ServerDep) -> Ok:
    record = Exposure(
        report_uid=str(body.report_uid),
        review_round=body.review_round,
        session_uid=str(body.session_uid),
        severity=body.severity,
        category=body.category,
        seconds_revealed=body.seconds_revealed,
        seconds_blurred=body.seconds_blurred,
        ended_by=body.ended_by,
    )

    def effect() -> Ok:
        service.record_exposure(server, who, record)
        return Ok()

    return once(server, who, body.request_id, "exposure", body, Ok, effect)


@router.post("/v1/breaks", status_code=201, response_model=schemas.BreakOut)
def start_break(body: schemas.BreakIn, who: Caller, server: ServerDep) -> schemas.BreakOut:
    return once(
        server,
        who,
        body.break_id,
        "break",
        body,
        schemas.BreakOut,
        lambda: break_out(
            service.start_break(
                server, who, str(body.break_id), body.reason, body.minutes, body.hard
            )
        ),
        status=201,
    )


@router.post("/v1/breaks/{uid}/end", response_model=Ok)
def end_break(
    uid: Annotated[UUID, Path()], body: schemas.BreakEndIn, who: Caller, server: ServerDep
) -> Ok:
    def effect() -> Ok:
        service.end_break(server, who, str(uid), body.skipped_because)
        return Ok()

    return once(server, who, body.request_id, f"break-end:{uid}", body, Ok, effect)


@router.post("/v1/checkins", response_model=Ok)
def check_in(body: schemas.CheckInIn, who: Caller, server: ServerDep) -> Ok:
    report = str(body.report_uid) if body.report_uid else None

    def effect() -> Ok:
        service.check_in(server, who, report, body.severity, body.score)
        return Ok()

    return once(server, who, body.request_id, "checkin", body, Ok, effect)
