"""Matching media against the hash banks, before any person sees them.

`BankMatcher.load` reads every open bank once (exact values in dicts, PDQ in a `PdqIndex`,
video keyframe PDQs as arrays); `match` answers for one report's media rows. A match in a
safe-list bank (known false positives) suppresses every other bank's match on that item.
`strongest` picks what happens to the report: known (decided with the bank's outcome, no
one views it) over route over flag.

Videos: vPDQ (the `vpdq` package, the `video` extra) hashes a frame a second in the worker when
it is installed and the video fits its time budget; otherwise a video's signal is the PDQ of its
contact-sheet keyframes (`hashing.py`). Either is compared frame by frame with an entry's frames:
a frame matches within the bank's threshold, and the video matches when at least the bank's
`match_percent` of the query's frames and of the entry's frames match (vPDQ's two-way rule).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.banks import Action
from moderator.media.pdq_index import PdqIndex, distances, to_array
from moderator.store.models_banks import BankEntry, HashBank

SUPPRESSED = "suppressed"
MAX_LISTED = 5000  # entry ids named in one query, at most
_RANK = {Action.KNOWN.value: 3, Action.ROUTE.value: 2, Action.FLAG.value: 1}


@dataclass(frozen=True, slots=True)
class Match:
    position: int  # which media item of the report
    bank: str
    bank_id: int
    entry_id: int
    signal: str
    distance: int
    action: str  # known | route | flag | safe (a safe-list bank) | suppressed
    outcome: str = ""
    route_queue_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "bank": self.bank,
            "signal": self.signal,
            "distance": self.distance,
            "action": self.action,
        }


@dataclass
class _Bank:
    id: int
    name: str
    action: str
    outcome: str
    route_queue_id: int | None
    safe_list: bool
    threshold: int
    match_percent: int
    signals: set[str]
    exact: dict[tuple[str, str], int] = field(default_factory=dict)
    pdq_ids: list[int] = field(default_factory=list)
    pdq_values: list[str] = field(default_factory=list)
    index: PdqIndex | None = None
    videos: list[tuple[int, np.ndarray]] = field(default_factory=list)

    def hit(self, position: int, entry_id: int, signal: str, distance: int) -> Match:
        action = "safe" if self.safe_list else self.action
        return Match(
            position, self.name, self.id, entry_id, signal, distance, action,
            self.outcome, self.route_queue_id,
        )  # fmt: skip


def _frames(value: str) -> np.ndarray:
    return to_array(value.split(",")).view(np.uint64).reshape(-1, 4)


def video_distance(query: np.ndarray, entry: np.ndarray, threshold: int) -> tuple[float, int]:
    """(share of frames matched both ways, the median best frame distance)."""
    table = np.stack([distances(entry, q) for q in query])  # (query frames, entry frames)
    close = table <= threshold
    share = min(close.any(axis=1).mean(), close.any(axis=0).mean())
    return float(share), int(np.median(table.min(axis=1)))


class BankMatcher:
    """The open banks, ready to answer. Built once per ingest run or queue re-match."""

    def __init__(self, banks: list[_Bank]) -> None:
        self.banks = banks
        self.sources: dict[int, str] = {}  # entry id -> the report it was made from

    @property
    def empty(self) -> bool:
        return not self.banks

    @classmethod
    def load(cls, session: Session, entry_ids: Sequence[int] | None = None) -> BankMatcher:
        """Every open bank's live entries (only `entry_ids` of them, when given)."""
        banks: dict[int, _Bank] = {}
        for b in session.scalars(select(HashBank).where(HashBank.retired_at.is_(None))):
            banks[b.id] = _Bank(
                b.id, b.name, b.action, b.outcome, b.route_queue_id, b.safe_list,
                b.threshold, b.match_percent, set(json.loads(b.signals)),
            )  # fmt: skip
        query = (
            select(
                BankEntry.id, BankEntry.bank_id, BankEntry.signal, BankEntry.value,
                BankEntry.report_uid,
            )
            .where(BankEntry.retired_at.is_(None))
            .order_by(BankEntry.id)
        )  # fmt: skip
        if entry_ids is not None and len(entry_ids) <= MAX_LISTED:
            query = query.where(BankEntry.id.in_(list(entry_ids)))
        # (more new entries than that: every live entry is loaded, a superset that matches
        # the same way, and keeps the query within the database's parameter limits)
        sources: dict[int, str] = {}
        for entry_id, bank_id, signal, value, report_uid in session.execute(query):
            bank = banks.get(bank_id)
            if bank is None or signal not in bank.signals:
                continue
            if report_uid:
                sources[entry_id] = report_uid
            if signal in ("sha256", "md5"):
                bank.exact.setdefault((signal, value), entry_id)
            elif signal == "pdq":
                bank.pdq_ids.append(entry_id)
                bank.pdq_values.append(value)
            elif signal == "vpdq":
                bank.videos.append((entry_id, _frames(value)))
        for bank in banks.values():
            if bank.pdq_values:
                bank.index = PdqIndex.from_hex(bank.pdq_values)
                bank.pdq_values = []
        matcher = cls(list(banks.values()))
        matcher.sources = sources
        return matcher

    def match(self, media: Sequence[Mapping[str, Any]]) -> list[Match]:
        found: list[Match] = []
        for row in media:
            position = int(row.get("position", 0))
            here = [m for bank in self.banks for m in self._item(bank, position, row)]
            if any(m.action == "safe" for m in here):
                here = [
                    m if m.action == "safe" else _replace(m, SUPPRESSED) for m in here
                ]  # fmt: skip
            found.extend(here)
        return found

    def _item(self, bank: _Bank, position: int, row: Mapping[str, Any]) -> list[Match]:
        for signal in ("sha256", "md5"):
            value = row.get(signal)
            entry = bank.exact.get((signal, value)) if value else None
            if entry is not None:
                return [bank.hit(position, entry, signal, 0)]
        pdq = row.get("pdq")
        if pdq and bank.index is not None:
            near = bank.index.search(pdq, bank.threshold)
            if near:
                spot, distance = near[0]
                return [bank.hit(position, bank.pdq_ids[spot], "pdq", distance)]
        frames = row.get("pdq_frames")
        if frames and bank.videos:
            query = _frames(",".join(f[1] for f in json.loads(frames)))
            best: tuple[float, int, int] | None = None
            for entry_id, known in bank.videos:
                share, distance = video_distance(query, known, bank.threshold)
                if share * 100 >= bank.match_percent and (best is None or share > best[0]):
                    best = (share, distance, entry_id)
            if best is not None:
                return [bank.hit(position, best[2], "vpdq", best[1])]
        return []


def _replace(match: Match, action: str) -> Match:
    return Match(
        match.position, match.bank, match.bank_id, match.entry_id, match.signal,
        match.distance, action, match.outcome, match.route_queue_id,
    )  # fmt: skip


def strongest(matches: Sequence[Match]) -> Match | None:
    """The match that decides what happens to the report (None: nothing to do)."""
    live = [m for m in matches if m.action in _RANK]
    if not live:
        return None
    return max(live, key=lambda m: (_RANK[m.action], -m.distance))
