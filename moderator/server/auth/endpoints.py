"""Routes: enrollment, token refresh and revocation, who am I, training, health."""

from __future__ import annotations

from fastapi import APIRouter, Response

from moderator.server.auth import schemas, service
from moderator.server.auth.dependency import Caller, ServerDep
from moderator.server.problems import responses
from moderator.services.training import TrainingStatusRow

router = APIRouter(tags=["identity"])
AUTHED = responses(401, 403, 422, 503)


@router.post(
    "/v1/enroll",
    status_code=201,
    response_model=schemas.EnrolledOut,
    responses=responses(403, 422, 503),
    summary="Enroll this workstation with a one-time code",
)
def enroll(body: schemas.EnrollIn, server: ServerDep) -> schemas.EnrolledOut:
    issued = service.enroll(server, body.code, body.public_key, body.label)
    reg = issued.registration
    return schemas.EnrolledOut(
        workstation=reg.workstation,
        token=issued.token,
        token_expires_at=issued.expires_at,
        person=schemas.PersonOut(
            username=reg.username, display_name=reg.display_name, role=reg.role.value
        ),
        server_time=server.now(),
        server_key=server.public_key,
    )


@router.post("/v1/token/refresh", response_model=schemas.TokenOut, responses=AUTHED)
def refresh(who: Caller, server: ServerDep) -> schemas.TokenOut:
    token, expires = service.refresh(server, who)
    return schemas.TokenOut(token=token, token_expires_at=expires)


@router.post("/v1/token/revoke", status_code=204, response_class=Response, responses=AUTHED)
def revoke(who: Caller, server: ServerDep) -> Response:
    service.revoke(server, who)
    return Response(status_code=204)


@router.get("/v1/me", response_model=schemas.MeOut, responses=AUTHED)
def me(who: Caller, server: ServerDep) -> schemas.MeOut:
    reg = who.registration
    return schemas.MeOut(
        username=reg.username,
        display_name=reg.display_name,
        role=reg.role.value,
        workstation=reg.workstation,
        server_time=server.now(),
        lease_seconds=server.settings.lease.total_seconds(),
        grace_seconds=server.settings.grace.total_seconds(),
        server_key=server.public_key,
    )


def _course(row: TrainingStatusRow) -> schemas.CourseOut:
    return schemas.CourseOut(
        course_code=row.course_code,
        course_title=row.course_title,
        completed_at=row.completed_at,
        expires_at=row.expires_at,
        state=row.state,
    )


@router.get("/v1/me/training", response_model=schemas.TrainingOut, responses=AUTHED)
def my_training(who: Caller, server: ServerDep) -> schemas.TrainingOut:
    g = service.gating(server, who)
    return schemas.TrainingOut(
        at=g.at,
        open_queues=list(g.open_queues),
        blocked=[
            schemas.BlockOut(queue=b.queue, queue_title=b.queue_title, course=_course(b.course))
            for b in g.blocked
        ],
        expiring=[_course(c) for c in g.expiring],
    )


@router.get("/healthz", response_model=schemas.HealthOut)
async def health() -> schemas.HealthOut:
    """The process is up (no database round trip: a liveness probe); /readyz asks the database."""
    return schemas.HealthOut(ok=True)
