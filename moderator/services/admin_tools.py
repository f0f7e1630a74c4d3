"""What the Admin window and the "Actions and notices" window call, in either mode: the
local services (`services.admin.Admin`, `services.lifecycle.Lifecycle`) on a workspace, or
the remote ones (`remote.admin`, `remote.lifecycle`) over the team server. The windows never
know which.

Read-only properties, so a dataclass field (Admin's) or a plain attribute both satisfy them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from moderator.domain.reports import Role
from moderator.domain.rows import PersonRow, PolicyText, QueueRow
from moderator.services.admin import AdminSnapshot
from moderator.services.lifecycle import ActionRow, NoticeRow
from moderator.services.queues import QueueRequest, WellbeingText

__all__ = [
    "AccessTools",
    "AdminTools",
    "EnrollmentCode",
    "LifecycleTools",
    "OrgTools",
    "PeopleTools",
    "PolicyTools",
    "QueueTools",
    "Summarised",
]


class Summarised(Protocol):
    def summary(self) -> str: ...


class QueueTools(Protocol):
    def add(self, request: QueueRequest) -> QueueRow: ...

    def edit(
        self, name: str, changes: dict[str, Any], wellbeing: WellbeingText | None = None
    ) -> QueueRow: ...

    def archive(self, name: str) -> QueueRow: ...


class PeopleTools(Protocol):
    def add(self, name: str, role: Role = Role.REVIEWER, display_name: str = "") -> PersonRow: ...

    def edit(
        self,
        name: str,
        *,
        role: Role | None = None,
        display_name: str | None = None,
        active: bool | None = None,
    ) -> PersonRow: ...


class PolicyTools(Protocol):
    def import_file(self, path: Path, *, apply: bool = True) -> Summarised: ...
    def text(self, ref: str) -> PolicyText: ...


class OrgTools(Protocol):
    def change(self, values: Mapping[str, Any]) -> dict[str, list[Any]]: ...


@dataclass(frozen=True, slots=True)
class EnrollmentCode:
    """A one-time enrollment code: a secret, shown once and never kept or logged."""

    code: str | None = None  # None: the request was answered before (ask for another)
    expires_at: datetime | None = None


class AccessTools(Protocol):
    """The team server's access to it: enrollment codes and revoking a person's tokens."""

    def issue_code(self, name: str, hours: int = 72) -> EnrollmentCode: ...

    def revoke_tokens(self, name: str) -> int:
        """Revoke every workstation and token of the person; how many workstations."""
        ...


class AdminTools(Protocol):
    """The Admin window's services for one signed-in supervisor. `access` is None where
    nobody enrolls through a server (a workspace: `moderator people code` on the team
    database does it there)."""

    def snapshot(self) -> AdminSnapshot: ...

    @property
    def queues(self) -> QueueTools: ...

    @property
    def people(self) -> PeopleTools: ...

    @property
    def policies(self) -> PolicyTools: ...

    @property
    def organisation(self) -> OrgTools: ...

    @property
    def access(self) -> AccessTools | None: ...


class LifecycleTools(Protocol):
    """The "Actions and notices" window's services (services.lifecycle.Lifecycle's part)."""

    def now(self) -> datetime: ...
    def actions(self, *, overdue: bool = False, queue: str | None = None) -> list[ActionRow]: ...
    def mark(self, action_id: int, state: str, evidence: str) -> ActionRow: ...
    def notices(self, *, queue: str | None = None, sent: bool = False) -> list[NoticeRow]: ...
    def send_notice(self, report_uid: str, text: str) -> NoticeRow: ...
