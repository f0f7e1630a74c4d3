"""The organisation's settings in the workspace: shown to everyone, changed by supervisors.

The time zone is the organisation's, not the computer's: compliance reports, the day
boundaries of exposure caps and breaks, and dates without a time in training records are
read in it (this computer's zone only while none is set).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from sqlalchemy.orm import Session

from moderator.domain.organisation import OrgSettings, from_stored
from moderator.services.authz import require_role
from moderator.services.workspace import Workspace
from moderator.store import org_settings as store

__all__ = ["OrgSettings", "Organisation", "org_zone", "read_settings"]


def read_settings(session: Session) -> OrgSettings:
    return from_stored(store.stored(session))


def org_zone(workspace: Workspace) -> tzinfo | None:
    """The organisation's time zone; None while none is set (this computer's zone)."""
    with workspace.transaction() as session:
        return read_settings(session).zone()


@dataclass
class Organisation:
    workspace: Workspace
    username: str

    def settings(self) -> OrgSettings:
        with self.workspace.transaction() as session:
            return read_settings(session)

    def change(self, values: Mapping[str, Any]) -> dict[str, list[Any]]:
        """Check and store the given settings; returns {key: [old, new]} of what changed."""
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change the organisation's settings",
                         anywhere=True)  # fmt: skip
            wanted = read_settings(session).changed(values)
            return store.put(
                session,
                self.workspace.actor(self.username),
                self.workspace.now(),
                {key: getattr(wanted, key) for key in values},
            )
