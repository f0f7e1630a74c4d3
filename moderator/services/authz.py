"""Who may change supervision data (training, QA settings, gold items, adjudications).

On a team's database this is checked inside the transaction that makes the change, whatever
the caller (window, CLI, script), and the database roles (migration 0007) are the second guard.
A local SQLite workspace belongs to whoever owns the file — they could edit it directly — so
there the check would only stop the one person who legitimately runs it; it is not made.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.errors import NotEligible
from moderator.domain.reports import Role
from moderator.store.models import Reviewer


def require_role(
    session: Session,
    username: str,
    what: str,
    role: Role = Role.SUPERVISOR,
    *,
    anywhere: bool = False,
) -> int | None:
    """On a shared database: the person's id when they are active and hold `role` or above,
    NotEligible otherwise. On a local SQLite workspace: the id if known, no check.

    `anywhere` checks on a local workspace too: for the organisation's own setup (people,
    queues, policies, settings), which decides who the supervisors are in the first place.
    """
    shared = anywhere or session.get_bind().dialect.name != "sqlite"
    row = session.execute(
        select(Reviewer.id, Reviewer.role, Reviewer.active).where(Reviewer.username == username)
    ).first()
    if not shared:
        return None if row is None else int(row.id)
    if row is None or not row.active:
        raise NotEligible(f"{username} is not an active person here; only a {role} may {what}")
    if not Role(row.role).at_least(role):
        raise NotEligible(f"only a {role} may {what}; {username} is a {row.role}")
    return int(row.id)
