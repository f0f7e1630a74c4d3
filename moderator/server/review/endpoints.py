"""Routes of the review loop: thin (parse, authorize through the token, call one service
function, shape the answer); mutations run once per request id."""

from __future__ import annotations

import base64
import dataclasses
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import StreamingResponse

from moderator.domain.rows import DecisionInput, Lease
from moderator.server.auth.dependency import Caller, ServerDep, TokenFirst, one_hop
from moderator.server.context import Server
from moderator.server.idempotency import once
from moderator.server.media_store import MediaStore
from moderator.server.problems import responses
from moderator.server.review import group, schemas, service
from moderator.server.schemas import PRINTABLE, Mutation, Ok
from moderator.services.pending import Pending

router = APIRouter(
    tags=["review"], responses=responses(401, 403, 404, 409, 422, 503), route_class=TokenFirst
)
Token = Annotated[UUID, Path(description="the lease token the claim returned")]
Position = Annotated[int, Path(ge=0, le=1000)]


def lease_out(server: Server, lease: Lease) -> schemas.LeaseOut:
    left = (lease.expires_at - server.now()).total_seconds()
    return schemas.LeaseOut(
        token=lease.token,
        report_uid=lease.report_uid,
        queue_id=lease.queue_id,
        review_round=lease.review_round,
        expires_at=lease.expires_at,
        seconds_left=max(0.0, left),
    )


def pending_out(decision_id: str, item: Pending) -> schemas.PendingOut:
    return schemas.PendingOut(
        decision_id=decision_id,
        uid=item.uid,
        report_uid=item.lease.report_uid,
        lease_token=item.lease.token,
        outcome=item.decision.outcome,
        submitted_at=item.submitted_at,
        final_at=item.final_at,
    )


@router.post("/v1/claims", response_model=schemas.ClaimOut, summary="Claim the next report")
@one_hop
def claim(body: schemas.ClaimIn, who: Caller, server: ServerDep) -> schemas.ClaimOut:
    def effect() -> schemas.ClaimOut:
        lease = service.claim(server, who, body.queue_ids)
        return schemas.ClaimOut(lease=lease_out(server, lease) if lease else None)

    return once(server, who, body.request_id, "claim", body, schemas.ClaimOut, effect)


@router.post("/v1/leases/{token}/renew", response_model=schemas.LeaseOut)
@one_hop
def renew(token: Token, body: Mutation, who: Caller, server: ServerDep) -> schemas.LeaseOut:
    return once(
        server,
        who,
        body.request_id,
        f"renew:{token}",
        body,
        schemas.LeaseOut,
        lambda: lease_out(server, service.renew(server, who, token)),
    )


@router.post("/v1/leases/{token}/release", response_model=Ok)
@one_hop
def release(token: Token, body: schemas.ReasonIn, who: Caller, server: ServerDep) -> Ok:
    def effect() -> Ok:
        service.release(server, who, token, body.reason)
        return Ok()

    return once(server, who, body.request_id, f"release:{token}", body, Ok, effect)


@router.post("/v1/leases/{token}/skip", response_model=Ok)
@one_hop
def skip(token: Token, body: schemas.ReasonIn, who: Caller, server: ServerDep) -> Ok:
    def effect() -> Ok:
        service.skip(server, who, token, body.reason)
        return Ok()

    return once(server, who, body.request_id, f"skip:{token}", body, Ok, effect)


@router.post("/v1/leases/{token}/escalate", response_model=schemas.EscalatedOut)
@one_hop
def escalate(
    token: Token, body: schemas.ReasonIn, who: Caller, server: ServerDep
) -> schemas.EscalatedOut:
    return once(
        server,
        who,
        body.request_id,
        f"escalate:{token}",
        body,
        schemas.EscalatedOut,
        lambda: schemas.EscalatedOut(queue_id=service.escalate(server, who, token, body.reason)),
    )


@router.get("/v1/leases/{token}/report", response_model=schemas.ReportOut)
@one_hop
def report(token: Token, who: Caller, server: ServerDep) -> schemas.ReportOut:
    found = service.report_details(server, who, token)
    fields = {f.name: getattr(found.report, f.name) for f in dataclasses.fields(found.report)}
    fields.pop("id")
    return schemas.ReportOut(
        **fields,
        waiting=found.waiting,
        lease=lease_out(server, found.lease),
        media=[
            schemas.MediaOut(
                position=m.position,
                kind=m.kind,
                sha256=m.sha256,
                size_bytes=m.size_bytes,
                available=not problem,
                problem=problem,
            )
            for m, problem in found.media
        ],
        matches=[schemas.MatchOut(**dataclasses.asdict(m)) for m in found.matches],
        bank_matches=[schemas.BankMatchOut(**dataclasses.asdict(b)) for b in found.bank_matches],
    )


@router.get("/v1/policies/{policy_id}", response_model=schemas.PolicyOut)
@one_hop
def policy(
    policy_id: Annotated[str, Path(max_length=100, pattern=PRINTABLE)],
    who: Caller,
    server: ServerDep,
    version: Annotated[str, Query(max_length=50, pattern=PRINTABLE)] = "",
) -> schemas.PolicyOut:
    """A stored policy version (the latest when no version is given), for the decision form."""
    found = service.policy_text(server, policy_id, version)
    return schemas.PolicyOut(
        policy_id=found.policy_id, version=found.version, sha256=found.sha256, body=found.body
    )


@router.get(
    "/v1/leases/{token}/media/{position}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the bytes"}},
)
@one_hop
def media(token: Token, position: Position, who: Caller, server: ServerDep) -> Response:
    return media_response(service.media(server, who, token, position))


def media_response(body: service.MediaBody) -> Response:
    """The bytes with their ingest SHA-256 in headers, never cached; a large file streamed
    (and cut off if it does not hash right)."""
    digest = base64.b64encode(bytes.fromhex(body.sha256)).decode("ascii")
    headers = {
        "X-Moderator-SHA256": body.sha256,
        "Repr-Digest": f"sha-256=:{digest}:",
        "Cache-Control": "no-store",
    }
    if body.data is not None:
        return Response(body.data, media_type="application/octet-stream", headers=headers)
    return StreamingResponse(
        MediaStore.stream(body.path, body.sha256),
        media_type="application/octet-stream",
        headers={**headers, "Content-Length": str(body.size)},
    )


@router.post("/v1/leases/{token}/decision", status_code=201, response_model=schemas.PendingOut)
@one_hop
def submit(
    token: Token, body: schemas.DecisionIn, who: Caller, server: ServerDep
) -> schemas.PendingOut:
    fields = body.model_dump(exclude={"decision_id"})
    decision = DecisionInput(**fields)
    decision_id = str(body.decision_id)
    return once(
        server,
        who,
        body.decision_id,
        f"{service.SUBMIT}:{token}",
        body,
        schemas.PendingOut,
        lambda: pending_out(decision_id, service.submit(server, who, token, decision)),
        status=201,
    )


@router.get("/v1/pending", response_model=list[schemas.PendingOut])
@one_hop
def outstanding(who: Caller, server: ServerDep) -> list[schemas.PendingOut]:
    return [
        pending_out(decision_id, item) for decision_id, item in service.outstanding(server, who)
    ]


def _state_out(decision_id: UUID, state: service.DecisionState) -> schemas.DecisionStateOut:
    return schemas.DecisionStateOut(
        decision_id=str(decision_id),
        state=state.state,
        decision_uid=state.decision_uid,
        final_at=state.submitted["final_at"],  # type: ignore[arg-type]
    )


DecisionId = Annotated[UUID, Path(description="the decision_id the submit carried")]


@router.get("/v1/decisions/{decision_id}", response_model=schemas.DecisionStateOut)
@one_hop
def decision_state(
    decision_id: DecisionId, who: Caller, server: ServerDep
) -> schemas.DecisionStateOut:
    return _state_out(decision_id, service.decision_state(server, who, decision_id))


@router.post("/v1/decisions/{decision_id}/undo", response_model=schemas.LeaseOut)
@one_hop
def undo(
    decision_id: DecisionId, body: Mutation, who: Caller, server: ServerDep
) -> schemas.LeaseOut:
    return once(
        server,
        who,
        body.request_id,
        f"undo:{decision_id}",
        body,
        schemas.LeaseOut,
        lambda: lease_out(server, service.undo(server, who, decision_id)),
    )


@router.post("/v1/decisions/{decision_id}/finalize", response_model=schemas.DecisionStateOut)
@one_hop
def finalize(
    decision_id: DecisionId, body: Mutation, who: Caller, server: ServerDep
) -> schemas.DecisionStateOut:
    return once(
        server,
        who,
        body.request_id,
        f"finalize:{decision_id}",
        body,
        schemas.DecisionStateOut,
        lambda: _state_out(decision_id, service.finalize(server, who, decision_id)),
    )


# --- the group of the held report (issue 18) ------------------------------------------------


@router.get("/v1/leases/{token}/group", response_model=schemas.GroupOut)
def group_members(token: Token, who: Caller, server: ServerDep) -> schemas.GroupOut:
    """Equal and near copies of the held report waiting in its queue, nearest first."""
    return schemas.GroupOut(
        members=[
            schemas.GroupMemberOut(
                report_uid=m.report_uid,
                external_ref=m.external_ref,
                position=m.position,
                how=m.how,
                distance=m.distance,
                kind=m.media.kind.value if m.media else "image",
                sha256=m.media.sha256 if m.media else None,
                size_bytes=m.media.size_bytes if m.media else None,
            )
            for m in group.members(server, who, token)
        ]
    )


@router.get(
    "/v1/leases/{token}/group/{report_uid}/media",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the bytes"}},
)
def group_media(
    token: Token,
    report_uid: Annotated[UUID, Path(description="a member of the held report's group")],
    who: Caller,
    server: ServerDep,
) -> Response:
    """A member's matched media item, for its blurred tile (the desk never shows it sharp)."""
    return media_response(group.member_media(server, who, token, report_uid))


@router.post("/v1/leases/{token}/group", status_code=201, response_model=schemas.PendingOut)
def submit_group(
    token: Token, body: schemas.GroupDecisionIn, who: Caller, server: ServerDep
) -> schemas.PendingOut:
    """Submit a group decision: pending for the grace period like any submit (undo and
    finalize it by its decision id), the members left in the group held meanwhile."""
    fields = body.model_dump(exclude={"decision_id", "members"})
    decision = DecisionInput(**fields)
    decision_id = str(body.decision_id)
    return once(
        server,
        who,
        body.decision_id,
        f"{service.SUBMIT}:group:{token}",
        body,
        schemas.PendingOut,
        lambda: pending_out(decision_id, group.submit(server, who, token, decision, body.members)),
        status=201,
    )
