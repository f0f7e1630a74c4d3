"""The one authentication dependency: a bearer token -> (person, workstation, role).

A plain `Caller` route costs three thread-pool hops per request (the token check, the route,
the answer's validation) and two connection checkouts (the check's and the route's). A route
marked `@one_hop` runs in one hop: the token is checked in the route's own transaction, as its
first statement, so a revoked token or a deactivated person is refused exactly as at once.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from moderator.server.context import Principal, Server
from moderator.services import enrollment
from moderator.services.enrollment import Unauthenticated

bearer = HTTPBearer(auto_error=False, description="the token issued at enrollment")
T = TypeVar("T")


async def get_server(request: Request) -> Server:
    # async: no work, so no hop to the thread pool (a sync dependency costs one per request)
    server: Server = request.app.state.server
    return server


@dataclass(frozen=True, slots=True)
class Presented:
    """A bearer token as the request carries it, not checked yet."""

    request: Request
    token: str


def _presented(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Presented:
    if credentials is None or not credentials.credentials:
        raise Unauthenticated("this request carries no token; sign in (enroll) first")
    token = credentials.credentials
    if len(token) > 200:
        raise Unauthenticated("this token is not known to the server")
    return Presented(request, token)


async def presented(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Presented:
    """The token's shape only (no database work on the event loop): none, or far too long."""
    return _presented(request, credentials)


def check(server: Server, db: Session | Connection, given: Presented) -> Principal:
    """Who is calling, from the token alone; refuses unknown, expired, revoked, deactivated.
    One statement, every request: a revocation or deactivation counts at once."""
    registration = enrollment.authenticate(db, given.token, server.now())
    who = Principal(registration, given.token)
    given.request.state.principal = who
    return who


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    server: Annotated[Server, Depends(get_server)],
) -> Principal:
    """The `Caller` of a route: the token checked in a one-statement read of its own."""
    given = _presented(request, credentials)
    with server.read() as db:
        return check(server, db, given)


ServerDep = Annotated[Server, Depends(get_server)]
Caller = Annotated[Principal, Depends(principal)]
BearerToken = Annotated[Presented, Depends(presented)]


class TokenFirst(APIRoute):
    """The route class of `one_hop` routes: an invalid request (422) is answered only to a
    caller whose token passes, as for a `Caller` route (whose token is checked before the
    body is): a wrong token learns nothing from the route, not even how its body is checked.
    Only a request that failed validation pays the extra check."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError:
                server = await get_server(request)
                credentials = await bearer(request)
                await run_in_threadpool(principal, request, credentials, server)
                raise

        return checked


def one_hop(route: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """The route, its `Caller`'s token check and nothing else in one thread-pool call, inside
    one transaction (`Server.unit`, which the route's own units and services join).

    For routes whose work is one unit of work anyway (the reviewer's loop), on a router whose
    `route_class` is `TokenFirst`. The OpenAPI document is unchanged: the parameters are the
    route's, the token still the bearer's.
    """
    signature = inspect.signature(route, eval_str=True)
    callers = [n for n, p in signature.parameters.items() if p.annotation == Caller]
    servers = [n for n, p in signature.parameters.items() if p.annotation == ServerDep]
    if len(callers) != 1 or len(servers) != 1:
        raise TypeError(f"{route.__name__}: a one_hop route takes one Caller and one ServerDep")
    caller, server_name = callers[0], servers[0]

    def run(values: dict[str, Any]) -> T:
        server: Server = values[server_name]
        with server.unit() as session:
            values[caller] = check(server, session, values[caller])
            return route(**values)

    async def endpoint(**values: Any) -> T:
        return await run_in_threadpool(run, values)

    parameters = [
        p.replace(annotation=BearerToken) if p.name == caller else p
        for p in signature.parameters.values()
    ]
    endpoint.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    for name in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(endpoint, name, getattr(route, name))
    return endpoint
