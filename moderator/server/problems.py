"""Errors as `application/problem+json` (RFC 9457), mapped in this one place, and every
refusal (401, 403, 409) recorded in the server's own audit chain."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotEligible, NotFound
from moderator.domain.lifecycle import ActionError
from moderator.server import errors
from moderator.server.context import Principal, Server
from moderator.services.enrollment import Deactivated, EnrollmentRefused, Unauthenticated
from moderator.services.pending import UndoTooLate
from moderator.services.wellbeing import OnBreak
from moderator.store import journal
from moderator.store.errors import DatabaseUnavailable, LeaseLost, environment_problem
from moderator.store.journal import Actor

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_PREFIX = "urn:moderator:problem:"
RECORDED = frozenset({401, 403, 409})


@dataclass(frozen=True, slots=True)
class Kind:
    status: int
    slug: str
    title: str


# Most specific first: the first class the error is an instance of decides.
MAPPING: tuple[tuple[type[BaseException], Kind], ...] = (
    (Unauthenticated, Kind(401, "unauthenticated", "Not signed in")),
    (Deactivated, Kind(403, "deactivated", "This person is deactivated")),
    (EnrollmentRefused, Kind(403, "enrollment-refused", "Enrollment refused")),
    (errors.ForeignEvent, Kind(403, "foreign-event", "Not your workstation's event")),
    (errors.EventRefused, Kind(403, "event-refused", "The server records this itself")),
    (NotEligible, Kind(403, "not-eligible", "Not allowed")),
    (LeaseLost, Kind(409, "lease-lost", "This report is not yours")),
    (OnBreak, Kind(409, "on-break", "No claims now")),
    (UndoTooLate, Kind(409, "undo-too-late", "Already final")),
    (errors.BreakNotOver, Kind(409, "break-not-over", "The break is not over")),
    (errors.DecisionPending, Kind(409, "decision-pending", "A decision is pending")),
    (errors.TooManyLeases, Kind(409, "too-many-leases", "Too many reports held")),
    (errors.ChainRejected, Kind(409, "chain-rejected", "Audit events refused")),
    (errors.IdempotencyKeyReused, Kind(409, "idempotency-key-reused", "Request id reused")),
    (errors.MediaUnavailable, Kind(409, "media-unavailable", "Media unavailable")),
    (errors.TooLarge, Kind(413, "too-large", "Too large")),
    (errors.LengthRequired, Kind(411, "length-required", "Content-Length required")),
    (errors.ChangeRefused, Kind(409, "change-refused", "Change refused")),
    (ActionError, Kind(409, "action-refused", "This action cannot change so")),
    (NotFound, Kind(404, "not-found", "Not found")),
    (DatabaseUnavailable, Kind(503, "database-unavailable", "Database unavailable")),
)
INTERNAL = Kind(500, "internal", "Internal error")
INVALID = Kind(422, "invalid-request", "Invalid request")


class ProblemModel(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str


def kind_of(exc: BaseException) -> Kind:
    for cls, kind in MAPPING:
        if isinstance(exc, cls):
            return kind
    return INTERNAL


def problem(kind: Kind, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {
        "type": TYPE_PREFIX + kind.slug,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
    }
    if kind.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(body, status_code=kind.status, media_type=PROBLEM, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem responses a route can give."""
    schema = {"$ref": "#/components/schemas/ProblemModel"}
    return {
        status: {"description": "A problem (RFC 9457)", "content": {PROBLEM: {"schema": schema}}}
        for status in statuses
    }


def record_refusal(server: Server, request: Request, kind: Kind, detail: str) -> None:
    """A refusal as an event of the caller's server chain (or the main one, unauthenticated)."""
    who: Principal | None = getattr(request.state, "principal", None)
    actor = (
        Actor(who.registration.username, who.chain)
        if who
        else Actor("anonymous", server.main_chain)
    )
    route = request.scope.get("route")
    payload = {
        "status": kind.status,
        "type": kind.slug,
        "method": request.method,
        "path": getattr(route, "path", request.url.path)[:200],
        "detail": detail[:500],
    }
    if who is not None:
        payload["workstation"] = who.workstation
    try:
        with server.workspace(actor.workstation).transaction() as session:
            journal.append(session, actor, EventKind.REFUSAL, server.now(), payload=payload)
    except (ModeratorError, SQLAlchemyError) as exc:  # the refusal itself still goes out
        log.warning("refusal not recorded: %s", exc)


def install(app: FastAPI, server: Server) -> None:
    async def refuse(request: Request, kind: Kind, detail: str) -> JSONResponse:
        if kind.status in RECORDED:
            await run_in_threadpool(record_refusal, server, request, kind, detail)
        return problem(kind, detail)

    @app.exception_handler(ModeratorError)
    async def _domain(request: Request, exc: ModeratorError) -> JSONResponse:
        return await refuse(request, kind_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error.get("loc", ()))
            parts.append(f"{where}: {error.get('msg', 'invalid')}")
        return problem(INVALID, "; ".join(parts) or "the request does not fit the schema")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        kind = Kind(exc.status_code, slug, str(exc.detail))
        return problem(kind, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        found = environment_problem(exc)
        if found is not None:
            return problem(kind_of(found), str(found))
        log.error("database error", exc_info=exc)
        return problem(INTERNAL, "a database error on the server; it has been logged")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return problem(INTERNAL, "an error on the server; it has been logged")
