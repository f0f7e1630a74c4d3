"""Acting on bank matches when a report comes in (ingest) or when the banks change.

known: the report is decided with the bank's outcome under its queue's policy, audited as an
automated decision (DECIDE with `automated`, the bank, the entry, the signal and distance):
no claim, no view event, no one's exposure. If the outcome is not one of that policy's, the
match is shown instead (flag), and the reason is kept in the audit event.
route: the report moves to the bank's queue, the match shown there.
flag: the match is shown to the reviewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError
from moderator.services import policies
from moderator.services.bank_match import Match, strongest
from moderator.store import bank_matches as store
from moderator.store import journal
from moderator.store.models import Queue


def decide_known(
    session: Session,
    actor: journal.Actor,
    now: datetime,
    report_id: int,
    report_uid: str,
    queue_id: int,
    top: Match,
) -> tuple[str, str]:
    """Decide a queued report with a known bank's outcome: ("known", "") when done, else
    ("flag", why) and the match is only shown."""  # fmt: skip
    queue = session.get(Queue, queue_id)
    assert queue is not None
    try:
        policy = policies.load(session, queue.policy_id, queue.policy_version)
    except ModeratorError as exc:
        return "flag", str(exc)
    if top.outcome not in {o.id for o in policy.outcomes}:
        return "flag", f"outcome {top.outcome!r} is not one of policy {policy.id}'s"
    who = store.automated_reviewer(session, now)
    note = f"known content: bank {top.bank}, {top.signal} distance {top.distance}"
    uid = store.decide_automated(
        session, report_id, who, actor.workstation, now,
        (policy.id, policy.version, policy.sha256), top.outcome, note,
    )  # fmt: skip
    if uid is None:
        return "flag", "the report is not waiting in its queue"
    journal.append(
        session, actor, EventKind.DECIDE, now, report_uid=report_uid,
        payload={
            "decision": uid, "round": 1, "outcome": top.outcome,
            "policy": policy.id, "policy_version": policy.version,
            "policy_hash": policy.sha256, "answers": {},
            "seconds_on_item": 0.0, "seconds_exposed": 0.0,
            "seconds_blurred": 0.0, "automated": True, "bank": top.bank,
            "entry": top.entry_id, "signal": top.signal, "distance": top.distance,
        },
    )  # fmt: skip
    return "known", ""


def apply(
    session: Session,
    actor: journal.Actor,
    now: datetime,
    report_id: int,
    report_uid: str,
    queue_id: int,
    matches: Sequence[Match],
) -> str:
    """Record the matches and act on the strongest; the action taken ("" when none)."""
    if not matches:
        return ""
    top = strongest(matches)
    taken = top.action if top is not None else ""
    reason = ""
    if top is not None and top.action == "known":
        taken, reason = decide_known(session, actor, now, report_id, report_uid, queue_id, top)
    elif top is not None and top.action == "route" and top.route_queue_id is not None:
        store.route(session, report_id, top.route_queue_id)
    rows = []
    for m in matches:
        action = m.action
        if m is top and action != taken:
            action = taken
        rows.append((m.position, m.bank_id, m.entry_id, m.signal, m.distance, action))
    store.insert_matches(session, report_id, rows, now)
    journal.append(
        session, actor, EventKind.BANK, now, report_uid=report_uid,
        payload={"op": "match", "taken": taken, "reason": reason,
                 "matches": [m.as_dict() for m in matches]},
    )  # fmt: skip
    return taken
