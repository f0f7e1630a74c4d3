"""The feed of final decisions: what GET /v1/decisions pages through and webhooks carry.

A decision is final once it is stored in `decisions` (after the reviewer's grace period to
undo, or at once for a known-content bank match). A report decided again (a second review
round) gives a later event for the same report, with its `review_round`. The feed is numbered
just before it is read (`moderator.store.decision_feed.sequence`), so that `after=CURSOR` never
skips a decision committed later; a decision whose transaction is still open, or that began
after a write transaction still open, waits for its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, select, type_coerce
from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.domain.policy import Policy
from moderator.services import policies
from moderator.store import decision_feed
from moderator.store.models import Decision, Report
from moderator.store.models_platform import DecisionFeed

MAX_PAGE = 1000
# The feed's number; every row this module reads is numbered (`seq > cursor`, `IS NOT NULL`).
SEQ = type_coerce(DecisionFeed.seq, BigInteger())


@dataclass(frozen=True, slots=True)
class FeedItem:
    seq: int
    event: dict[str, Any]


class _Policies:
    """(policy, version) -> the policy, read once per page (None when it is not stored)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[str, str], Policy | None] = {}

    def outcome(self, policy_id: str, version: str, code: str) -> dict[str, Any]:
        key = (policy_id, version)
        if key not in self.cache:
            try:
                self.cache[key] = policies.load(self.session, policy_id, version)
            except ModeratorError:
                shipped = [p for p in policies.shipped_templates() if p.id == policy_id]
                self.cache[key] = shipped[0] if shipped else None
        policy = self.cache[key]
        found = next((o for o in policy.outcomes if o.id == code), None) if policy else None
        return {
            "code": code,
            "label": found.label if found else code,
            "jurisdiction": policy.jurisdiction if policy else "",
            "legal_basis": list(found.legal_basis) if found else [],
            "dsa_category": found.dsa_category if found else "",
            "dsa_ground": found.dsa_ground if found else "",
        }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat().replace("+00:00", "Z") if at else None


def event_of(seq: int, decision: Any, report: Any, names: _Policies) -> dict[str, Any]:
    return {
        "event_id": decision.uid,
        "type": "decision.final",
        "cursor": str(seq),
        "report": {
            "id": report.uid,
            "source": report.source,
            "external_ref": report.external_ref,
            "received_at": _iso(report.received_at),
            "sla_due": _iso(report.sla_due),
        },
        "outcome": names.outcome(decision.policy_id, decision.policy_version, decision.outcome),
        "policy": {"id": decision.policy_id, "version": decision.policy_version},
        "review_round": decision.review_round,
        "decided_at": _iso(decision.decided_at),
    }


def page(session: Session, after: int, limit: int, source: str | None = None) -> list[FeedItem]:
    """Up to `limit` events after the cursor, oldest first (of one source's reports, or all).

    Numbers what can be numbered first, so call it at the start of its transaction."""
    decision_feed.sequence(session)
    query = (
        select(SEQ, Decision, Report)
        .join(Decision, Decision.id == DecisionFeed.decision_id)
        .join(Report, Report.id == Decision.report_id)
        .where(DecisionFeed.seq > after)
        .order_by(DecisionFeed.seq)
        .limit(max(1, min(limit, MAX_PAGE)))
    )
    if source is not None:
        query = query.where(Report.source == source)
    names = _Policies(session)
    return [FeedItem(seq, event_of(seq, d, r, names)) for seq, d, r in session.execute(query)]


def events_for(session: Session, decision_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The event of each decision (by decision id), for webhook deliveries."""
    if not decision_ids:
        return {}
    rows = session.execute(
        select(SEQ, Decision, Report)
        .join(Decision, Decision.id == DecisionFeed.decision_id)
        .join(Report, Report.id == Decision.report_id)
        .where(DecisionFeed.decision_id.in_(decision_ids), DecisionFeed.seq.is_not(None))
    )
    names = _Policies(session)
    return {d.id: event_of(seq, d, r, names) for seq, d, r in rows}
