"""The people of the organisation, managed by its supervisors: add, edit, deactivate, list.

This is where a person's access starts: signing in looks people up and never registers
anyone. Each call is one transaction with its audit event; only an active supervisor may make
changes, on a local workspace as on a shared one.
"""

from __future__ import annotations

from dataclasses import dataclass

from moderator.domain.organisation import check_name
from moderator.domain.reports import Role
from moderator.domain.rows import PersonRow
from moderator.services.authz import require_role
from moderator.services.workspace import Workspace
from moderator.store import people as store

__all__ = ["People", "PersonRow"]

ROLES = (Role.REVIEWER, Role.SUPERVISOR)


@dataclass
class People:
    workspace: Workspace
    username: str  # the supervisor making changes

    def listing(self, *, include_inactive: bool = True) -> list[PersonRow]:
        with self.workspace.transaction() as session:
            return store.listing(session, include_inactive=include_inactive)

    def add(self, name: str, role: Role = Role.REVIEWER, display_name: str = "") -> PersonRow:
        name = check_name(name, "person")
        with self.workspace.transaction() as session:
            require_role(session, self.username, "add people", anywhere=True)
            return store.add(
                session,
                self.workspace.actor(self.username),
                self.workspace.now(),
                name,
                Role(role),
                display_name.strip(),
            )

    def edit(
        self,
        name: str,
        *,
        role: Role | None = None,
        display_name: str | None = None,
        active: bool | None = None,
    ) -> PersonRow:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change people", anywhere=True)
            return store.edit(
                session,
                self.workspace.actor(self.username),
                self.workspace.now(),
                name,
                role=Role(role) if role is not None else None,
                display_name=display_name.strip() if display_name is not None else None,
                active=active,
            )

    def deactivate(self, name: str) -> PersonRow:
        """From this moment the person can neither sign in nor claim a report."""
        return self.edit(name, active=False)
