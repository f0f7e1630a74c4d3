"""Re-matching the open queue when a bank changes, in the change's own transaction.

A bank added, entries imported (a safe-list's too), entries or a bank retired: every open
report (queued or claimed; never a gold copy) is matched again and its match rows brought up
to date. What follows is what ingest does, where it still can be done:
- known: a queued first-round report is decided with the bank's outcome, audited as an
  automated decision (no one views it); a claimed one or a second review only shows it (flag).
- route: a queued report moves to the bank's queue; a claimed one only shows it.
- flag: the match is shown. A safe-list hit turns the item's other matches to suppressed.
A retired entry's or bank's match is no longer shown (`store.bank_matches.for_report`).
Idempotent: a second run finds nothing to change and writes nothing, not even an audit event.
An entry made from a report is never matched against that same report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.services import bank_apply
from moderator.services.bank_match import SUPPRESSED, BankMatcher, Match, strongest
from moderator.store import bank_matches, journal
from moderator.store.models import MediaItem, Report
from moderator.store.models_banks import BankEntry, HashBank, HashMatch
from moderator.store.quality.reads import real_reports_filter

OPEN = ("queued", "claimed")
_MEDIA = ("position", "sha256", "md5", "pdq", "pdq_frames")


@dataclass
class Rematched:
    reports: int = 0  # open reports matched again
    changed: int = 0  # reports whose matches or handling changed
    known: int = 0  # decided automatically
    routed: int = 0
    flagged: int = 0  # reports given a new shown match

    def as_dict(self) -> dict[str, int]:
        return {
            "reports": self.reports,
            "changed": self.changed,
            "known": self.known,
            "routed": self.routed,
            "flagged": self.flagged,
        }


@dataclass(frozen=True, slots=True)
class _Open:
    id: int
    uid: str
    queue_id: int
    state: str
    review_round: int


def _open_reports(session: Session) -> dict[int, _Open]:
    rows = session.execute(
        select(Report.id, Report.uid, Report.queue_id, Report.state, Report.review_round).where(
            Report.state.in_(OPEN), real_reports_filter()
        )
    )
    return {r[0]: _Open(*r) for r in rows}


def _media(session: Session, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(MediaItem.report_id, *(getattr(MediaItem, c) for c in _MEDIA)).where(
                MediaItem.report_id.in_(ids[start : start + 500])
            )
        )
        for report_id, *values in rows:
            out.setdefault(report_id, []).append(dict(zip(_MEDIA, values, strict=True)))
    return out


def _existing(session: Session, ids: Sequence[int]) -> dict[int, dict[tuple[int, int], Any]]:
    """The live match rows of the open reports: report -> (position, entry) -> (row, Match)."""
    out: dict[int, dict[tuple[int, int], Any]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(HashMatch, HashBank)
            .join(HashBank, HashBank.id == HashMatch.bank_id)
            .join(BankEntry, BankEntry.id == HashMatch.entry_id)
            .where(
                HashMatch.report_id.in_(ids[start : start + 500]),
                BankEntry.retired_at.is_(None),
                HashBank.retired_at.is_(None),
            )
        )
        for m, b in rows:
            base = "safe" if b.safe_list else b.action
            match = Match(
                m.position, b.name, b.id, m.entry_id, m.signal, m.distance, base,
                b.outcome, b.route_queue_id,
            )  # fmt: skip
            out.setdefault(m.report_id, {})[(m.position, m.entry_id)] = (m.id, m.action, match)
    return out


def rematch_open(
    session: Session,
    actor: journal.Actor,
    now: datetime,
    *,
    entry_ids: Sequence[int] | None = None,
) -> Rematched:
    """Match the open reports again (against `entry_ids` only, when given) and act."""
    reports = _open_reports(session)
    ids = sorted(reports)
    result = Rematched(reports=len(ids))
    if not ids:
        return result  # nothing open: the banks are not even loaded
    media = _media(session, ids)
    matcher = BankMatcher.load(session, entry_ids)
    found: dict[int, list[Match]] = {}
    for report_id in ids:
        uid = reports[report_id].uid
        hits = [
            m
            for m in matcher.match(media.get(report_id, []))
            if matcher.sources.get(m.entry_id) != uid
        ]
        if hits:
            found[report_id] = hits
    # New entries can only change the reports they match; a retirement (no entries named)
    # can change any report that has a match.
    existing = _existing(session, sorted(found) if entry_ids is not None else ids)
    for report_id in sorted(set(found) | set(existing)):
        hits, have = found.get(report_id, []), existing.get(report_id, {})
        _one(session, actor, now, reports[report_id], hits, have, result)
    return result


def _one(
    session: Session,
    actor: journal.Actor,
    now: datetime,
    report: _Open,
    found: list[Match],
    have: dict[tuple[int, int], Any],
    result: Rematched,
) -> None:
    combined: dict[tuple[int, int], Match] = {k: v[2] for k, v in have.items()}
    for m in found:
        combined[(m.position, m.entry_id)] = m
    safe = {m.position for m in combined.values() if m.action == "safe"}
    for key, m in combined.items():
        if m.position in safe and m.action != "safe":
            combined[key] = replace(m, action=SUPPRESSED)
    top = strongest(list(combined.values()))
    taken, reason, done = "", "", ""
    top_key = (top.position, top.entry_id) if top is not None else None
    if top is not None and top_key is not None:
        taken = top.action
        if top.action == "known":
            if report.state == "queued" and report.review_round == 1:
                taken, reason = bank_apply.decide_known(
                    session, actor, now, report.id, report.uid, report.queue_id, top
                )
                done = "known" if taken == "known" else ""
            else:
                taken, reason = "flag", "the report is with a reviewer or in a second review"
        elif top.action == "route" and top.route_queue_id != report.queue_id:
            if report.state == "queued" and top.route_queue_id is not None:
                bank_matches.route(session, report.id, top.route_queue_id)
                done = "route"
            else:
                taken, reason = "flag", "the report is with a reviewer"
    changed: list[Match] = []
    for key, m in combined.items():
        action = taken if key == top_key else m.action
        if key in have:
            row_id, stored_action, _m = have[key]
            if stored_action != action:
                session.execute(
                    update(HashMatch).where(HashMatch.id == row_id).values(action=action)
                )
                changed.append(replace(m, action=action))
        else:
            session.execute(
                insert(HashMatch),
                {
                    "report_id": report.id, "position": m.position, "bank_id": m.bank_id,
                    "entry_id": m.entry_id, "signal": m.signal, "distance": m.distance,
                    "action": action, "matched_at": now,
                },
            )  # fmt: skip
            changed.append(replace(m, action=action))
    if not changed and not done:
        return
    result.changed += 1
    result.known += done == "known"
    result.routed += done == "route"
    result.flagged += any(m.action in ("flag", "route") for m in changed) and not done
    journal.append(
        session, actor, EventKind.BANK, now, report_uid=report.uid,
        payload={"op": "rematch", "taken": taken, "reason": reason,
                 "matches": [m.as_dict() for m in changed]},
    )  # fmt: skip
