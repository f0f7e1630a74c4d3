"""The review window's details with a hash-bank match explained (`moderator demo
--screenshots`): bank, signal, distance, what was done and the entry's provenance."""

from __future__ import annotations

from moderator.services.demo.banks import seed_bank_match
from moderator.services.lookups import queue_ids
from moderator.services.review import ReviewService
from moderator.ui.common import style
from moderator.ui.review.details import DetailsView
from moderator.ui.screenshots import ScreenContext

QUEUE = "kr-illegal-filming"


def capture_bank_match(ctx: ScreenContext) -> None:
    queue = queue_ids(ctx.workspace).get(QUEUE)
    if queue is None:
        return
    service = ReviewService(ctx.workspace, ctx.reviewer)
    lease = service.claim([queue])
    if lease is None:
        return
    try:
        seed_bank_match(ctx.workspace, lease.report_uid)  # the claimed report: shown flagged
        details, _policy, _problem = service.load(lease)
        view = DetailsView()
        view.setStyleSheet(style.SHEET)
        view.resize(640, 520)
        view.show_report(details, ctx.workspace.now())
        view.show()
        ctx.shot(view, "bank-match")
        view.close()
    finally:
        service.release(lease, "screenshot")
