"""The organisation's settings: each value read from text and checked, by name."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from moderator.domain.errors import ConfigError
from moderator.domain.organisation import OrgSettings, check, check_name, from_stored


def test_settings_are_checked_and_converted() -> None:
    s = OrgSettings().changed(
        {"name": " Hotline ", "timezone": "Asia/Seoul", "content_retention_days": "90"}
    )
    assert (s.name, s.timezone, s.content_retention_days) == ("Hotline", "Asia/Seoul", 90)
    assert s.zone() == ZoneInfo("Asia/Seoul")
    assert OrgSettings().zone() is None  # not set: this computer's zone
    assert check("media_retention_days", "none") is None


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("timezone", "Mars/Olympus", "unknown time zone"),
        ("name", "  ", "must not be empty"),
        ("content_retention_days", "0", "between 1 and"),
        ("content_retention_days", "soon", "a number of days"),
        ("content_retention_days", True, "between 1 and"),
        ("support", 5, "expected text"),
        ("colour", "red", "no setting named 'colour'"),
    ],
)
def test_bad_values_name_the_setting(key: str, value: object, why: str) -> None:
    with pytest.raises(ConfigError, match=why):
        OrgSettings().changed({key: value})


def test_stored_values_from_a_newer_program_are_ignored() -> None:
    assert from_stored({"name": "X", "future_setting": 1}) == OrgSettings(name="X")


def test_names_people_type_and_read() -> None:
    assert check_name(" demo.reviewer ", "person") == "demo.reviewer"
    for bad in ("", "a b", "-x", "x" * 101, "ä"):
        with pytest.raises(ConfigError, match="person"):
            check_name(bad, "person")
