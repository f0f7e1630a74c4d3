"""Source tokens on the server: a `submit` token reaches the intake and nothing else; a
`decisions` token reaches its source's decision feed and nothing else. A person's token is
never a source token (different tables), so it cannot submit as a source."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from moderator.server.auth.dependency import ServerDep, bearer
from moderator.services import sources
from moderator.services.enrollment import Unauthenticated
from moderator.services.sources import Caller


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthenticated("this request carries no token; a supervisor issues source tokens")
    token = credentials.credentials
    if len(token) > 200:
        raise Unauthenticated("this token is not known to the server")
    return token


def submitter(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    server: ServerDep,
) -> Caller:
    token = _token(credentials)
    with server.workspace().transaction() as session:
        caller = sources.authenticate(session, token, "submit")
    request.state.source = caller
    return caller


Submitter = Annotated[Caller, Depends(submitter)]
