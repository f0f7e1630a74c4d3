"""Reports, their states and the records that ingest turns into reports."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
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
MAX_MEDIA_PATH = 4096
# Times outside this range are typing errors, and a year-1 deadline would sort first forever.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


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


def parse_time(value: Any, name: str, timezone: tzinfo | None = None) -> datetime:
    """An ISO 8601 date-time as aware UTC.

    A time without a UTC offset is refused unless `timezone` says where it was written:
    guessing UTC would put a Korean platform's reports nine hours off.
    """
    if isinstance(value, datetime):
        parsed = value
    elif not isinstance(value, str) or not value.strip():
        raise RecordError(f"{name}: expected an ISO 8601 date-time")
    else:
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise RecordError(f"{name}: {value!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        if timezone is None:
            raise RecordError(
                f"{name}: {value!s} has no UTC offset; add one (e.g. +09:00) "
                "or pass --timezone ZONE"
            )
        parsed = parsed.replace(tzinfo=timezone)
    try:
        result = utc(parsed)
    except OverflowError:
        raise RecordError(f"{name}: {value!s} is out of range") from None
    if not EARLIEST <= result < LATEST:
        raise RecordError(f"{name}: {value!s} is out of range (1970 to 8999)")
    return result


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
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError('media: expected a list of paths, e.g. ["a.jpg"]')
    items = [v.strip() for v in value if v.strip()]
    if len(items) > 100:
        raise RecordError("media: more than 100 items")
    for item in items:
        if len(item) > MAX_MEDIA_PATH:
            raise RecordError(f"media: a path longer than {MAX_MEDIA_PATH} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in item):
            raise RecordError(f"media {item[:80]!r}: contains control characters")
    return tuple(items)


def _priority(value: Any) -> int:
    if value is None or value == "":
        return 3
    if isinstance(value, bool):
        raise RecordError(f"priority: {value!r} is not a whole number")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise RecordError(f"priority: {value!r} is not a whole number")
        value = int(value)
    try:
        priority = int(value)
    except (TypeError, ValueError):
        raise RecordError(f"priority: {value!r} is not a whole number") from None
    if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
        raise RecordError(f"priority: must be {MIN_PRIORITY}..{MAX_PRIORITY}")
    return priority


def parse_record(
    raw: dict[str, Any],
    *,
    default_source: str,
    default_queue: str | None,
    now: datetime,
    timezone: tzinfo | None = None,
) -> ReportRecord:
    """Validate one manifest record (a JSON object or a CSV row with `media` split).

    `timezone` is where times without a UTC offset were written; without it they are refused.
    """
    if not isinstance(raw, dict):
        raise RecordError("expected a JSON object")
    unknown = sorted(set(raw) - set(RECORD_FIELDS))
    if unknown:
        raise RecordError(f"unknown field(s): {', '.join(unknown)}")
    queue = _text(raw, "queue") or (default_queue or "")
    if not queue:
        raise RecordError("queue: required (or pass --queue)")
    received = raw.get("received_at")
    received_at = (
        parse_time(received, "received_at", timezone) if received not in (None, "") else now
    )
    if received_at > now + timedelta(days=1):
        raise RecordError("received_at: in the future")
    sla = raw.get("sla_due")
    sla_due = parse_time(sla, "sla_due", timezone) if sla not in (None, "") else None
    priority = _priority(raw.get("priority"))
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
