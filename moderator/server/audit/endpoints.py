"""Routes of the audit push."""

from __future__ import annotations

from fastapi import APIRouter

from moderator.domain.audit import ChainedEvent
from moderator.server.audit import schemas, service
from moderator.server.auth.dependency import Caller, ServerDep
from moderator.server.problems import responses

router = APIRouter(tags=["audit"], responses=responses(401, 403, 409, 422, 503))


@router.get("/v1/audit/head", response_model=schemas.HeadOut)
def head(who: Caller, server: ServerDep) -> schemas.HeadOut:
    seq, digest = service.head(server, who)
    return schemas.HeadOut(workstation=who.workstation, seq=seq, hash=digest)


@router.post("/v1/audit/events", response_model=schemas.PushOut)
def push(body: schemas.PushIn, who: Caller, server: ServerDep) -> schemas.PushOut:
    events = [ChainedEvent(**e.model_dump()) for e in body.events]
    accepted, seq, digest = service.push(server, who, events)
    return schemas.PushOut(accepted=accepted, head_seq=seq, head_hash=digest)
