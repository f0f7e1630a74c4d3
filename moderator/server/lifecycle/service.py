"""Actions on the server: the shared Lifecycle service, acting as the caller, on server time.
The supervisor check is the service's own (`require_role`, inside each transaction)."""

from __future__ import annotations

from moderator.server.context import Principal, Server
from moderator.services.lifecycle import ActionRow, Lifecycle


def _service(server: Server, who: Principal) -> Lifecycle:
    return Lifecycle(server.for_principal(who), who.registration.username)


def listing(server: Server, who: Principal, overdue: bool, queue: str | None) -> list[ActionRow]:
    return _service(server, who).actions(overdue=overdue, queue=queue)


def mark(server: Server, who: Principal, action_id: int, state: str, evidence: str) -> ActionRow:
    return _service(server, who).mark(action_id, state, evidence)
