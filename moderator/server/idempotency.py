"""Every mutating request runs once per client-chosen request id.

The id is taken (inserted) before the effect, in the same transaction, so a concurrent repeat
waits on it and then reads the answer the first one stored; a repeat after a lost response,
a killed server or a PostgreSQL restart gets the same answer and changes nothing. A failed
request stores nothing (its transaction rolled back) and may be tried again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from pydantic import BaseModel

from moderator.server.context import Principal, Server
from moderator.server.errors import IdempotencyKeyReused
from moderator.store import team

M = TypeVar("M", bound=BaseModel)


def once(
    server: Server,
    who: Principal,
    request_id: UUID,
    endpoint: str,
    body: BaseModel,
    model: type[M],
    effect: Callable[[], M],
    status: int = 200,
    stored_as: Callable[[M], M] | None = None,
) -> M:
    """Run `effect` in the request's transaction unless `request_id` was done already.

    `stored_as` is what a repeat answers instead of the first answer (a secret shown once,
    such as an enrollment code, is left out of what is stored)."""
    fingerprint = hashlib.sha256(f"{endpoint}\n{body.model_dump_json()}".encode()).hexdigest()
    key = str(request_id)
    with server.unit() as session:
        if team.claim_key(session, who.workstation, key, endpoint, fingerprint, server.now()):
            result = effect()
            kept = stored_as(result) if stored_as is not None else result
            team.store_response(session, who.workstation, key, status, kept.model_dump_json())
            return result
        stored = team.stored_response(session, who.workstation, key)
    if (
        stored is None
        or stored.response is None
        or stored.endpoint != endpoint
        or stored.request_hash != fingerprint
    ):
        raise IdempotencyKeyReused(
            f"request id {key} was already used for a different request; use a new id"
        )
    return model.model_validate_json(stored.response)
