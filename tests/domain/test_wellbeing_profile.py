"""Wellbeing profiles: the TOML form, shipped profiles, strictest merge, stricter-only personal."""

from __future__ import annotations

from typing import Any

import pytest

from moderator.domain.wellbeing_profile import (
    LookRule,
    Profile,
    WellbeingError,
    builtin_profiles,
    builtin_text,
    describe,
    look_of,
    parse_profile,
    personalise,
    profile_fields,
    strictest,
)

TEAM = Profile(
    name="team",
    reblur_seconds=5,
    break_after_work_minutes=60,
    break_after_exposure_minutes=20,
    break_minutes=10,
    hard=False,
    daily_cap_minutes={"severe": 30},
    idle_lock_minutes=5,
    checkin_severity=4,
)

# field -> (a stricter value, a looser value)
CASES: dict[str, tuple[Any, Any]] = {
    "reblur_seconds": (3.0, 8.0),
    "break_after_work_minutes": (45.0, 90.0),
    "break_after_exposure_minutes": (10.0, 30.0),
    "break_minutes": (15.0, 5.0),
    "hard": (True, None),  # nothing is looser than soft
    "daily_cap_minutes": ({"severe": 20.0, "high": 40.0}, {"severe": 45.0}),
    "idle_lock_minutes": (2.0, 10.0),
    "checkin_severity": (3, 5),
    "look_blur": (5, 3),
    "look_grayscale": (True, False),
    "look_lightest": (3, 1),
}


def test_every_field_has_a_case() -> None:
    assert set(CASES) == set(profile_fields())


def test_shipped_profiles_parse() -> None:
    assert {"standard", "severe-content", "hard"} <= set(builtin_profiles())
    for name in builtin_profiles():
        assert parse_profile(builtin_text(name), name).name == name


@pytest.mark.parametrize("field", sorted(CASES))
def test_personal_settings_may_be_stricter(field: str) -> None:
    stricter, _ = CASES[field]
    mine = personalise(TEAM, {field: stricter})
    value = getattr(mine, field)
    if field == "daily_cap_minutes":
        assert value == {"severe": 20.0, "high": 40.0}
    else:
        assert value == stricter


@pytest.mark.parametrize("field", sorted(f for f, (_, looser) in CASES.items() if looser))
def test_personal_settings_may_never_be_looser(field: str) -> None:
    _, looser = CASES[field]
    with pytest.raises(WellbeingError, match=field):
        personalise(TEAM, {field: looser})


def test_soft_is_looser_than_hard_and_off_looser_than_any_checkin() -> None:
    hard_team = Profile(hard=True, checkin_severity=None)
    with pytest.raises(WellbeingError, match="hard"):
        personalise(hard_team, {"hard": False})
    assert personalise(hard_team, {"checkin_severity": 5}).checkin_severity == 5
    with pytest.raises(WellbeingError, match="checkin_severity"):
        personalise(TEAM, {"checkin_severity": None})


def test_equal_values_are_allowed_and_all_looser_fields_are_named() -> None:
    assert personalise(TEAM, {"break_minutes": 10.0}) == TEAM
    with pytest.raises(WellbeingError) as err:
        personalise(TEAM, {"break_minutes": 1.0, "idle_lock_minutes": 60.0})
    assert "break_minutes" in str(err.value)
    assert "idle_lock_minutes" in str(err.value)


def test_personal_toml_is_partial() -> None:
    mine = parse_profile("[breaks]\nlength_minutes = 20\n", "mine.toml", partial=True)
    assert mine == {"break_minutes": 20.0}
    assert personalise(TEAM, mine).break_minutes == 20


def test_strictest_takes_each_field_from_the_strictest_profile() -> None:
    other = Profile(
        name="b",
        reblur_seconds=8,
        break_after_work_minutes=30,
        break_minutes=20,
        hard=True,
        daily_cap_minutes={"severe": 60, "high": 50},
        idle_lock_minutes=9,
        checkin_severity=None,
    )
    merged = strictest([TEAM, other])
    assert merged.reblur_seconds == 5
    assert merged.break_after_work_minutes == 30
    assert merged.break_minutes == 20
    assert merged.hard is True
    assert merged.daily_cap_minutes == {"severe": 30, "high": 50}
    assert merged.idle_lock_minutes == 5
    assert merged.checkin_severity == 4
    assert strictest([]) == Profile()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name = 3", "name"),
        ("[breaks]\nlength_minutes = 0", "breaks.length_minutes"),
        ("[breaks]\nmode = 'sometimes'", "breaks.mode"),
        ("[breaks]\nafter_lunch = 3", "breaks.after_lunch"),
        ("[caps]\nterrible = 3", "caps.terrible"),
        ("[caps]\nsevere = -1", "caps.severe"),
        ("[checkin]\nafter_severity = 9", "checkin.after_severity"),
        ("[reveal]\nreblur_seconds = 'soon'", "reveal.reblur_seconds"),
        ("colour = 'red'", "colour"),
        ("reveal = 3", "reveal"),
        ("[breaks\n", "not valid TOML"),
    ],
)
def test_bad_profiles_are_refused_with_the_field_named(text: str, where: str) -> None:
    with pytest.raises(WellbeingError, match=rf"p\.toml: .*{where.replace('.', '[.]')}"):
        parse_profile(text, "p.toml")


def test_describe_reads_plainly() -> None:
    lines = dict(describe(TEAM))
    assert lines["Break length"] == "10 min, soft"
    assert lines["Check-in"] == "after high items"
    assert lines["Daily exposure caps"] == "severe 30 min"


def test_the_look_section_sets_how_reports_open_and_the_floor() -> None:
    profile = parse_profile("[look]\nblur = 5\ngrayscale = false\nlightest = 3\n")
    assert look_of(profile) == LookRule(5, False, 3)
    assert look_of(profile).clamp(1) == 3
    assert look_of(profile).clamp(9) == 6
    only_floor = parse_profile("[look]\nlightest = 5\n")
    assert look_of(only_floor) == LookRule(5, True, 5)  # opens at its own floor
    for bad in ("blur = 0", "blur = 7", "lightest = true", 'grayscale = "yes"'):
        with pytest.raises(WellbeingError, match="look"):
            parse_profile(f"[look]\n{bad}\n")
    with pytest.raises(WellbeingError, match="look.lightest"):
        parse_profile("[look]\nblur = 3\nlightest = 4\n")


def test_the_strictest_look_wins_and_a_stricter_floor_lifts_the_opening_look() -> None:
    a = Profile(look_blur=3, look_grayscale=False, look_lightest=1)
    b = Profile(look_blur=5, look_grayscale=False, look_lightest=2)
    assert look_of(strictest([a, b])) == LookRule(5, False, 2)
    assert look_of(strictest([a, Profile()])).grayscale is True
    assert look_of(personalise(a, {"look_lightest": 4})) == LookRule(4, False, 4)
