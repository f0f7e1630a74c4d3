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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.banks import PDQ_THRESHOLD
from moderator.domain.ids import new_uid
from moderator.domain.reports import MediaKind
from moderator.domain.rows import DecisionInput, Lease
from moderator.media.pdq_index import distances, to_array
from moderator.services.bank_feeds import rematch_fed
from moderator.services.review_view import MediaRef, media_ref
from moderator.services.workspace import Workspace
from moderator.store import journal, queue
from moderator.store.journal import Actor
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
    # The matched media item, for the window's blurred tile (resolved under the media root
    # locally; on a desk in team mode, the server's address for it).
    media: MediaRef | None = None

    @property
    def explained(self) -> str:
        """How near it is, in the words of a member's decision notes."""
        return "same file" if self.how == "sha256" else f"PDQ distance {self.distance}"


def _members(
    session: Session, lease: Lease, threshold: int, root: Path | None = None
) -> list[Member]:
    """The group of the claimed report, each member's media resolved under `root` if given.

    A second review or a gold copy has no group: its decision is a blind check of one report
    (QA compares it with an expected answer) and decides no one else's first round.
    """
    if (
        lease.review_round != 1
        or session.scalar(
            select(Report.id).where(Report.id == lease.report_id, real_reports_filter())
        )
        is None
    ):
        return []
    mine = session.execute(
        select(MediaItem.sha256, MediaItem.pdq).where(MediaItem.report_id == lease.report_id)
    ).all()
    shas = {s for s, _p in mine if s}
    pdqs = [p for _s, p in mine if p]
    rows = session.execute(
        select(
            Report.uid, Report.external_ref, MediaItem.position, MediaItem.sha256, MediaItem.pdq,
            MediaItem.uri, MediaItem.kind, MediaItem.size_bytes,
        )
        .join(MediaItem, MediaItem.report_id == Report.id)
        .where(
            Report.queue_id == lease.queue_id,
            Report.state == "queued",
            Report.review_round == 1,
            Report.id != lease.report_id,
            real_reports_filter(),
        )
    ).all()  # fmt: skip
    best: dict[str, Member] = {}
    media: dict[str, Any] = {}
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
                    media[row.uid] = row
    for row in rows:
        if row.sha256 and row.sha256 in shas:
            best[row.uid] = Member(row.uid, row.external_ref, row.position, "sha256", 0)
            media[row.uid] = row
    chosen = sorted(best.values(), key=lambda m: (m.distance, m.external_ref))[:GROUP_LIMIT]
    return [
        dataclasses.replace(m, media=_media_ref(root, m.position, media[m.report_uid]))
        for m in chosen
    ]


def _media_ref(root: Path | None, position: int, row: Any) -> MediaRef:
    """The member's matched item: resolved under the media root for the window (a path,
    checked), or as stored (no path: the team server serves it by name)."""
    if root is None:
        return MediaRef(position, row.uri, MediaKind(row.kind), row.sha256, row.size_bytes, None)
    return media_ref(root, position, row.uri, row.kind, row.sha256, row.size_bytes)


def members_in(session: Session, lease: Lease, threshold: int = PDQ_THRESHOLD) -> list[Member]:
    """The claimed report's group in the caller's transaction (the team server's routes)."""
    return _members(session, lease, threshold)


def hold_members(
    session: Session,
    lease: Lease,
    reviewer: ReviewerRef,
    now: datetime,
    until: datetime,
    member_uids: Sequence[str],
    threshold: int = PDQ_THRESHOLD,
) -> dict[str, Any]:
    """Claim the chosen members still waiting for the group's decision, each under its own
    lease until `until` (nobody else takes one meanwhile), in the caller's transaction. The
    group's record: the members held (with their lease tokens), those taken out, and those
    chosen but no longer waiting (someone else has them)."""
    wanted = set(member_uids)
    candidates = _members(session, lease, threshold)
    held: list[dict[str, Any]] = []
    for member in (m for m in candidates if m.report_uid in wanted):
        token = new_uid()
        taken = session.execute(
            update(Report)
            .where(Report.uid == member.report_uid, Report.state == "queued")
            .values(
                state="claimed", claimed_by=reviewer.id, lease_token=token,
                claimed_at=now, lease_expires_at=until,
            )
            .returning(Report.id)
        ).first()  # fmt: skip
        if taken is not None:
            held.append({"report": member.report_uid, "token": token, "how": member.how,
                         "distance": member.distance})  # fmt: skip
    return {
        "members": held,
        "taken_out": sorted({m.report_uid for m in candidates} - wanted),
        "unavailable": sorted(wanted - {m["report"] for m in held}),
    }


def _held_lease(session: Session, report_uid: str, token: str) -> Lease | None:
    row = session.execute(
        select(Report.id, Report.queue_id, Report.lease_expires_at).where(
            Report.uid == report_uid, Report.lease_token == token, Report.state == "claimed"
        )
    ).first()
    if row is None:
        return None
    return Lease(row.id, report_uid, row.queue_id, 1, token, row.lease_expires_at)


def decide_members(
    session: Session,
    lead: Lease,
    reviewer: ReviewerRef,
    actor: Actor,
    now: datetime,
    decision: DecisionInput,
    decided: list[str],
    group: dict[str, Any],
) -> list[str]:
    """After the lead's decision (its uid first in `decided`), in the same transaction: decide
    each member the group holds (`hold_members`) with the same answers and no time or exposure
    (nobody looked at it), and audit the group. Returns every decision uid."""
    uids = list(decided)
    done: list[dict[str, Any]] = []
    lost: list[str] = []
    for member in group["members"]:
        held = _held_lease(session, member["report"], member["token"])
        if held is None:  # its lease ran out and someone else has it: theirs to review
            lost.append(member["report"])
            continue
        how = "same file" if member["how"] == "sha256" else f"PDQ distance {member['distance']}"
        note = f"{GROUP_NOTE} report {lead.report_uid} ({how})."
        same = dataclasses.replace(
            decision,
            notes=f"{note}\n{decision.notes}".strip(),
            seconds_on_item=0.0,
            seconds_exposed=0.0,
            seconds_blurred=0.0,
        )
        uids.append(queue.decide(session, held, reviewer, actor, now, same))
        done.append(member)
    journal.append(
        session, actor, EventKind.BANK, now, report_uid=lead.report_uid,
        payload={
            "op": "group", "lead": lead.report_uid, "decisions": uids,
            "members": [
                {"report": m["report"], "how": m["how"], "distance": m["distance"]} for m in done
            ],
            "taken_out": group["taken_out"],
            "unavailable": sorted([*group["unavailable"], *lost]),
        },
    )  # fmt: skip
    return uids


def release_members(
    session: Session, actor: Actor, now: datetime, group: dict[str, Any], reason: str
) -> None:
    """Give the members a group held back to the queue (the group decision was undone)."""
    for member in group["members"]:
        held = _held_lease(session, member["report"], member["token"])
        if held is not None:
            queue.release(session, held, actor, now, reason)


@dataclass
class Grouping:
    workspace: Workspace
    reviewer: ReviewerRef
    threshold: int = PDQ_THRESHOLD

    def members(self, lease: Lease) -> list[Member]:
        """The claimed report's group, each member's media resolved for its blurred tile."""
        with self.workspace.transaction() as session:
            return _members(session, lease, self.threshold, self.workspace.media_root)

    def decide_group(
        self, lease: Lease, decision: DecisionInput, member_uids: Sequence[str]
    ) -> list[str]:
        """Decide the claimed report and the chosen members now (no grace period: the window
        submits through `PendingDecisions.submit_group`); the decision uids, lead first."""
        actor = self.workspace.actor(self.reviewer.username)
        with self.workspace.transaction() as session:
            now = self.workspace.now()
            group = hold_members(
                session, lease, self.reviewer, now, now + LEASE, member_uids, self.threshold
            )
            lead = queue.decide(session, lease, self.reviewer, actor, now, decision)
            uids = decide_members(
                session, lease, self.reviewer, actor, now, decision, [lead], group
            )
            rematch_fed(session, actor, now)
            return uids
