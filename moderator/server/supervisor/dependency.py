"""The supervisor role, checked on the server for every supervisor route."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from moderator.domain.errors import NotEligible
from moderator.domain.reports import Role
from moderator.server.auth.dependency import Caller
from moderator.server.context import Principal


def supervisor(who: Caller) -> Principal:
    """The caller, if the token's person is a supervisor or above; NotEligible otherwise."""
    if not who.role.at_least(Role.SUPERVISOR):
        raise NotEligible(
            f"the supervisor tools are for supervisors; {who.registration.username} is a "
            f"{who.role.value}"
        )
    return who


Supervisor = Annotated[Principal, Depends(supervisor)]
