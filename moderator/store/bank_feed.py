"""From decision to bank: a queue's confirmed outcomes become bank entries, in the decision's
(or adjudication's) transaction.

A report's hashes enter its queue's feed bank only once its outcome is final and confirmed
under the feed's rule: `two` (a blind second review agreed with the first, two different
people), `supervisor` (a supervisor decided it, or adjudicated the disagreement) or `either`.
Never a gold copy, never an automated (hash-bank) decision, never while a second review is
still waiting. The entry's provenance names the report, the decision and the confirmers.
The new entry ids are left in `session.info[FED]` for the service to re-match the open queue.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.banks import AUTOMATED_REVIEWER, FEED_RULES, Incoming, Signal, normalise
from moderator.store import banks, journal
from moderator.store.models import Decision, MediaItem, Report, Reviewer
from moderator.store.models_banks import BankFeed, HashBank
from moderator.store.models_quality import Adjudication, GoldCopy, SecondReview

FED = "bank_feed_entries"
RULES = FEED_RULES


def _confirmed(session: Session, report_id: int, rule: str) -> tuple[str, list[str], str]:
    """(final outcome, who confirmed it, the decision or adjudication uid), or ("", [], "")
    when the rule is not met."""
    decisions = session.execute(
        select(Decision.uid, Decision.outcome, Reviewer.username, Reviewer.role)
        .join(Reviewer, Reviewer.id == Decision.reviewer_id)
        .where(Decision.report_id == report_id)
        .order_by(Decision.review_round)
    ).all()
    if not decisions or any(d.username == AUTOMATED_REVIEWER for d in decisions):
        return "", [], ""
    second = session.scalar(select(SecondReview.state).where(SecondReview.report_id == report_id))
    supervisor_ok = rule in ("supervisor", "either")
    if second == "adjudicated":
        adj = session.execute(
            select(Adjudication.uid, Adjudication.outcome, Reviewer.username)
            .join(Reviewer, Reviewer.id == Adjudication.supervisor_id)
            .where(Adjudication.report_id == report_id)
        ).first()
        if adj is None or not supervisor_ok:
            return "", [], ""
        return adj.outcome, [adj.username], adj.uid
    if second == "agreed" and len(decisions) == 2:
        people = sorted({d.username for d in decisions})
        supervised = any(d.role in ("supervisor", "admin") for d in decisions)
        if len(people) == 2 and (rule in ("two", "either") or supervised):
            return decisions[-1].outcome, people, decisions[-1].uid
        return "", [], ""
    if second is None and len(decisions) == 1:
        d = decisions[0]
        if supervisor_ok and d.role in ("supervisor", "admin"):
            return d.outcome, [d.username], d.uid
    return "", [], ""


def _signals(session: Session, report_id: int) -> list[Signal]:
    out: list[Signal] = []
    for item in session.scalars(select(MediaItem).where(MediaItem.report_id == report_id)):
        values = [("sha256", item.sha256), ("md5", item.md5), ("pdq", item.pdq)]
        if item.pdq_frames:
            frames = [f[1] for f in json.loads(item.pdq_frames)]
            values.append(("vpdq", ",".join(frames)))
        for kind, value in values:
            if value:
                try:
                    out.append(normalise(kind, value))
                except ValueError:
                    continue  # a value this workspace could not have matched either
    return out


def feed(session: Session, actor: journal.Actor, now: datetime, report_id: int) -> list[int]:
    """Enter a just-decided report's hashes into its queue's feed bank when confirmed."""
    # One query on every decide: most queues feed no bank (read afresh: the decide changed the
    # report with a core UPDATE).
    report = session.execute(
        select(Report.uid, Report.state, BankFeed)
        .join(BankFeed, BankFeed.queue_id == Report.queue_id)
        .where(Report.id == report_id, BankFeed.stopped_at.is_(None))
    ).first()
    if report is None or report.state != "decided":
        return []
    if session.scalar(select(GoldCopy.report_id).where(GoldCopy.report_id == report_id)):
        return []
    bank_feed = report.BankFeed
    bank = session.get(HashBank, bank_feed.bank_id)
    if bank is None or bank.retired_at is not None:
        return []
    outcome, confirmers, source = _confirmed(session, report_id, bank_feed.rule)
    if not outcome or outcome not in json.loads(bank_feed.outcomes):
        return []
    who = ", ".join(confirmers)
    entries = [
        Incoming(s, 0, f"outcome {outcome}", who, now.isoformat(), report.uid)
        for s in _signals(session, report_id)
    ]
    ids = banks.insert_entries(session, bank.id, entries, actor.username, now, f"decision:{source}")
    journal.append(
        session, actor, EventKind.BANK, now, report_uid=report.uid,
        payload={"op": "feed", "bank": bank.name, "outcome": outcome, "rule": bank_feed.rule,
                 "confirmed_by": confirmers, "from": source, "added": len(ids)},
    )  # fmt: skip
    session.info.setdefault(FED, []).extend(ids)
    return ids
