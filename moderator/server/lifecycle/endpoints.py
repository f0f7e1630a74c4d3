"""Routes of the actions after decisions: the supervisor's list, and marking one."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Path, Query

from moderator.server.auth.dependency import Caller, ServerDep
from moderator.server.idempotency import once
from moderator.server.lifecycle import schemas, service
from moderator.server.problems import responses
from moderator.server.schemas import DbInt, Name
from moderator.services.lifecycle import ActionRow

router = APIRouter(tags=["actions"], responses=responses(401, 403, 404, 409, 422, 503))


def action_out(row: ActionRow) -> schemas.ActionOut:
    return schemas.ActionOut(**dataclasses.asdict(row))


@router.get("/v1/actions", response_model=schemas.ActionsOut)
def listing(
    who: Caller,
    server: ServerDep,
    overdue: bool = False,
    queue: Annotated[Name | None, Query()] = None,
) -> schemas.ActionsOut:
    rows = service.listing(server, who, overdue, queue)
    return schemas.ActionsOut(actions=[action_out(r) for r in rows])


@router.post("/v1/actions/{action_id}/mark", response_model=schemas.ActionOut)
def mark(
    action_id: Annotated[DbInt, Path()], body: schemas.MarkIn, who: Caller, server: ServerDep
) -> schemas.ActionOut:
    def effect() -> schemas.ActionOut:
        return action_out(service.mark(server, who, action_id, body.state, body.evidence))

    return once(server, who, body.request_id, f"action-mark:{action_id}", body,
                schemas.ActionOut, effect)  # fmt: skip
