"""The one authentication dependency: a bearer token -> (person, workstation, role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from moderator.server.context import Principal, Server
from moderator.services import enrollment
from moderator.services.enrollment import Unauthenticated

bearer = HTTPBearer(auto_error=False, description="the token issued at enrollment")


async def get_server(request: Request) -> Server:
    # async: no work, so no hop to the thread pool (a sync dependency costs one per request)
    server: Server = request.app.state.server
    return server


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    server: Annotated[Server, Depends(get_server)],
) -> Principal:
    """Who is calling, from the token alone; refuses unknown, expired, revoked, deactivated."""
    if credentials is None or not credentials.credentials:
        raise Unauthenticated("this request carries no token; sign in (enroll) first")
    token = credentials.credentials
    if len(token) > 200:
        raise Unauthenticated("this token is not known to the server")
    with server.read() as db:  # one statement, every request: revocation counts at once
        registration = enrollment.authenticate(db, token, server.now())
    who = Principal(registration, token)
    request.state.principal = who
    return who


ServerDep = Annotated[Server, Depends(get_server)]
Caller = Annotated[Principal, Depends(principal)]
