"""Quality assurance use cases for supervisors: QA settings, gold items, adjudication.

One transaction per call; safe to call from a worker thread. Outcomes are checked against the
policy of the report's queue, so a gold item or an adjudication can only name a real outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import desc, select
from sqlalchemy.orm import Session, aliased

from moderator.domain.errors import ModeratorError, NotFound
from moderator.domain.policy import Policy
from moderator.domain.rows import PolicyText
from moderator.services import policies
from moderator.services.authz import require_role
from moderator.services.bank_feeds import rematch_fed
from moderator.services.review_view import MediaRef, resolve_media
from moderator.services.workspace import Workspace
from moderator.store import details, quality
from moderator.store import policies as policy_store
from moderator.store.journal import Actor
from moderator.store.models import Decision, Queue, Report, Reviewer
from moderator.store.models_quality import GoldItem
from moderator.store.quality import Disagreement, GoldItemRow, QueueQa

__all__ = [
    "CaseMedia",
    "DecidedReport",
    "Disagreement",
    "GoldItemRow",
    "QualityService",
    "QueueQa",
]


@dataclass(frozen=True, slots=True)
class CaseMedia:
    """A disagreement's report as the adjudicating supervisor may look at it (blurred)."""

    report_uid: str
    queue_id: int
    review_round: int
    priority: int
    category: str
    media: tuple[MediaRef, ...]


@dataclass(frozen=True, slots=True)
class DecidedReport:
    """A decided real report a supervisor may mark as gold."""

    uid: str
    external_ref: str
    queue: str
    policy_id: str
    outcome: str
    reviewer: str
    decided_at: datetime
    is_gold: bool
    outcomes: tuple[tuple[str, str], ...] = ()  # (id, label) of the policy it was decided under


@dataclass
class QualityService:
    workspace: Workspace
    username: str

    @property
    def _actor(self) -> Actor:
        return self.workspace.actor(self.username)

    def settings(self) -> list[QueueQa]:
        with self.workspace.transaction() as session:
            return quality.settings(session)

    def set_settings(
        self, queue: str, *, gold_rate: float | None = None, second_review: float | None = None
    ) -> QueueQa:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "change QA settings")
            return quality.set_settings(
                session,
                self._actor,
                self.workspace.now(),
                queue,
                gold_rate=gold_rate,
                second_review=second_review,
            )

    def outcomes(self, policy_id: str, version: str = "") -> list[tuple[str, str]]:
        """(id, label) of the stored policy's outcomes, in the policy's order."""
        with self.workspace.transaction() as session:
            return [(o.id, o.label) for o in policies.load(session, policy_id, version).outcomes]

    def policies_of(self, cases: list[Disagreement]) -> dict[str, Policy]:
        """The policy each case's second review was decided under, by that decision's hash
        (the queue's current version when the hash is not stored: older workspaces)."""
        return {key: policies.of_text(text) for key, text in self.policy_texts_of(cases).items()}

    def policy_texts_of(self, cases: list[Disagreement]) -> dict[str, PolicyText]:
        """The stored files behind `policies_of` (what the team server sends a desk)."""
        found: dict[str, PolicyText] = {}
        with self.workspace.transaction() as session:
            for case in cases:
                if case.policy_hash in found:
                    continue
                text = policy_store.by_hash(session, case.policy_hash) or policy_store.version(
                    session, case.policy_id
                )
                if text is None:
                    raise NotFound(f"the policy {case.policy_id} is not stored here")
                found[case.policy_hash] = text
        return found

    def mark_gold(self, report: str, outcome: str, note: str = "") -> GoldItemRow:
        """Mark a decided report (by uid, or by its reference when that is unambiguous)."""
        with self.workspace.transaction() as session:
            require_role(session, self.username, "mark gold items")
            uid = _resolve(session, report)
            _check_outcome(session, uid, outcome)
            return quality.mark_gold(session, self._actor, self.workspace.now(), uid, outcome, note)

    def retire_gold(self, gold: str) -> GoldItemRow:
        """Retire a gold item, named by its uid or by its report's reference."""
        with self.workspace.transaction() as session:
            require_role(session, self.username, "retire gold items")
            uid = _gold_uid(session, gold)
            return quality.retire_gold(session, self._actor, self.workspace.now(), uid)

    def gold_items(self, *, include_retired: bool = False) -> list[GoldItemRow]:
        with self.workspace.transaction() as session:
            return quality.list_gold(session, include_retired=include_retired)

    def decided_reports(self, limit: int = 200) -> list[DecidedReport]:
        """Recently decided real reports, newest first, with their last decision."""
        last = aliased(Decision)
        latest = (
            select(last.id)
            .where(last.report_id == Report.id)
            .order_by(desc(last.review_round))
            .limit(1)
            .correlate(Report)
            .scalar_subquery()
        )
        gold = select(GoldItem.id).where(GoldItem.report_id == Report.id).exists()
        stmt = (
            select(
                Report.uid,
                Report.external_ref,
                Queue.name,
                Queue.policy_id,
                Decision.outcome,
                Reviewer.username,
                Decision.decided_at,
                gold,
                Decision.policy_hash,
            )
            .join(Queue, Queue.id == Report.queue_id)
            .join(Decision, Decision.id == latest)
            .join(Reviewer, Reviewer.id == Decision.reviewer_id)
            .where(Report.state == "decided", quality.real_reports_filter())
            .order_by(Decision.decided_at.desc(), Report.id.desc())
            .limit(limit)
        )
        with self.workspace.transaction() as session:
            found = []
            for row in session.execute(stmt):
                report = DecidedReport(*row[:8])
                try:
                    policy = policies.load_by_hash(session, row[8])
                except NotFound:
                    policy = policies.load(session, report.policy_id)
                outcomes = tuple((o.id, o.label) for o in policy.outcomes)
                found.append(replace(report, outcomes=outcomes))
            return found

    def disagreements(self, *, include_adjudicated: bool = False) -> list[Disagreement]:
        with self.workspace.transaction() as session:
            return quality.disagreements(session, include_adjudicated=include_adjudicated)

    def case_media(self, report_uid: str) -> CaseMedia:
        """The media of a disagreement (waiting or adjudicated), for the supervisor to look at;
        NotFound for any other report."""
        with self.workspace.transaction() as session:
            require_role(session, self.username, "look at a disagreement's media")
            row = session.execute(
                select(
                    Report.id,
                    Report.queue_id,
                    Report.review_round,
                    Report.priority,
                    Report.reported_category,
                ).where(Report.uid == report_uid)
            ).first()
            if row is None:
                raise NotFound(f"there is no report {report_uid!r}")
            report_id, queue_id, review_round, priority, category = row
            if not quality.in_adjudication(session, report_uid):
                # Only a disagreement's media: this is no general way to look at reports.
                raise NotFound(f"report {report_uid} is not a disagreement to adjudicate")
            items = details.media(session, report_id)
        media = resolve_media(self.workspace, items)
        return CaseMedia(report_uid, queue_id, review_round, priority, category, media)

    def adjudicate(self, report_uid: str, outcome: str, note: str = "") -> str:
        """Record the final outcome of a disagreement; returns the adjudication's uid.

        Refused to a supervisor who decided the report in any round, and without a reason.
        """
        with self.workspace.transaction() as session:
            supervisor = require_role(session, self.username, "adjudicate")
            if supervisor is None:
                raise NotFound(f"{self.username!r} is not a registered reviewer")
            _check_outcome(session, report_uid, outcome)
            now = self.workspace.now()
            uid = quality.adjudicate(
                session, self._actor, supervisor, now, report_uid, outcome, note
            )
            rematch_fed(session, self._actor, now)  # a confirmed outcome sent to a bank
            return uid


def _resolve(session: Session, report: str) -> str:
    if session.scalar(select(Report.uid).where(Report.uid == report)) is not None:
        return report
    uids = session.scalars(select(Report.uid).where(Report.external_ref == report).limit(2)).all()
    if len(uids) == 1:
        return uids[0]
    if uids:
        raise ModeratorError(f"more than one report has the reference {report!r}: give its uid")
    raise NotFound(f"there is no report {report!r}")


def _gold_uid(session: Session, gold: str) -> str:
    if session.scalar(select(GoldItem.uid).where(GoldItem.uid == gold)) is not None:
        return gold
    uids = session.scalars(
        select(GoldItem.uid)
        .join(Report, Report.id == GoldItem.report_id)
        .where(Report.external_ref == gold, GoldItem.retired_at.is_(None))
        .limit(2)
    ).all()
    if len(uids) == 1:
        return uids[0]
    if uids:
        raise ModeratorError(f"more than one gold item has the reference {gold!r}: give its uid")
    raise NotFound(f"there is no gold item {gold!r} (give a reference from `qa gold list`)")


def _check_outcome(session: Session, report_uid: str, outcome: str) -> None:
    found = session.execute(
        select(Queue.policy_id, Queue.policy_version)
        .join(Report, Report.queue_id == Queue.id)
        .where(Report.uid == report_uid)
    ).first()
    if found is None:
        raise NotFound(f"there is no report {report_uid!r}")
    policy_id, version = found
    known = [o.id for o in policies.load(session, policy_id, version).outcomes]
    if outcome not in known:
        raise ModeratorError(
            f"{outcome!r} is not an outcome of policy {policy_id}: one of {', '.join(known)}"
        )
