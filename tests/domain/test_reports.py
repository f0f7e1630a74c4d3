from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from moderator.domain.ids import uuid7
from moderator.domain.reports import MediaKind, RecordError, Role, media_kind_for, parse_record

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def parse(**raw: object):  # type: ignore[no-untyped-def]
    return parse_record(dict(raw), default_source="src", default_queue=None, now=NOW)


def test_a_full_record_parses() -> None:
    rec = parse(
        external_ref="A-1",
        queue="q",
        received_at="2026-11-20T10:00:00+09:00",
        priority="5",
        media=["a.jpg", "b.mp4"],
        url="https://example.invalid/x",
    )
    assert rec.received_at == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert rec.priority == 5
    assert rec.media == ("a.jpg", "b.mp4")
    assert rec.source == "src"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"queue": "q"}, "external_ref: required"),
        ({"external_ref": "x"}, "queue: required"),
        ({"external_ref": "x", "queue": "q", "priority": 9}, "priority: must be 1..5"),
        ({"external_ref": "x", "queue": "q", "priority": "high"}, "not a whole number"),
        ({"external_ref": "x", "queue": "q", "received_at": "yesterday"}, "not an ISO 8601"),
        ({"external_ref": "x", "queue": "q", "url": "javascript:alert(1)"}, "url: must start"),
        ({"external_ref": "x", "queue": "q", "colour": "red"}, "unknown field"),
        ({"external_ref": "x", "queue": "q", "media": 5}, "media: expected"),
        ({"external_ref": "x\x00", "queue": "q"}, "control characters"),
        ({"external_ref": "x", "queue": "q", "received_at": "2030-01-01T00:00:00Z"}, "future"),
    ],
)
def test_bad_records_say_which_field(raw: dict[str, object], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse(**raw)


def test_received_at_defaults_to_now() -> None:
    assert parse(external_ref="x", queue="q").received_at == NOW
    assert parse(
        external_ref="x", queue="q", received_at="2026-11-21T11:00:00Z"
    ).received_at == NOW - timedelta(hours=1)


def test_media_kind_by_suffix() -> None:
    assert media_kind_for("a/B.JPG") is MediaKind.IMAGE
    assert media_kind_for("clip.webm") is MediaKind.VIDEO
    assert media_kind_for("notes.txt") is MediaKind.OTHER


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.at_least(Role.SUPERVISOR)
    assert not Role.REVIEWER.at_least(Role.SUPERVISOR)


def test_uuid7_is_version_7_and_time_ordered() -> None:
    ids = [uuid7() for _ in range(2000)]
    assert all(u.version == 7 for u in ids)
    assert ids == sorted(ids, key=lambda u: u.int)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"priority": 1e999}, "priority: inf is not a whole number"),
        ({"priority": 3.5}, "priority: 3.5 is not a whole number"),
        ({"priority": True}, "priority: True is not a whole number"),
        ({"received_at": "0001-01-01T00:00:00+05:00"}, "received_at: .* is out of range"),
        ({"received_at": "1969-12-31T23:59:59Z"}, "received_at: .* out of range"),
        ({"sla_due": "9999-12-31T23:00:00-05:00"}, "sla_due: .* is out of range"),
        ({"received_at": "2026-11-20T10:00:00"}, "received_at: .* has no UTC offset"),
        ({"received_at": "2026-11-20"}, "received_at: .* has no UTC offset"),
        ({"media": "a.jpg"}, "media: expected a list"),
        ({"media": ["a\x00.jpg"]}, "contains control characters"),
        ({"media": ["x" * 5000]}, "longer than 4096"),
    ],
)
def test_values_that_used_to_crash_or_be_guessed_are_refused(
    raw: dict[str, object], message: str
) -> None:
    with pytest.raises(RecordError, match=message):
        parse(external_ref="x", queue="q", **raw)


def test_a_time_without_offset_is_read_in_the_given_zone() -> None:
    rec = parse_record(
        {"external_ref": "x", "queue": "q", "received_at": "2026-11-20T10:00:00"},
        default_source="s",
        default_queue=None,
        now=NOW,
        timezone=ZoneInfo("Asia/Seoul"),
    )
    assert rec.received_at == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert parse(external_ref="x", queue="q", priority=4.0).priority == 4
