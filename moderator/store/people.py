"""The people of a workspace: reviewers and supervisors, added and changed by supervisors.

Each writing function runs in the caller's transaction and appends its PERSON audit event in
that same transaction. People are never deleted (their decisions and audit events name
them); a deactivated person can neither sign in nor claim.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.reports import Role
from moderator.domain.rows import PersonRow
from moderator.store import journal
from moderator.store.dialect import lock_person
from moderator.store.journal import Actor
from moderator.store.models import Reviewer
from moderator.store.prepared import Prepared


class PeopleError(ModeratorError):
    """A change to the people that cannot be made; the message says why."""


def _row(r: Reviewer) -> PersonRow:
    return PersonRow(r.id, r.username, r.display_name, r.role, r.active, r.created_at)


def _audit(session: Session, actor: Actor, at: datetime, op: str, **payload: Any) -> None:
    journal.append(session, actor, EventKind.PERSON, at, payload={"op": op, **payload})


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Reviewer)) or 0


def listing(session: Session, *, include_inactive: bool = True) -> list[PersonRow]:
    query = select(Reviewer).order_by(Reviewer.username)
    if not include_inactive:
        query = query.where(Reviewer.active.is_(True))
    return [_row(r) for r in session.scalars(query)]


def get(session: Session, username: str) -> Reviewer:
    row = session.scalars(select(Reviewer).where(Reviewer.username == username)).first()
    if row is None:
        raise NotFound(f"no person named {username!r} (see `moderator people list`)")
    return row


# Built once (on the claim path). Not FOR SHARE: a row lock needs UPDATE privilege on
# `reviewers`, which the team server's login must not have (see lock_person).
_ACTIVE = Prepared(select(Reviewer.active).where(Reviewer.id == bindparam("p_reviewer")))


def hold(session: Session, reviewer_id: int) -> None:
    """Take the person's lock (shared) until the transaction ends: see `is_active`."""
    lock_person(session, reviewer_id, shared=True)


def is_active(session: Session, reviewer_id: int) -> bool:
    """Whether the person may act now. The person's lock is held (shared) until the caller's
    transaction ends, so a deactivation committing meanwhile waits, and one committed before
    is seen (the read comes after the lock, in its own statement): nothing is claimed after a
    deactivation."""
    lock_person(session, reviewer_id, shared=True)
    found = _ACTIVE.first(session, {"p_reviewer": reviewer_id})
    return bool(found and found[0])


def add(
    session: Session,
    actor: Actor,
    now: datetime,
    username: str,
    role: Role,
    display_name: str = "",
) -> PersonRow:
    if session.scalars(select(Reviewer.id).where(Reviewer.username == username)).first():
        raise PeopleError(f"{username!r} is already a person here (see `moderator people list`)")
    row = Reviewer(
        username=username,
        display_name=display_name or username,
        role=role,
        active=True,
        created_at=now,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, now, "add", person=username, role=str(role), name=row.display_name)
    return _row(row)


def edit(
    session: Session,
    actor: Actor,
    now: datetime,
    username: str,
    *,
    role: Role | None = None,
    display_name: str | None = None,
    active: bool | None = None,
) -> PersonRow:
    """Change what is given; refused when it would leave no active supervisor."""
    row = get(session, username)
    changes: dict[str, Any] = {}
    if role is not None and role != row.role:
        changes["role"] = [row.role, str(role)]
        row.role = role
    if display_name is not None and display_name != row.display_name:
        changes["name"] = [row.display_name, display_name]
        row.display_name = display_name
    if active is not None and active != row.active:
        lock_person(session, row.id, shared=False)  # waits for claims in flight (is_active)
        changes["active"] = [row.active, active]
        row.active = active
    if not changes:
        return _row(row)
    session.flush()
    _keep_a_supervisor(session, username)
    _audit(session, actor, now, "edit", person=username, changes=changes)
    return _row(row)


def _keep_a_supervisor(session: Session, username: str) -> None:
    supervisors = session.scalar(
        select(func.count())
        .select_from(Reviewer)
        .where(Reviewer.active.is_(True), Reviewer.role.in_([Role.SUPERVISOR, Role.ADMIN]))
    )
    if not supervisors:
        raise PeopleError(
            f"{username} is the last active supervisor: make someone else a supervisor first "
            "(nobody could add or change people otherwise)"
        )
