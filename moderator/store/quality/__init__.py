"""Quality assurance in the store: QA settings, gold items served blind, second review,
adjudication, and the rows the QA metrics are computed from.

The claim and the decide of `store.queue` call `serve_gold` and `on_decided` inside their own
transaction, so a gold copy is made, a second review queued or a gold result recorded
atomically with the claim or decision that caused it. Every function here runs in the
caller's transaction.

Gold copies are reports too (that is what makes them indistinguishable in the review loop);
statistics about real reports must leave them out with `real_reports_filter()` (on `reports`)
or `not_gold_copy(column)` (on any column holding a report id, e.g. `Decision.report_id`).

The modules: `queue_qa` (settings), `gold` (gold items), `claim` (serving gold copies inside
the claim), `decided` (what a decision sets off), `adjudication`, and `reads` (metric rows and
the gold-copy filters). Import from this package; the split is an implementation detail.
"""

from moderator.store.quality.adjudication import (
    Disagreement,
    ReviewSide,
    adjudicate,
    disagreements,
    in_adjudication,
)
from moderator.store.quality.claim import Rng, Served, claim_exclusions, serve_gold
from moderator.store.quality.decided import (
    GOLD_SOURCE,
    Decided,
    Looked,
    on_decided,
    sampled_for_second_review,
)
from moderator.store.quality.gold import GoldItemRow, gold_item, list_gold, mark_gold, retire_gold
from moderator.store.quality.queue_qa import QueueQa, set_settings, settings
from moderator.store.quality.reads import (
    GoldResult,
    ReviewPair,
    gold_results,
    not_gold_copy,
    real_reports_filter,
    review_pairs,
    shown_as_match,
)

__all__ = [
    "GOLD_SOURCE",
    "Decided",
    "Disagreement",
    "GoldItemRow",
    "GoldResult",
    "Looked",
    "QueueQa",
    "ReviewPair",
    "ReviewSide",
    "Rng",
    "Served",
    "adjudicate",
    "claim_exclusions",
    "disagreements",
    "in_adjudication",
    "gold_item",
    "gold_results",
    "list_gold",
    "mark_gold",
    "not_gold_copy",
    "on_decided",
    "real_reports_filter",
    "retire_gold",
    "review_pairs",
    "sampled_for_second_review",
    "serve_gold",
    "set_settings",
    "settings",
    "shown_as_match",
]
