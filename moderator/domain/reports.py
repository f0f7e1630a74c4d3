"""Reports, their states and the records that ingest turns into reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from moderator.domain.clock import utc


class ReportState(StrEnum):
    QUEUED = "queued"
    CLAIMED = "claimed"
    DECIDED = "decided"


class Role(StrEnum):
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        order = [Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN]
        return order.index(self) >= order.index(other)


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    OTHER = "other"


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi"})

MIN_PRIORITY, MAX_PRIORITY = 1, 5
MAX_TEXT = 20_000


def media_kind_for(name: str) -> MediaKind:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in IMAGE_SUFFIXES:
        return MediaKind.IMAGE
    if suffix in VIDEO_SUFFIXES:
        return MediaKind.VIDEO
    return MediaKind.OTHER


class RecordError(ValueError):
    """A manifest record that cannot become a report; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One report as read from a manifest, validated, before it has an id."""

    external_ref: str
    source: str
    queue: str
    received_at: datetime
    channel: str = ""
    reported_category: str = ""
    reporter_text: str = ""
    url: str = ""
    platform: str = ""
    priority: int = 3
    sla_due: datetime | None = None
    media: tuple[str, ...] = field(default=())


RECORD_FIELDS = (
    "external_ref",
    "source",
    "queue",
    "received_at",
    "channel",
    "reported_category",
    "reporter_text",
    "url",
    "platform",
    "priority",
    "sla_due",
    "media",
)


def parse_time(value: Any, name: str) -> datetime:
    if isinstance(value, datetime):
        return utc(value)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{name}: expected an ISO 8601 date-time")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(f"{name}: {value!r} is not an ISO 8601 date-time") from None
    return utc(parsed)


def _text(raw: dict[str, Any], name: str, *, required: bool = False, limit: int = 500) -> str:
    value = raw.get(name)
    if value is None or value == "":
        if required:
            raise RecordError(f"{name}: required")
        return ""
    if not isinstance(value, str | int):
        raise RecordError(f"{name}: expected text")
    text = str(value).strip()
    if len(text) > limit:
        raise RecordError(f"{name}: longer than {limit} characters")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise RecordError(f"{name}: contains control characters")
    return text


def _media(raw: dict[str, Any]) -> tuple[str, ...]:
    value = raw.get("media")
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items = [part.strip() for part in value.split("|")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        raise RecordError("media: expected a list of paths (or '|'-separated text in CSV)")
    items = [i for i in items if i]
    if len(items) > 100:
        raise RecordError("media: more than 100 items")
    return tuple(items)


def parse_record(
    raw: dict[str, Any], *, default_source: str, default_queue: str | None, now: datetime
) -> ReportRecord:
    """Validate one manifest record (a JSON object or a CSV row)."""
    if not isinstance(raw, dict):
        raise RecordError("expected a JSON object")
    unknown = sorted(set(raw) - set(RECORD_FIELDS))
    if unknown:
        raise RecordError(f"unknown field(s): {', '.join(unknown)}")
    queue = _text(raw, "queue") or (default_queue or "")
    if not queue:
        raise RecordError("queue: required (or pass --queue)")
    received = raw.get("received_at")
    received_at = parse_time(received, "received_at") if received not in (None, "") else now
    if received_at > now + timedelta(days=1):
        raise RecordError("received_at: in the future")
    sla = raw.get("sla_due")
    sla_due = parse_time(sla, "sla_due") if sla not in (None, "") else None
    priority_raw = raw.get("priority", 3)
    try:
        priority = int(priority_raw) if priority_raw not in (None, "") else 3
    except (TypeError, ValueError):
        raise RecordError(f"priority: {priority_raw!r} is not a whole number") from None
    if isinstance(priority_raw, bool) or not MIN_PRIORITY <= priority <= MAX_PRIORITY:
        raise RecordError(f"priority: must be {MIN_PRIORITY}..{MAX_PRIORITY}")
    url = _text(raw, "url", limit=4000)
    if url and not url.lower().startswith(("http://", "https://")):
        raise RecordError("url: must start with http:// or https://")
    return ReportRecord(
        external_ref=_text(raw, "external_ref", required=True, limit=200),
        source=_text(raw, "source", limit=100) or default_source,
        queue=queue,
        received_at=received_at,
        channel=_text(raw, "channel", limit=100),
        reported_category=_text(raw, "reported_category", limit=100),
        reporter_text=_text(raw, "reporter_text", limit=MAX_TEXT),
        url=url,
        platform=_text(raw, "platform", limit=100),
        priority=priority,
        sla_due=sla_due,
        media=_media(raw),
    )
