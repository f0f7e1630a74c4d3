"""Routes of the platform's way in and out: intake, the decision feed, webhook administration
and the delivery log, readiness and metrics."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from moderator.domain.errors import NotEligible
from moderator.domain.reports import RecordError, Role
from moderator.server.auth.dependency import Caller, ServerDep, bearer, principal
from moderator.server.context import Server
from moderator.server.errors import LengthRequired, TooLarge
from moderator.server.media_store import MediaStore
from moderator.server.platform import feed, intake, ops, schemas
from moderator.server.platform.auth import Submitter
from moderator.server.platform.runtime import Platform
from moderator.server.problems import INVALID, problem, responses
from moderator.services import sources
from moderator.services.enrollment import Unauthenticated
from moderator.services.sources import Caller as SourceCaller

router = APIRouter(tags=["platform"])

INTAKE_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["records"],
                "properties": {
                    "records": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": intake.MAX_RECORDS,
                        "items": {"type": "object"},
                        "description": "manifest records (the schema of `moderator ingest`)",
                    }
                },
            }
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["manifest"],
                "properties": {
                    "manifest": {"type": "string", "description": "JSONL, or a JSON array"},
                    "media": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "files; a record's media names a file by its filename",
                    },
                },
            }
        },
    },
}


def _platform(request: Request) -> Platform:
    found: Platform = request.app.state.platform
    return found


PlatformDep = Annotated[Platform, Depends(_platform)]


def _records_of(text: str) -> list[Any]:
    text = text.strip()
    if text.startswith("["):
        value = json.loads(text)
        if not isinstance(value, list):
            raise RecordError("the manifest is not a JSON array")
        return value
    out: list[Any] = []
    for line in text.splitlines():
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                out.append({"__unreadable__": f"not valid JSON ({exc.msg})"})
    return out


async def _read(request: Request, platform: Platform) -> tuple[list[Any], dict[str, intake.Upload]]:
    limits = platform.limits
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise LengthRequired("send the request with a Content-Length header")
    if int(length) > limits.request_bytes:
        raise TooLarge(f"a request is at most {limits.request_bytes:,} bytes, not {int(length):,}")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise RecordError(f"the body is not JSON ({type(exc).__name__})") from None
        records = body.get("records") if isinstance(body, dict) else None
        if not isinstance(records, list):
            raise RecordError("the body is an object with a list `records`")
        return records, {}
    if kind != "multipart/form-data":
        raise RecordError("send application/json or multipart/form-data")
    store = MediaStore(platform.server.settings.media_dir)
    uploads: dict[str, intake.Upload] = {}
    manifest: str | None = None
    try:
        form = await request.form(
            max_files=intake.MAX_MEDIA_FILES, max_fields=64, max_part_size=limits.manifest_bytes
        )
    except StarletteHTTPException as exc:  # the multipart body does not parse, or is too big
        raise RecordError(f"the multipart body: {exc.detail}") from None
    try:
        for name, value in form.multi_items():
            if name == "manifest":
                if isinstance(value, UploadFile):
                    data = await value.read(limits.manifest_bytes + 1)
                    if len(data) > limits.manifest_bytes:
                        raise TooLarge(f"the manifest is over {limits.manifest_bytes:,} bytes")
                    manifest = data.decode("utf-8", errors="replace")
                else:
                    manifest = value
            elif name == "media" and isinstance(value, UploadFile):
                filename = value.filename or ""
                if not filename or filename in uploads:
                    raise RecordError(f"each media file needs its own filename ({filename!r})")
                sha, size = await run_in_threadpool(
                    store.put_stream, value.file, limits.media_bytes
                )
                upload = intake.Upload(sha, size, intake.suffix_of(filename))
                store.alias(sha, upload.suffix)
                uploads[filename] = upload
    finally:
        await form.close()
    if manifest is None:
        raise RecordError("a multipart request needs a `manifest` part")
    return _records_of(manifest), uploads


@router.post(
    "/v1/reports",
    response_model=schemas.IntakeOut,
    responses=responses(401, 411, 413, 422, 503),
    openapi_extra={"requestBody": INTAKE_BODY},
    summary="Submit a batch of reports (a source token)",
)
async def submit(request: Request, caller: Submitter, platform: PlatformDep) -> Any:
    try:
        records, uploads = await _read(request, platform)
    except RecordError as exc:
        return problem(INVALID, str(exc))
    records = [
        r if not (isinstance(r, dict) and "__unreadable__" in r) else r["__unreadable__"]
        for r in records
    ]
    try:
        outcomes = await run_in_threadpool(
            intake.submit, platform.server, platform.hashing, caller, records, uploads
        )
    except RecordError as exc:
        return problem(INVALID, str(exc))
    rows = [_row(o) for o in outcomes]
    count = {
        s: sum(1 for o in outcomes if o.status == s) for s in ("accepted", "present", "rejected")
    }
    return schemas.IntakeOut(source=caller.name, records=rows, **count)


def _row(o: intake.Outcome) -> schemas.RecordOut:
    error = o.error
    if error is None and o.status == "rejected":
        error = "rejected"
    return schemas.RecordOut(
        index=o.index, external_ref=o.external_ref, status=o.status, report=o.report, error=error
    )


def feed_reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    server: ServerDep,
) -> str | None:
    """The source whose decisions this token may read (None: all, a supervisor)."""
    token = credentials.credentials if credentials else ""
    if token.startswith(sources.TOKEN_PREFIX["decisions"]) and len(token) <= 200:
        with server.workspace().transaction() as session:
            caller: SourceCaller = sources.authenticate(session, token, "decisions")
        return caller.name
    who = principal(request, credentials, server)
    if not who.role.at_least(Role.SUPERVISOR):
        raise NotEligible("the decision feed is for a source's decisions token or a supervisor")
    return None


@router.get(
    "/v1/decisions",
    response_model=schemas.DecisionsOut,
    responses=responses(401, 403, 422, 503),
    summary="Final decisions after a cursor, oldest first",
)
def decisions(
    source: Annotated[str | None, Depends(feed_reader)],
    server: ServerDep,
    after: Annotated[str, Query(max_length=18, pattern=r"^[0-9]{0,18}$")] = "",
    limit: Annotated[int, Query(ge=1, le=feed.MAX_PAGE)] = 100,
) -> schemas.DecisionsOut:
    cursor = int(after) if after else 0
    with server.workspace().transaction() as session:
        items = feed.page(session, cursor, limit + 1, source)
    more = len(items) > limit
    items = items[:limit]
    return schemas.DecisionsOut(
        decisions=[i.event for i in items],
        next_cursor=str(items[-1].seq if items else cursor),
        more=more,
    )


def supervisor(who: Caller) -> None:
    if not who.role.at_least(Role.SUPERVISOR):
        raise NotEligible("the webhook delivery log is for supervisors")


@router.get(
    "/v1/webhooks/deliveries",
    response_model=schemas.DeliveriesOut,
    responses=responses(401, 403, 422, 503),
    dependencies=[Depends(supervisor)],
    summary="Webhook subscriptions and the delivery log, newest attempts first (supervisors)",
)
def deliveries(
    server: ServerDep,
    webhook: Annotated[str | None, Query(max_length=36, pattern=r"^[0-9a-fA-F-]+$")] = None,
    failed: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> schemas.DeliveriesOut:
    with server.workspace().transaction() as session:
        hooks = sources.webhooks(session)
        log = sources.attempts(session, webhook, failed_only=failed, limit=limit)
    return schemas.DeliveriesOut(
        webhooks=[_hook(h) for h in hooks],
        attempts=[_attempt(a) for a in log],
    )


def _hook(h: sources.WebhookRow) -> schemas.WebhookOut:
    return schemas.WebhookOut(
        id=h.id,
        url=h.url,
        source=h.source,
        created_at=h.created_at,
        removed_at=h.removed_at,
        pending=h.pending,
        delivered=h.delivered,
        failed=h.failed,
    )


def _attempt(a: sources.AttemptRow) -> schemas.AttemptOut:
    return schemas.AttemptOut(
        webhook=a.webhook,
        event_id=a.event_id,
        attempt=a.attempt,
        at=a.at,
        status=a.status,
        error=a.error,
        millis=a.millis,
        state=a.state,
    )


@router.get("/readyz", response_model=schemas.ReadyOut, responses=responses(503))
async def readyz(server: ServerDep) -> Any:
    ok, detail = await run_in_threadpool(ops.ready, server)
    return JSONResponse({"ready": ok, "detail": detail}, status_code=200 if ok else 503)


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _may_read_metrics(request: Request, server: Server) -> None:
    host = request.client.host if request.client else ""
    if host in LOOPBACK:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("metrics: from the loopback interface, or with a supervisor's token")
    credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
    who = principal(request, credentials, server)
    if not who.role.at_least(Role.SUPERVISOR):
        raise NotEligible("metrics are for supervisors (or read from the loopback interface)")


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses=responses(401, 403, 503),
    summary="Prometheus text format (loopback clients, or a supervisor's token)",
)
def metrics(request: Request, server: ServerDep, platform: PlatformDep) -> PlainTextResponse:
    _may_read_metrics(request, server)
    lines = platform.metrics.text() + ops.gauges(server)
    return PlainTextResponse(
        "\n".join(lines) + "\n", media_type="text/plain; version=0.0.4; charset=utf-8"
    )
