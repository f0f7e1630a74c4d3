"""After the decision: actions, notices to reporters, legal holds and the retention purge.

Supervisors only, on every engine (these records answer to regulators and courts, so the
check is made on a local workspace too). Each call is one transaction with its audit events;
times are the workspace's (the store's) clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.lifecycle import ActionSpec
from moderator.domain.policy import Policy
from moderator.services import policies, queue_terms
from moderator.services.authz import require_role
from moderator.services.organisation import read_settings
from moderator.services.workspace import Workspace
from moderator.store import actions, notices, retention
from moderator.store.actions import ActionRow
from moderator.store.journal import Actor
from moderator.store.models_org import StoredPolicy
from moderator.store.notices import NoticeRow
from moderator.store.retention import HoldRow, PurgePlan

__all__ = ["ActionRow", "HoldRow", "Lifecycle", "NoticeRow", "PurgePlan", "plan_actions"]


def _stored_policies(session: Session) -> dict[str, Policy]:
    hashes = session.scalars(select(StoredPolicy.sha256))
    return {h: policies.load_by_hash(session, h) for h in hashes}


def plan_actions(session: Session, actor: Actor, now: datetime) -> int:
    """Create the actions every final decision's outcome calls for and that are not there yet."""
    known = _stored_policies(session)
    wanted = {o.id for p in known.values() for o in p.outcomes if o.actions}

    def specs(policy_hash: str, outcome: str) -> tuple[ActionSpec, ...]:
        policy = known.get(policy_hash)
        found = next((o for o in policy.outcomes if o.id == outcome), None) if policy else None
        return found.actions if found else ()

    return actions.plan(session, actor, now, wanted, specs)


def _zone(session: Session) -> tzinfo | None:
    return read_settings(session).zone()


@dataclass
class Lifecycle:
    workspace: Workspace
    username: str  # the supervisor

    def now(self) -> datetime:
        """The record's time (the store's clock)."""
        return self.workspace.now()

    def _begin(self, session: Session, what: str) -> Actor:
        require_role(session, self.username, what, anywhere=True)
        return self.workspace.actor(self.username)

    def actions(self, *, overdue: bool = False, queue: str | None = None) -> list[ActionRow]:
        """The actions (planning those still missing first), soonest due first."""
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "see the actions")
            plan_actions(session, actor, now)
            return actions.listing(session, now, overdue=overdue, queue=queue)

    def mark(self, action_id: int, state: str, evidence: str) -> ActionRow:
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "mark actions")
            return actions.mark(session, actor, now, action_id, state, evidence)

    def notices(self, *, queue: str | None = None, sent: bool = False) -> list[NoticeRow]:
        """Notices still to send (with `sent`, every notice), soonest deadline first."""
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            self._begin(session, "see the notices to reporters")
            return notices.listing(session, now, _zone(session), queue=queue,
                                   unsent_only=not sent)  # fmt: skip

    def send_notice(self, report_uid: str, text: str) -> NoticeRow:
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "record notices to reporters")
            return notices.send(session, actor, now, _zone(session), report_uid, text)

    def holds(self, *, everything: bool = False) -> list[HoldRow]:
        with self.workspace.transaction() as session:
            self._begin(session, "see legal holds")
            return retention.holds(session, active_only=not everything)

    def hold(self, report_uid: str, reason: str) -> int:
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "place legal holds")
            return retention.add_hold(session, actor, now, report_uid, reason)

    def release(self, report_uid: str, reason: str) -> None:
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "release legal holds")
            retention.release_hold(session, actor, now, report_uid, reason)

    def purge(self, *, dry_run: bool = False) -> tuple[PurgePlan, str | None]:
        """Remove the content of reports past retention (not held); with `dry_run`, only say
        what would go. Returns the plan and the purge's id (None for a dry run)."""
        now = self.workspace.now()
        with self.workspace.transaction() as session:
            actor = self._begin(session, "purge report content")
            days = queue_terms.retention_by_queue(session)
            if dry_run:
                return retention.plan_purge(session, now, days), None
            return retention.purge(session, actor, now, days)
