"""Routes of the "Actions and notices" window's notices to reporters: those owed (or all),
and recording one as sent, with its exact text. (The actions are `/v1/actions`.)

The Lifecycle service checks the supervisor role again inside each transaction; the time is
the server's, and a notice is recorded once per report (a second is refused, 409).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, StringConstraints

from moderator.domain.lifecycle import MAX_NOTICE_TEXT
from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.idempotency import once
from moderator.server.problems import responses
from moderator.server.schemas import PRINTABLE, Mutation, Name
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.services.lifecycle import Lifecycle, NoticeRow

router = APIRouter(
    prefix="/v1/supervisor/notices",
    tags=["supervisor"],
    responses=responses(401, 403, 404, 409, 422, 503),
)
ReportUid = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]


class NoticeIn(Mutation):
    text: Annotated[str, StringConstraints(max_length=MAX_NOTICE_TEXT, pattern=PRINTABLE)]


class NoticeOut(BaseModel):
    notice: NoticeRow


def lifecycle_of(server: Server, who: Principal) -> Lifecycle:
    return Lifecycle(server.for_principal(who), who.registration.username)


@router.get("", response_model=list[NoticeRow])
def notices(
    who: Supervisor,
    server: ServerDep,
    sent: bool = False,
    queue: Annotated[Name | None, Query()] = None,
) -> list[NoticeRow]:
    """The notices still owed, soonest deadline first (`sent=true`: every notice)."""
    return lifecycle_of(server, who).notices(queue=queue, sent=sent)


@router.post("/{report_uid}", response_model=NoticeOut)
def send_notice(
    report_uid: ReportUid, body: NoticeIn, who: Supervisor, server: ServerDep
) -> NoticeOut:
    def effect() -> NoticeOut:
        service = lifecycle_of(server, who)
        return NoticeOut(notice=checked(lambda: service.send_notice(report_uid, body.text)))

    return once(server, who, body.request_id, f"notice:{report_uid}", body, NoticeOut, effect)
