"""What the claim asks of QA: who may claim what, and a gold copy served in place of the
report just claimed. Runs in the claim's transaction.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import ColumnElement, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from moderator.domain.ids import new_uid
from moderator.domain.reports import ReportState
from moderator.store.models import Decision, MediaItem, Report
from moderator.store.models_quality import GoldCopy, GoldItem, QaSettings
from moderator.store.quality.decided import GOLD_SOURCE

R = Report.__table__.c


class Rng(Protocol):
    def random(self) -> float: ...
    def choice(self, seq: Any) -> Any: ...


_SYSTEM_RNG = random.SystemRandom()


_GOLD_RATE = select(QaSettings.gold_rate).where(QaSettings.queue_id == bindparam("p_queue"))
_GOLD_CANDIDATES = (
    select(GoldItem.id, GoldItem.report_id)
    .where(
        GoldItem.queue_id == bindparam("p_queue"),
        GoldItem.retired_at.is_(None),
        # Never twice to the same reviewer, never to anyone who decided the original.
        ~exists().where(
            GoldCopy.gold_id == GoldItem.id, GoldCopy.reviewer_id == bindparam("p_reviewer")
        ),
        ~exists().where(
            Decision.report_id == GoldItem.report_id,
            Decision.reviewer_id == bindparam("p_reviewer"),
        ),
    )
    .order_by(GoldItem.id)
    .limit(64)
)
_COPIED = ("channel", "reported_category", "reporter_text", "url", "platform", "priority")
_MEDIA_COPIED = (
    "position",
    "uri",
    "kind",
    "size_bytes",
    "sha256",
    "md5",
    "pdq",
    "pdq_quality",
    "pdq_frames",
    "media_format",
    "probe_error",
)


@dataclass(frozen=True, slots=True)
class Served:
    """What the claim returns for a gold copy: the same shape as a claimed report's row."""

    id: int
    uid: str
    queue_id: int
    review_round: int


def claim_exclusions() -> list[ColumnElement[bool]]:
    """Conditions on a claim candidate for reviewer `:p_reviewer`.

    A report in a later round never goes back to a reviewer who decided an earlier one (the
    second review is someone else's), and a gold copy is only ever claimed by the reviewer it
    was made for while it stays in its queue.
    """
    reviewer: Any = bindparam("p_reviewer")
    decided_before = exists().where(Decision.report_id == R.id, Decision.reviewer_id == reviewer)
    someone_elses_gold = exists().where(
        GoldCopy.report_id == R.id,
        GoldCopy.reviewer_id != reviewer,
        GoldCopy.queue_id == R.queue_id,
    )
    return [or_(R.review_round == 1, ~decided_before), ~someone_elses_gold]


def serve_gold(
    session: Session,
    reviewer_id: int,
    claimed: Any,
    lease: tuple[str, datetime, datetime],
    rng: Rng | None = None,
    rate: float | None | object = ...,
) -> Served | None:
    """Maybe swap the report just claimed for a fresh copy of a gold item, at the queue's rate.

    `claimed` is the claimed row (id, uid, queue_id, review_round); `lease` is (token,
    expires_at, now). The real report goes back to the queue untouched and the copy is leased
    instead, in the caller's transaction. `rate` is the queue's gold rate when the caller has
    read it already (the claim statement returns it). Gold is only served when a real report
    was there to claim, so an empty queue stays empty. None when no gold is served.
    """
    rng = rng or _SYSTEM_RNG
    if rate is ...:  # not read by the claim statement itself
        rate = session.scalar(_GOLD_RATE, {"p_queue": claimed.queue_id})
    if not rate or rng.random() >= cast(float, rate):
        return None
    candidates = session.execute(
        _GOLD_CANDIDATES, {"p_queue": claimed.queue_id, "p_reviewer": reviewer_id}
    ).all()
    if not candidates:
        return None
    gold_id, source_id = rng.choice(candidates)
    try:
        with session.begin_nested():
            return _materialise(session, reviewer_id, claimed, lease, gold_id, source_id, rng)
    except IntegrityError:
        # A concurrent claim of the same reviewer took this gold item first (the unique
        # (gold, reviewer) key): keep the real report instead.
        return None


def _materialise(
    session: Session,
    reviewer_id: int,
    claimed: Any,
    lease: tuple[str, datetime, datetime],
    gold_id: int,
    source_id: int,
    rng: Rng,
) -> Served:
    token, expires, now = lease
    shown = session.execute(
        select(R.source, R.external_ref, R.received_at, R.sla_due).where(R.id == claimed.id)
    ).one()
    session.execute(
        update(Report)
        .where(R.id == claimed.id, R.lease_token == token)
        .values(
            state=ReportState.QUEUED,
            claimed_by=None,
            lease_token=None,
            lease_expires_at=None,
            claimed_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    source = session.execute(select(*(R[c] for c in _COPIED)).where(R.id == source_id)).one()
    original = session.execute(select(R.source, R.external_ref).where(R.id == source_id)).one()
    # Received a little before the report it stands in for, with the same SLA window: it is
    # exactly as urgent as what the reviewer would have got. It shows the original's source
    # (store.details) with a reference numbered like that source's real ones in this queue,
    # and is stored under GOLD_SOURCE, so a real report arriving later with that reference
    # is never taken for a duplicate of it.
    template = shown.external_ref if shown.source == original.source else original.external_ref
    jitter = timedelta(seconds=round(rng.random() * 600))
    uid = new_uid()
    copy_id = session.execute(
        insert(Report)
        .values(
            uid=uid,
            source=GOLD_SOURCE,
            external_ref=fresh_ref(session, original.source, claimed.queue_id, template, rng),
            queue_id=claimed.queue_id,
            received_at=shown.received_at - jitter,
            sla_due=shown.sla_due - jitter,
            state=ReportState.CLAIMED,
            review_round=1,
            claimed_by=reviewer_id,
            lease_token=token,
            lease_expires_at=expires,
            claimed_at=now,
            ingested_at=now - jitter,
            **dict(zip(_COPIED, source, strict=True)),
        )
        .returning(R.id)
    ).scalar_one()
    M = MediaItem.__table__.c
    media = session.execute(
        select(*(M[c] for c in _MEDIA_COPIED)).where(M.report_id == source_id)
    ).all()
    if media:
        session.execute(
            insert(MediaItem),
            [dict(zip(_MEDIA_COPIED, row, strict=True), report_id=copy_id) for row in media],
        )
    session.execute(
        insert(GoldCopy).values(
            report_id=copy_id,
            gold_id=gold_id,
            reviewer_id=reviewer_id,
            queue_id=claimed.queue_id,
            served_at=now,
        )
    )
    return Served(copy_id, uid, claimed.queue_id, 1)


_DIGITS = re.compile(r"\d+(?!.*\d)")


def fresh_ref(session: Session, source: str, queue_id: int, template: str, rng: Rng) -> str:
    """A reference shaped like `template` and numbered like `source`'s real ones in the queue:
    a free number within their range, else just above it (as the newest report would be);
    never one in use by `source` or by another gold copy."""
    match = _DIGITS.search(template)
    if match is None:
        return _free(session, source, (f"{template}-{n}" for n in range(2, 10**6)))
    head, width, tail = template[: match.start()], len(match.group()), template[match.end() :]
    lo, hi = _real_range(session, source, queue_id, head, width, tail, int(match.group()))

    def ref(number: int) -> str:
        return f"{head}{number:0{width}d}{tail}"

    inside = (ref(lo + int(rng.random() * (hi - lo + 1))) for _ in range(12))
    above = hi + 1 + int(rng.random() * 3)
    return _free(session, source, (*inside, *(ref(n) for n in range(above, above + 10**6))))


def _real_range(
    session: Session, source: str, queue_id: int, head: str, width: int, tail: str, fallback: int
) -> tuple[int, int]:
    """The lowest and highest number of `source`'s real references of this shape in the queue."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    shaped = (
        R.source == source,
        R.queue_id == queue_id,
        R.external_ref.like(f"{escape(head)}%{escape(tail)}", escape="\\"),
        func.length(R.external_ref) == len(head) + width + len(tail),
        ~exists().where(GoldCopy.report_id == R.id),
    )
    low, high = session.execute(
        select(func.min(R.external_ref), func.max(R.external_ref)).where(*shaped)
    ).one()
    numbers = []
    for found in (low, high):
        digits = found[len(head) : len(head) + width] if found else ""
        numbers.append(int(digits) if digits.isdigit() else fallback)
    return numbers[0], numbers[1]


def _free(session: Session, source: str, candidates: Any) -> str:
    for ref in candidates:
        taken = session.scalar(
            select(R.id).where(R.source.in_([source, GOLD_SOURCE]), R.external_ref == ref).limit(1)
        )
        if taken is None:
            return str(ref)
    return new_uid()  # pragma: no cover - a million references in use
