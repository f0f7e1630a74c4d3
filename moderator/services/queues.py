"""Queues, defined by the organisation's supervisors: add, edit, archive, list.

A queue names a stored policy and the version its new decisions are made under (`--policy
ID` pins the latest stored version, `ID@VERSION` a given one), its SLA, where escalations go,
the trainings a reviewer must hold, the least role that may claim, and its wellbeing profile
(a shipped one by name, or a TOML file's text; by default the organisation's default). Each
call is one transaction with its audit events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ConfigError, ModeratorError
from moderator.domain.organisation import check_name
from moderator.domain.reports import Role
from moderator.domain.rows import QueueRow, QueueSpec
from moderator.domain.wellbeing_profile import (
    Profile,
    builtin_profiles,
    builtin_text,
    parse_profile,
)
from moderator.services import policies, queue_terms
from moderator.services.authz import require_role
from moderator.services.organisation import read_settings
from moderator.services.workspace import Workspace
from moderator.store import journal, queue_admin
from moderator.store import wellbeing as wellbeing_store
from moderator.store.journal import Actor

__all__ = ["QueueAdmin", "QueueRequest", "QueueRow", "WellbeingText", "wellbeing_text"]

MAX_SLA_HOURS = 24 * 365


@dataclass(frozen=True, slots=True)
class WellbeingText:
    text: str
    source: str  # a file name, or "<name>.toml (shipped)"


def wellbeing_text(name: str) -> WellbeingText:
    """A shipped wellbeing profile by name."""
    return WellbeingText(builtin_text(name), f"{name}.toml (shipped)")


@dataclass(frozen=True, slots=True)
class QueueRequest:
    name: str
    policy: str  # "ID" (its latest stored version) or "ID@VERSION"
    title: str = ""
    sla_hours: int = 24
    escalate_to: str | None = None
    requires: tuple[str, ...] = ()
    min_role: Role = Role.REVIEWER
    categories: tuple[str, ...] = ()
    wellbeing: WellbeingText | None = None  # None: the organisation's default profile
    notice_days: int | None = None  # None: the policy's default ([lifecycle] in its file)
    retention_days: int | None = None  # None: the policy's default


def _sla(hours: int) -> int:
    if not 1 <= hours <= MAX_SLA_HOURS:
        raise ConfigError(f"--sla-hours: between 1 and {MAX_SLA_HOURS}")
    return hours


def _policy(session: Session, ref: str) -> tuple[str, str]:
    """The stored (id, version) a policy reference names; the latest version for a bare id."""
    policy_id, version = policies.split_ref(ref)
    policy = policies.load(session, policy_id, version)
    return policy.id, policy.version


@dataclass
class QueueAdmin:
    workspace: Workspace
    username: str  # the supervisor making changes

    def _begin(self, session: Session, what: str) -> Actor:
        require_role(session, self.username, what, anywhere=True)
        return self.workspace.actor(self.username)

    def listing(self, *, include_archived: bool = True) -> list[QueueRow]:
        with self.workspace.transaction() as session:
            return queue_admin.listing(session, include_archived=include_archived)

    def add(self, request: QueueRequest) -> QueueRow:
        name = check_name(request.name, "queue")
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "add queues")
            policy_id, version = _policy(session, request.policy)
            spec = QueueSpec(
                name, policy_id, version, request.title.strip(), _sla(request.sla_hours),
                request.escalate_to or None, tuple(request.requires), Role(request.min_role),
                tuple(request.categories),
            )  # fmt: skip
            queue_id = queue_admin.add(session, actor, now, spec)
            terms: dict[str, int | None] = {
                "notice_days": request.notice_days,
                "retention_days": request.retention_days,
            }
            queue_terms.apply(session, actor, now, queue_id, name, terms, adding=True)
            chosen = request.wellbeing or _default_wellbeing(session)
            if chosen is not None:
                _set_wellbeing(session, actor, queue_id, name, chosen, now)
            return _row(session, name)

    def edit(
        self, name: str, changes: dict[str, Any], wellbeing: WellbeingText | None = None
    ) -> QueueRow:
        """Change the given settings: title, policy ("ID" or "ID@VERSION"), sla_hours,
        escalate_to ("" removes it), requires, min_role, categories; and the wellbeing profile.
        A changed SLA applies to reports ingested from now on. `notice_days` and
        `retention_days` (0: none) set the queue's lifecycle terms."""
        now = self.workspace.now()
        changes = dict(changes)
        terms: dict[str, int | None] = {
            k: changes.pop(k) for k in ("notice_days", "retention_days") if k in changes
        }
        with self.workspace.transaction() as session:
            actor = self._begin(session, "change queues")
            if "policy" in changes:
                changes["policy_id"], changes["policy_version"] = _policy(
                    session, changes.pop("policy")
                )
            if "sla_hours" in changes:
                changes["sla_hours"] = _sla(int(changes["sla_hours"]))
            if "min_role" in changes:
                changes["min_role"] = Role(changes["min_role"])
            queue_id = queue_admin.edit(session, actor, now, name, changes)
            if terms or "policy_id" in changes:
                queue_terms.apply(session, actor, now, queue_id, name, terms)
            if wellbeing is not None:
                _set_wellbeing(session, actor, queue_id, name, wellbeing, now)
            return _row(session, name)

    def archive(self, name: str) -> QueueRow:
        """Close the queue to new reports (it is never deleted: reports point at it)."""
        with self.workspace.transaction() as session:
            actor = self._begin(session, "archive queues")
            queue_admin.archive(session, actor, self.workspace.now(), name)
            return _row(session, name)


def _row(session: Session, name: str) -> QueueRow:
    return next(r for r in queue_admin.listing(session) if r.name == name)


def _default_wellbeing(session: Session) -> WellbeingText | None:
    name = read_settings(session).default_wellbeing
    return wellbeing_text(name) if name in builtin_profiles() else None


def _set_wellbeing(
    session: Session, actor: Actor, queue_id: int, queue: str, chosen: WellbeingText, now: Any
) -> None:
    profile = parse_profile(chosen.text, chosen.source)
    if not isinstance(profile, Profile):
        raise ModeratorError(f"{chosen.source}: not a wellbeing profile")
    wellbeing_store.set_profile(session, queue_id, profile.name, chosen.text, actor.username, now)
    journal.append(
        session,
        actor,
        EventKind.SETTINGS,
        now,
        payload={"wellbeing_profile": profile.name, "queue": queue, "body": chosen.text},
    )
