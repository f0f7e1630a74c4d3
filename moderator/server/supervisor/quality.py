"""Routes of the gold items window: gold items (their expected outcomes are for supervisors
only: blind stays blind), the decided reports that may become one, and the queues' QA rates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.idempotency import once
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE, Mutation, Name, Notes
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.services.quality import DecidedReport, GoldItemRow, QualityService, QueueQa

router = APIRouter(
    prefix="/v1/supervisor", tags=["supervisor"], responses=responses(401, 403, 404, 409, 422, 503)
)
Rate = Annotated[float | None, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Ref = Annotated[str, Path(min_length=1, max_length=100, pattern=PRINTABLE)]


class GoldIn(Mutation):
    report: Name = Field(description="the report's uid, or its reference when unambiguous")
    outcome: Name
    note: Notes = ""


class RatesIn(Mutation):
    gold_rate: Rate = None
    second_review: Rate = None


class GoldOut(BaseModel):
    gold: GoldItemRow


class RatesOut(BaseModel):
    settings: QueueQa


def _quality(server: Server, who: Principal) -> QualityService:
    return QualityService(server.for_principal(who), who.registration.username)


@router.get("/gold", response_model=list[GoldItemRow])
def gold_items(
    who: Supervisor, server: ServerDep, include_retired: bool = False
) -> list[GoldItemRow]:
    return _quality(server, who).gold_items(include_retired=include_retired)


@router.get("/gold/candidates", response_model=list[DecidedReport])
def candidates(
    who: Supervisor, server: ServerDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[DecidedReport]:
    """Recently decided real reports, newest first, each with its last decision."""
    return _quality(server, who).decided_reports(limit)


@router.post("/gold", response_model=GoldOut)
def mark_gold(body: GoldIn, who: Supervisor, server: ServerDep) -> GoldOut:
    def effect() -> GoldOut:
        service = _quality(server, who)
        return GoldOut(
            gold=checked(lambda: service.mark_gold(body.report, body.outcome, body.note))
        )

    return once(server, who, body.request_id, "gold-mark", body, GoldOut, effect)


@router.post("/gold/{gold}/retire", response_model=GoldOut)
def retire_gold(gold: Ref, body: Mutation, who: Supervisor, server: ServerDep) -> GoldOut:
    def effect() -> GoldOut:
        return GoldOut(gold=checked(lambda: _quality(server, who).retire_gold(gold)))

    return once(server, who, body.request_id, f"gold-retire:{gold}", body, GoldOut, effect)


@router.get("/qa-settings", response_model=list[QueueQa])
def settings(who: Supervisor, server: ServerDep) -> list[QueueQa]:
    """Every queue's gold rate and second-review rate (0 when never set)."""
    return _quality(server, who).settings()


@router.post("/qa-settings/{queue}", response_model=RatesOut)
def set_settings(queue: Ref, body: RatesIn, who: Supervisor, server: ServerDep) -> RatesOut:
    def effect() -> RatesOut:
        service = _quality(server, who)
        return RatesOut(
            settings=checked(
                lambda: service.set_settings(
                    queue, gold_rate=body.gold_rate, second_review=body.second_review
                )
            )
        )

    return once(server, who, body.request_id, f"qa-settings:{queue}", body, RatesOut, effect)
