"""Routes of the adjudication window: second reviews that disagree, both sides shown (the
supervisor is not blind), the case's media, and the final outcome.

Only a disagreement (waiting, or adjudicated) is served here: the media route is no general
way for a supervisor to fetch a report. Its bytes go to the supervisor's desk, which decodes
them in its sandbox into memory and shows them blurred until a reveal is held (counted as
exposure); each fetch is a `media_fetch` event in the caller's server chain. An adjudication
is recorded (`adjudicate`, in the same chain) with the supervisor's role checked in the same
transaction, by `services.quality.QualityService` as on a single seat.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from moderator.domain.errors import NotFound
from moderator.domain.wellbeing_profile import LookRule
from moderator.server.auth.dependency import ServerDep
from moderator.server.context import Principal, Server
from moderator.server.errors import MediaUnavailable
from moderator.server.idempotency import once
from moderator.server.media_store import MediaStore
from moderator.server.problems import responses
from moderator.server.review.endpoints import media_response
from moderator.server.review.schemas import MediaOut, PolicyOut
from moderator.server.review.service import send_media
from moderator.server.schemas import Mutation, Name, Notes
from moderator.server.supervisor.dependency import Supervisor
from moderator.server.supervisor.rules import checked
from moderator.services.quality import Disagreement, QualityService
from moderator.services.wellbeing import WellbeingService

router = APIRouter(
    prefix="/v1/supervisor/adjudication",
    tags=["supervisor"],
    responses=responses(401, 403, 404, 409, 422, 503),
)
ReportUid = Annotated[UUID, Path(description="the report's uid")]
Position = Annotated[int, Path(ge=0, le=1000)]


class CasesOut(BaseModel):
    cases: list[Disagreement]
    policies: list[PolicyOut] = Field(description="each case's policy, by its `policy_hash`")


class LookOut(BaseModel):
    queue_id: int
    blur: int
    grayscale: bool
    lightest: int


class CaseOut(BaseModel):
    report_uid: str
    queue_id: int
    review_round: int
    priority: int
    category: str
    media: list[MediaOut]


class AdjudicateIn(Mutation):
    outcome: Name
    note: Notes = Field(description="why this outcome; required (a blank one is refused)")


class AdjudicatedOut(BaseModel):
    adjudication: str = Field(description="the adjudication's uid")


def _quality(server: Server, who: Principal) -> QualityService:
    return QualityService(server.for_principal(who), who.registration.username)


@router.get("", response_model=CasesOut)
def cases(who: Supervisor, server: ServerDep, include_adjudicated: bool = False) -> CasesOut:
    """Second reviews whose outcomes differ, oldest first, with both reviews."""
    service = _quality(server, who)
    found = service.disagreements(include_adjudicated=include_adjudicated)
    texts = service.policy_texts_of(found)
    return CasesOut(
        cases=found,
        policies=[
            PolicyOut(policy_id=t.policy_id, version=t.version, sha256=t.sha256, body=t.body)
            for t in texts.values()
        ],
    )


@router.get("/looks", response_model=list[LookOut])
def looks(who: Supervisor, server: ServerDep) -> list[LookOut]:
    """How each queue's media opens for the caller (blur, grayscale, the lightest blur)."""
    found = WellbeingService(server.for_principal(who), who.reviewer).looks()
    return [_look(queue_id, rule) for queue_id, rule in sorted(found.items())]


def _look(queue_id: int, rule: LookRule) -> LookOut:
    return LookOut(
        queue_id=queue_id, blur=rule.blur, grayscale=rule.grayscale, lightest=rule.lightest
    )


@router.get("/{report_uid}", response_model=CaseOut)
def case(report_uid: ReportUid, who: Supervisor, server: ServerDep) -> CaseOut:
    """A disagreement's report as the adjudicating supervisor sees it: its media's list."""
    found = _quality(server, who).case_media(str(report_uid))
    store = MediaStore(server.settings.media_dir)
    media = []
    for m in found.media:
        try:
            store.locate(m.uri, m.sha256, m.size_bytes)
            problem = ""
        except MediaUnavailable as exc:
            problem = str(exc)
        media.append(
            MediaOut(
                position=m.position,
                kind=m.kind.value,
                sha256=m.sha256,
                size_bytes=m.size_bytes,
                available=not problem,
                problem=problem,
            )
        )
    return CaseOut(
        report_uid=found.report_uid,
        queue_id=found.queue_id,
        review_round=found.review_round,
        priority=found.priority,
        category=found.category,
        media=media,
    )


@router.get(
    "/{report_uid}/media/{position}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the bytes"}},
)
def media(
    report_uid: ReportUid, position: Position, who: Supervisor, server: ServerDep
) -> Response:
    """A disagreement's media item (to a supervisor only; recorded as a media fetch)."""
    uid = str(report_uid)
    with server.unit() as session:  # the role check and the fetch's event: one transaction
        found = _quality(server, who).case_media(uid)
        item = next((m for m in found.media if m.position == position), None)
        if item is None:
            raise NotFound(f"report {uid} has no media item {position}")
        body = send_media(server, who, session, uid, item, purpose="adjudication")
    return media_response(body)


@router.post("/{report_uid}", response_model=AdjudicatedOut)
def adjudicate(
    report_uid: ReportUid, body: AdjudicateIn, who: Supervisor, server: ServerDep
) -> AdjudicatedOut:
    """Record the final outcome of a disagreement: 409 when the report has none waiting
    (never a disagreement, or adjudicated already), 403 to a supervisor who decided it."""
    uid = str(report_uid)

    def effect() -> AdjudicatedOut:
        service = _quality(server, who)
        done = checked(lambda: service.adjudicate(uid, body.outcome, body.note))
        return AdjudicatedOut(adjudication=done)

    return once(server, who, body.request_id, f"adjudicate:{uid}", body, AdjudicatedOut, effect)
