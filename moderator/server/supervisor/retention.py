"""Routes of legal holds and the retention purge (`moderator hold ...`, `moderator purge`
with a team profile), each checked against the supervisor role in its own transaction by
`services.lifecycle.Lifecycle`, as on the team database directly.

A purge blanks the content fields of the reports past retention that no legal hold keeps,
audited (`purge`, in the caller's server chain); on the server it also removes from the media
store the files no longer referenced by any report that is not purged. The store keeps one
file per SHA-256, so a file a held (or still kept) report shares with a purged one stays.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.idempotency import once
from moderator.server.media_store import MediaStore
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE, Mutation, Reason
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.services.lifecycle import HoldRow, Lifecycle, PurgePlan
from moderator.store.models import MediaItem
from moderator.store.models_lifecycle import ReportPurge

log = logging.getLogger(__name__)
router = APIRouter(
    prefix="/v1/supervisor", tags=["supervisor"], responses=responses(401, 403, 404, 409, 422, 503)
)
Ref = Annotated[
    str, Path(min_length=1, max_length=100, pattern=PRINTABLE, description="uid or reference")
]


class HoldIn(Mutation):
    reason: Reason = Field(description="why: the case or request reference (required)")


class HoldOut(BaseModel):
    hold: int = Field(description="the hold's id")


class Released(BaseModel):
    released: bool = True


class PurgeOut(BaseModel):
    plan: PurgePlan
    purge: str | None = Field(description="the purge's id; null for the dry run")
    files: int = Field(default=0, description="media files removed from the server's store")


def _lifecycle(server: Server, who: Principal) -> Lifecycle:
    return Lifecycle(server.for_principal(who), who.registration.username)


@router.get("/holds", response_model=list[HoldRow])
def holds(who: Supervisor, server: ServerDep, everything: bool = False) -> list[HoldRow]:
    """The legal holds in force (with `everything`, released ones too)."""
    return _lifecycle(server, who).holds(everything=everything)


@router.post("/holds/{report}", response_model=HoldOut)
def hold(report: Ref, body: HoldIn, who: Supervisor, server: ServerDep) -> HoldOut:
    """Place a legal hold: no purge touches the report until it is released."""

    def effect() -> HoldOut:
        return HoldOut(hold=checked(lambda: _lifecycle(server, who).hold(report, body.reason)))

    return once(server, who, body.request_id, f"hold:{report}", body, HoldOut, effect)


@router.post("/holds/{report}/release", response_model=Released)
def release(report: Ref, body: HoldIn, who: Supervisor, server: ServerDep) -> Released:
    def effect() -> Released:
        checked(lambda: _lifecycle(server, who).release(report, body.reason))
        return Released()

    return once(server, who, body.request_id, f"hold-release:{report}", body, Released, effect)


@router.get("/purge", response_model=PurgeOut)
def purge_plan(who: Supervisor, server: ServerDep) -> PurgeOut:
    """The dry run: what a purge now would remove, and the held reports it would refuse."""
    plan, _uid = _lifecycle(server, who).purge(dry_run=True)
    return PurgeOut(plan=plan, purge=None)


@router.post("/purge", response_model=PurgeOut)
def purge(body: Mutation, who: Supervisor, server: ServerDep) -> PurgeOut:
    """Purge now (recorded); then the media files nothing kept refers to are removed."""

    def effect() -> PurgeOut:
        plan, uid = _lifecycle(server, who).purge()
        return PurgeOut(plan=plan, purge=uid)

    done = once(server, who, body.request_id, "purge", body, PurgeOut, effect)
    return done.model_copy(update={"files": remove_purged_files(server)})


def remove_purged_files(server: Server) -> int:
    """Remove the store's files of purged reports' media that no report still keeping its
    content refers to (by SHA-256). Run after the purge commits, and again by every later
    purge: a file that could not be removed once is removed the next time."""
    M, K = MediaItem, aliased(MediaItem)
    purged = exists().where(ReportPurge.report_id == M.report_id)
    still_kept = exists().where(
        K.sha256 == M.sha256, ~exists().where(ReportPurge.report_id == K.report_id)
    )
    with server.workspace().transaction() as session:
        gone: set[str] = set(
            session.scalars(
                select(M.sha256).distinct().where(purged, M.sha256.is_not(None), ~still_kept)
            )
        )
    store, removed = MediaStore(server.settings.media_dir), 0
    for sha256 in sorted(gone):
        try:
            removed += store.remove(sha256)
        except OSError as exc:
            log.warning("a purged media file could not be removed yet: %s", exc)
    return removed
