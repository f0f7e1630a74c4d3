"""Equal and near copies waiting in the same queue, decided as a group (issue 18).

`members(lease)`: the open reports of the lease's queue whose media equal the claimed
report's (same SHA-256) or are near it (PDQ within the threshold): queued, first round,
never a gold copy (they are served blind, one at a time). The window shows them blurred with
their distance; the reviewer takes out any that does not belong.
`decide_group(lease, decision, member_uids)`: in one transaction, the claimed report is decided
as usual and each member still waiting is decided with the same outcome and answers, by the
same person, under the same policy: one decision per report, each audited as DECIDE (with no
time on the item and no exposure: nobody looked at it), and one BANK "group" event naming the
lead, the members and their distances. A member someone else took meanwhile is left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.banks import PDQ_THRESHOLD
from moderator.domain.ids import new_uid
from moderator.domain.rows import DecisionInput, Lease
from moderator.media.pdq_index import distances, to_array
from moderator.services.bank_feeds import rematch_fed
from moderator.services.workspace import Workspace
from moderator.store import journal, queue
from moderator.store.models import MediaItem, Report
from moderator.store.quality.reads import real_reports_filter
from moderator.store.queue import ReviewerRef

GROUP_LIMIT = 50  # members shown and decided at most, nearest first
LEASE = timedelta(minutes=5)  # a member's lease, held only inside the group's transaction
GROUP_NOTE = "Decided with its group:"  # how a member's decision begins its notes


@dataclass(frozen=True, slots=True)
class Member:
    report_uid: str
    external_ref: str
    position: int  # the member's media item that matched
    how: str  # "sha256" | "pdq"
    distance: int


def _members(session: Session, lease: Lease, threshold: int) -> list[Member]:
    mine = session.execute(
        select(MediaItem.sha256, MediaItem.pdq).where(MediaItem.report_id == lease.report_id)
    ).all()
    shas = {s for s, _p in mine if s}
    pdqs = [p for _s, p in mine if p]
    rows = session.execute(
        select(Report.uid, Report.external_ref, MediaItem.position, MediaItem.sha256, MediaItem.pdq)
        .join(MediaItem, MediaItem.report_id == Report.id)
        .where(
            Report.queue_id == lease.queue_id,
            Report.state == "queued",
            Report.review_round == 1,
            Report.id != lease.report_id,
            real_reports_filter(),
        )
    ).all()
    best: dict[str, Member] = {}
    near = [r for r in rows if r.pdq]
    if pdqs and near:
        words = to_array([r.pdq for r in near]).view(np.uint64).reshape(-1, 4)
        queries = to_array(pdqs).view(np.uint64).reshape(-1, 4)
        table = np.stack([distances(words, q) for q in queries]).min(axis=0)
        for row, distance in zip(near, table.tolist(), strict=True):
            if distance <= threshold:
                found = Member(row.uid, row.external_ref, row.position, "pdq", int(distance))
                if row.uid not in best or found.distance < best[row.uid].distance:
                    best[row.uid] = found
    for row in rows:
        if row.sha256 and row.sha256 in shas:
            best[row.uid] = Member(row.uid, row.external_ref, row.position, "sha256", 0)
    return sorted(best.values(), key=lambda m: (m.distance, m.external_ref))[:GROUP_LIMIT]


@dataclass
class Grouping:
    workspace: Workspace
    reviewer: ReviewerRef
    threshold: int = PDQ_THRESHOLD

    def members(self, lease: Lease) -> list[Member]:
        with self.workspace.transaction() as session:
            return _members(session, lease, self.threshold)

    def decide_group(
        self, lease: Lease, decision: DecisionInput, member_uids: Sequence[str]
    ) -> list[str]:
        """Decide the claimed report and the chosen members; the decision uids, lead first."""
        actor = self.workspace.actor(self.reviewer.username)
        with self.workspace.transaction() as session:
            now = self.workspace.now()
            uids = [queue.decide(session, lease, self.reviewer, actor, now, decision)]
            wanted = set(member_uids)
            candidates = _members(session, lease, self.threshold)
            chosen = [m for m in candidates if m.report_uid in wanted]
            decided: list[Member] = []
            for member in chosen:
                token = new_uid()
                taken = session.execute(
                    update(Report)
                    .where(Report.uid == member.report_uid, Report.state == "queued")
                    .values(
                        state="claimed", claimed_by=self.reviewer.id, lease_token=token,
                        claimed_at=now, lease_expires_at=now + LEASE,
                    )
                    .returning(Report.id, Report.queue_id)
                ).first()  # fmt: skip
                if taken is None:
                    continue  # someone else has it now
                member_lease = Lease(
                    taken.id,
                    member.report_uid,
                    taken.queue_id,
                    1,
                    token,
                    now + timedelta(minutes=5),
                )
                how = "same file" if member.how == "sha256" else f"PDQ distance {member.distance}"
                note = f"{GROUP_NOTE} report {lease.report_uid} ({how})."
                same = dataclasses.replace(
                    decision,
                    notes=f"{note}\n{decision.notes}".strip(),
                    seconds_on_item=0.0,
                    seconds_exposed=0.0,
                    seconds_blurred=0.0,
                )
                uids.append(queue.decide(session, member_lease, self.reviewer, actor, now, same))
                decided.append(member)
            journal.append(
                session, actor, EventKind.BANK, now, report_uid=lease.report_uid,
                payload={
                    "op": "group", "lead": lease.report_uid, "decisions": uids,
                    "members": [
                        {"report": m.report_uid, "how": m.how, "distance": m.distance}
                        for m in decided
                    ],
                    "taken_out": sorted({m.report_uid for m in candidates} - wanted),
                    "unavailable": sorted(wanted - {m.report_uid for m in decided}),
                },
            )  # fmt: skip
            rematch_fed(session, actor, now)
            return uids
