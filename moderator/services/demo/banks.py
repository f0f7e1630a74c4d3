"""The demo's hash bank: a partner's list holding near copies of a few waiting pictures, so
the review window has a bank match to explain (`moderator demo --screenshots`)."""

from __future__ import annotations

from sqlalchemy import select

from moderator.domain.banks import Action, Source
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.demo.build import SUPERVISOR
from moderator.services.workspace import Workspace
from moderator.store.models import MediaItem, Queue, Report

BANK = "partner-hotline"


def _near(pdq: str, bits: int = 5) -> str:
    """The hash with its lowest `bits` bits flipped: a near copy at distance `bits`."""
    return f"{int(pdq, 16) ^ ((1 << bits) - 1):064x}"


def seed_bank_match(workspace: Workspace, queue: str, reports: int = 3) -> int:
    """Put near copies of `reports` waiting pictures of `queue` in a flag bank (once); the
    open queue is re-matched by the import. Returns the entries added."""
    admin = BankAdmin(workspace, SUPERVISOR)
    if any(b.name == BANK for b in admin.listing()):
        return 0
    with workspace.transaction() as session:
        hashes = list(
            session.scalars(
                select(MediaItem.pdq)
                .join(Report, Report.id == MediaItem.report_id)
                .join(Queue, Queue.id == Report.queue_id)
                .where(Queue.name == queue, Report.state == "queued", MediaItem.pdq.is_not(None))
                .order_by(Report.priority.desc(), Report.sla_due)
                .limit(reports)
            )
        )
    admin.add(
        BankRequest(BANK, Action.FLAG, source=Source.PARTNER, source_name="Example hotline")
    )
    lines = ["signal,value,note,confirmed_by,confirmed_at"]
    lines += [f"pdq,{_near(h)},adjudicated,analyst@hotline.example,2026-11-02" for h in hashes if h]
    return admin.import_text(BANK, "\n".join(lines) + "\n", "csv", "hotline.csv").added
