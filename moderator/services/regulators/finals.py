"""The decisions that stand, read once for every regulator format.

A report's final decision is its last review round's, unless a supervisor adjudicated it:
then the adjudicated outcome stands (under the same policy), and it stands from the time of
the adjudication. Gold copies are not real reports and never appear here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from moderator.domain import regulator_map
from moderator.domain.errors import ModeratorError
from moderator.store import policies as stored_policies
from moderator.store.bank_matches import AUTOMATED
from moderator.store.models import Decision, MediaItem, Queue, Report, Reviewer
from moderator.store.models_banks import HashMatch
from moderator.store.models_quality import Adjudication
from moderator.store.quality import real_reports_filter


@dataclass(frozen=True, slots=True)
class Media:
    position: int
    kind: str  # image | video | other
    sha256: str | None
    md5: str | None


@dataclass(frozen=True, slots=True)
class Final:
    report_id: int
    report_uid: str
    queue: str
    channel: str
    category: str  # as reported
    received_at: datetime
    first_decided_at: datetime
    final_at: datetime
    outcome: str
    policy_id: str
    policy_hash: str
    answers: dict[str, Any]
    automated: bool  # decided by a hash bank, no person
    bank_matched: bool  # a hash bank matched its media at ingest
    media: tuple[Media, ...]


def finals(session: Session, start: datetime, end: datetime) -> list[Final]:
    """Real reports whose decision stands since a time in [start, end), by that time."""
    # Only a decision or an adjudication in the period can make a final time fall in it.
    touched = union(
        select(Decision.report_id).where(Decision.decided_at >= start, Decision.decided_at < end),
        select(Adjudication.report_id).where(
            Adjudication.adjudicated_at >= start, Adjudication.adjudicated_at < end
        ),
    ).scalar_subquery()
    rows = session.execute(
        select(Report, Queue.name, Decision, Reviewer.username)
        .join(Queue, Queue.id == Report.queue_id)
        .join(Decision, Decision.report_id == Report.id)
        .join(Reviewer, Reviewer.id == Decision.reviewer_id)
        .where(real_reports_filter(), Report.state == "decided", Report.id.in_(touched))
        .order_by(Report.id, Decision.review_round)
    ).all()
    rounds: defaultdict[int, list[Any]] = defaultdict(list)
    for row in rows:
        rounds[row[0].id].append(row)
    ids = list(rounds)
    adjudicated = {
        a.report_id: a for a in session.scalars(select(Adjudication).where(
            Adjudication.report_id.in_(ids)))
    }  # fmt: skip
    media: defaultdict[int, list[Media]] = defaultdict(list)
    for m in session.scalars(
        select(MediaItem).where(MediaItem.report_id.in_(ids)).order_by(MediaItem.position)
    ):
        media[m.report_id].append(Media(m.position, m.kind, m.sha256, m.md5))
    matched = set(session.scalars(select(HashMatch.report_id).where(HashMatch.report_id.in_(ids))))
    result = []
    for rid, found in rounds.items():
        report, queue, last, who = found[-1]
        first = found[0][2]
        adj = adjudicated.get(rid)
        final_at = adj.adjudicated_at if adj is not None else last.decided_at
        if not start <= final_at < end:
            continue
        result.append(
            Final(
                rid, report.uid, queue, report.channel, report.reported_category,
                report.received_at, first.decided_at, final_at,
                adj.outcome if adj is not None else last.outcome, last.policy_id,
                last.policy_hash, json.loads(last.answers or "{}"),
                who == AUTOMATED and adj is None, rid in matched, tuple(media[rid]),
            )
        )  # fmt: skip
    result.sort(key=lambda f: (f.final_at, f.report_uid))
    return result


class PolicyMaps:
    """Each policy file read once, by the hash a decision recorded."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._maps: dict[str, tuple[str, dict[str, regulator_map.OutcomeMap]]] = {}

    def outcome(self, final: Final) -> tuple[str, regulator_map.OutcomeMap | None]:
        if final.policy_hash not in self._maps:
            text = stored_policies.by_hash(self.session, final.policy_hash)
            if text is None:
                raise ModeratorError(
                    f"report {final.report_uid}: the policy it was decided under "
                    f"({final.policy_id}, sha256 {final.policy_hash[:12]}…) is not stored"
                )
            name = f"{text.policy_id}@{text.version}"
            self._maps[final.policy_hash] = (name, regulator_map.read(text.body, name))
        name, mapping = self._maps[final.policy_hash]
        return name, mapping.get(final.outcome)
