"""The demo's hash bank: a partner's list holding a near copy of a waiting report's picture,
so the review window has a bank match to explain (`moderator demo --screenshots`)."""

from __future__ import annotations

from sqlalchemy import select

from moderator.domain.banks import Action, Source
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.demo.build import SUPERVISOR
from moderator.services.workspace import Workspace
from moderator.store.models import MediaItem, Report

BANK = "partner-hotline"


def _near(pdq: str, bits: int = 5) -> str:
    """The hash with its lowest `bits` bits flipped: a near copy at distance `bits`."""
    return f"{int(pdq, 16) ^ ((1 << bits) - 1):064x}"


def seed_bank_match(workspace: Workspace, report_uid: str) -> int:
    """Put a near copy of the report's pictures in a flag bank (made once), with a partner's
    provenance; the import re-matches the open queue, so the report shows the match. Returns
    the entries added."""
    admin = BankAdmin(workspace, SUPERVISOR)
    if not any(b.name == BANK for b in admin.listing()):
        admin.add(
            BankRequest(BANK, Action.FLAG, source=Source.PARTNER, source_name="Example hotline")
        )
    with workspace.transaction() as session:
        hashes = list(
            session.scalars(
                select(MediaItem.pdq)
                .join(Report, Report.id == MediaItem.report_id)
                .where(Report.uid == report_uid, MediaItem.pdq.is_not(None))
            )
        )
    lines = ["signal,value,note,confirmed_by,confirmed_at"]
    lines += [f"pdq,{_near(h)},adjudicated,analyst@hotline.example,2026-11-02" for h in hashes if h]
    return admin.import_text(BANK, "\n".join(lines) + "\n", "csv", "hotline.csv").added
