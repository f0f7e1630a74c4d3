"""The Admin window's services in one place: queues, people, policies, settings.

`Admin.snapshot` reads everything the window shows in one transaction, as plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from moderator.domain.rows import PolicyRow
from moderator.domain.wellbeing_profile import builtin_profiles
from moderator.services.organisation import Organisation, OrgSettings, read_settings
from moderator.services.people import People, PersonRow
from moderator.services.policies import PolicyLibrary
from moderator.services.queues import QueueAdmin, QueueRow
from moderator.services.workspace import Workspace
from moderator.store import people, queue_admin
from moderator.store import policies as policy_store
from moderator.store.models import TrainingCourse

__all__ = ["Admin", "AdminSnapshot", "OrgSettings", "PersonRow", "PolicyRow", "QueueRow"]


@dataclass(frozen=True)
class AdminSnapshot:
    queues: list[QueueRow]
    people: list[PersonRow]
    policies: list[PolicyRow]
    settings: OrgSettings
    courses: list[str]
    wellbeing: list[str]  # the shipped wellbeing profiles


@dataclass
class Admin:
    workspace: Workspace
    username: str  # the supervisor using the window
    queues: QueueAdmin = field(init=False)
    people: People = field(init=False)
    policies: PolicyLibrary = field(init=False)
    organisation: Organisation = field(init=False)

    def __post_init__(self) -> None:
        self.queues = QueueAdmin(self.workspace, self.username)
        self.people = People(self.workspace, self.username)
        self.policies = PolicyLibrary(self.workspace, self.username)
        self.organisation = Organisation(self.workspace, self.username)

    @property
    def access(self) -> None:
        """No enrollment through a server here (services.admin_tools.AdminTools.access)."""
        return None

    def snapshot(self) -> AdminSnapshot:
        with self.workspace.transaction() as session:
            return AdminSnapshot(
                queue_admin.listing(session),
                people.listing(session),
                policy_store.listing(session),
                read_settings(session),
                list(session.scalars(select(TrainingCourse.code).order_by(TrainingCourse.code))),
                builtin_profiles(),
            )
