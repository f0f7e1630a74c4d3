"""A workspace with known figures for the regulators' formats: reports on the Korean and
the child-abuse policies, their media, decisions and the views and reveals of them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.ids import new_uid
from moderator.store import journal
from moderator.store import policies as stored
from moderator.store.journal import Actor
from moderator.store.models import Decision, MediaItem, Report
from tests.helpers import seed


def report(
    s: Session,
    queue_id: int,
    received: datetime,
    *,
    channel: str = "web-form",
    category: str = "",
    media: tuple[str, ...] = ("video",),
    state: str = "decided",
) -> tuple[int, str]:
    (rid,) = seed.reports(
        s, queue_id, received, 1, prefix=new_uid(), received_at=received, channel=channel,
        reported_category=category, sla_due=received + timedelta(hours=24), state=state,
        url="https://example.org/v/1",
    )  # fmt: skip
    for i, kind in enumerate(media):
        s.add(MediaItem(report_id=rid, position=i, uri=f"r{rid}/{i}", kind=kind,
                        sha256=f"{rid:04d}{i:02d}".ljust(64, "a"), md5="b" * 32))  # fmt: skip
    s.flush()
    return rid, str(s.scalar(select(Report.uid).where(Report.id == rid)))


def decide(
    s: Session,
    rid: int,
    who: int,
    outcome: str,
    at: datetime,
    *,
    policy_id: str,
    answers: dict[str, Any] | None = None,
    round_: int = 1,
) -> str:
    text = stored.version(s, policy_id)
    assert text is not None
    uid, station = new_uid(), new_uid()
    s.add(
        Decision(
            uid=uid, report_id=rid, review_round=round_, reviewer_id=who, policy_id=policy_id,
            policy_version=text.version, policy_hash=text.sha256, outcome=outcome,
            answers=json.dumps(answers or {}), seconds_on_item=60.0, seconds_exposed=0.0,
            decided_at=at, workstation=station, lease_token=new_uid(),
        )
    )  # fmt: skip
    s.flush()
    return uid


def seen(s: Session, report_uid: str, at: datetime, kind: EventKind, media: int = 0) -> None:
    """A view (blurred) or a reveal (sharp) of one media item, as `services.exposure` logs it."""
    payload: dict[str, Any] = {"media": media, "blur": 24, "grayscale": True}
    if kind is EventKind.REVEAL:
        payload = {"kind": "hold", "seconds": 1.5, "media": media, "ended_by": "key"}
    journal.append(s, Actor("ana", new_uid()), kind, at, report_uid=report_uid, payload=payload)
