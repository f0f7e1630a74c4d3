"""Wellbeing profiles: the TOML a queue's supervisor sets, its parser, the shipped profiles,
and the stricter-only merge (`strictest` across queues, `personalise` for a reviewer's own).

Severity is the report's triage priority (1-5) under a name (`SEVERITIES`); the category is the
report's reported category. The state machine that applies a profile is `domain.wellbeing`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from moderator.domain import shipped
from moderator.domain.errors import ModeratorError, NotFound

SEVERITIES = ("minimal", "low", "moderate", "high", "severe")  # priority 1..5
ALL = "all"  # a daily cap over every severity together
BLUR_LEVELS = 6  # blur levels are 1 (lightest) .. 6 (unrecognisable)
PROFILE_FOLDER = "wellbeing"


def severity_of(priority: int) -> str:
    return SEVERITIES[min(max(priority, 1), 5) - 1]


def severity_rank(severity: str) -> int:
    """1..5; unknown names rank as the most severe (fail closed)."""
    return SEVERITIES.index(severity) + 1 if severity in SEVERITIES else 5


class WellbeingError(ModeratorError):
    """A profile or a personal setting that cannot be used, with the field named."""


class BreakNotSkippable(ModeratorError):
    pass


@dataclass(frozen=True)
class Profile:
    name: str = "standard"
    reblur_seconds: float = 5.0  # every reveal re-blurs by itself after this long
    break_after_work_minutes: float = 90.0
    break_after_exposure_minutes: float = 20.0
    break_minutes: float = 10.0
    hard: bool = False  # a hard break cannot be skipped; a soft one can, with a reason
    daily_cap_minutes: Mapping[str, float] = field(default_factory=dict)  # severity|ALL -> min
    idle_lock_minutes: float = 5.0
    checkin_severity: int | None = None  # ask after items of this severity (1-5) or above
    # How each report of the queue opens (blur level 1-6, see media.blur) and the lightest
    # blur the reviewer may choose for it; a change of look lasts for that report only.
    look_blur: int = 4
    look_grayscale: bool = True
    look_lightest: int = 2


@dataclass(frozen=True)
class LookRule:
    """A queue's preview look: the blur and grayscale each report opens at, and the floor."""

    blur: int = 4
    grayscale: bool = True
    lightest: int = 2

    def clamp(self, blur: int) -> int:
        """`blur` kept within [lightest, 6]."""
        return min(max(blur, self.lightest), BLUR_LEVELS)


def look_of(profile: Profile) -> LookRule:
    return LookRule(profile.look_blur, profile.look_grayscale, profile.look_lightest)


# TOML (section, key) -> Profile field, and which direction is stricter.
LOWER, HIGHER = "lower", "higher"
_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("reveal", "reblur_seconds"): ("reblur_seconds", LOWER),
    ("breaks", "after_work_minutes"): ("break_after_work_minutes", LOWER),
    ("breaks", "after_exposure_minutes"): ("break_after_exposure_minutes", LOWER),
    ("breaks", "length_minutes"): ("break_minutes", HIGHER),
    ("idle", "lock_after_minutes"): ("idle_lock_minutes", LOWER),
}
# [look] key -> Profile field; a higher level (more blur) is stricter.
_LOOK_LEVELS = {"blur": "look_blur", "lightest": "look_lightest"}


def parse_profile(text: str | bytes, source: str = "profile", *, partial: bool = False) -> Any:
    """A Profile from TOML; with `partial`, a dict of only the fields the text sets
    (a reviewer's personal settings). Errors name the file and the field."""
    try:
        data = tomllib.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WellbeingError(f"{source}: not valid TOML: {exc}") from exc
    values: dict[str, Any] = {}

    def fail(where: str, why: str) -> WellbeingError:
        return WellbeingError(f"{source}: {where}: {why}")

    known = {"name", "reveal", "breaks", "caps", "idle", "checkin", "look"}
    for key in data:
        if key not in known:
            raise fail(key, f"unknown setting (known: {', '.join(sorted(known))})")
    if "name" in data:
        if not isinstance(data["name"], str) or not data["name"].strip():
            raise fail("name", "must be a non-empty string")
        values["name"] = data["name"].strip()
    for (section, key), (attr, _) in _FIELDS.items():
        table = _table(data, section, fail)
        if key in table:
            values[attr] = _positive(table[key], f"{section}.{key}", fail)
    for section, allowed in (
        ("reveal", {"reblur_seconds"}),
        ("idle", {"lock_after_minutes"}),
        ("breaks", {"after_work_minutes", "after_exposure_minutes", "length_minutes", "mode"}),
        ("checkin", {"after_severity"}),
        ("look", {"blur", "grayscale", "lightest"}),
    ):
        for key in _table(data, section, fail):
            if key not in allowed:
                raise fail(f"{section}.{key}", "unknown setting")
    breaks = _table(data, "breaks", fail)
    if "mode" in breaks:
        if breaks["mode"] not in ("hard", "soft"):
            raise fail("breaks.mode", 'must be "hard" or "soft"')
        values["hard"] = breaks["mode"] == "hard"
    caps = _table(data, "caps", fail)
    if caps:
        for key, minutes in caps.items():
            if key not in (*SEVERITIES, ALL):
                raise fail(f"caps.{key}", f"not a severity ({', '.join(SEVERITIES)} or all)")
            _positive(minutes, f"caps.{key}", fail)
        values["daily_cap_minutes"] = {k: float(v) for k, v in caps.items()}
    checkin = _table(data, "checkin", fail)
    if "after_severity" in checkin:
        level = checkin["after_severity"]
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            raise fail("checkin.after_severity", "must be 1-5, or 0 for no check-in")
        values["checkin_severity"] = level or None
    values.update(_parse_look(_table(data, "look", fail), fail))
    if partial:
        return values
    profile = Profile(**values)
    if profile.look_lightest > profile.look_blur:  # only the floor was set: open at it
        profile = replace(profile, look_blur=profile.look_lightest)
    return profile


def _parse_look(look: dict[str, Any], fail: Callable[[str, str], Exception]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, attr in _LOOK_LEVELS.items():
        if key in look:
            level = look[key]
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 6:
                raise fail(f"look.{key}", "must be a blur level from 1 (light) to 6")
            values[attr] = level
    if "grayscale" in look:
        if not isinstance(look["grayscale"], bool):
            raise fail("look.grayscale", "must be true or false")
        values["look_grayscale"] = look["grayscale"]
    blur, lightest = values.get("look_blur"), values.get("look_lightest")
    if blur is not None and lightest is not None and lightest > blur:
        raise fail("look.lightest", f"must not be above look.blur ({blur})")
    return values


def _table(data: dict[str, Any], section: str, fail: Callable[[str, str], Exception]) -> Any:
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise fail(section, "must be a table")
    return table


def _positive(value: Any, where: str, fail: Callable[[str, str], Exception]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise fail(where, "must be a number above 0")
    return float(value)


def builtin_profiles() -> list[str]:
    files = shipped.folder(PROFILE_FOLDER).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def builtin_text(name: str) -> str:
    if name not in builtin_profiles():
        raise NotFound(f"no shipped wellbeing profile {name!r} ({', '.join(builtin_profiles())})")
    return shipped.folder(PROFILE_FOLDER).joinpath(f"{name}.toml").read_text("utf-8")


# --- stricter only -------------------------------------------------------------------------------


def _stricter_value(direction: str, a: float, b: float) -> float:
    return min(a, b) if direction == LOWER else max(a, b)


def strictest(profiles: list[Profile]) -> Profile:
    """One profile as strict as every one given, field by field (several queues worked)."""
    if not profiles:
        return Profile()
    out = profiles[0]
    for other in profiles[1:]:
        merged: dict[str, Any] = {"name": " + ".join(sorted({out.name, other.name}))}
        for attr, direction in _FIELDS.values():
            merged[attr] = _stricter_value(direction, getattr(out, attr), getattr(other, attr))
        merged["hard"] = out.hard or other.hard
        caps = dict(out.daily_cap_minutes)
        for key, minutes in other.daily_cap_minutes.items():
            caps[key] = min(caps.get(key, minutes), minutes)
        merged["daily_cap_minutes"] = caps
        levels = [x for x in (out.checkin_severity, other.checkin_severity) if x]
        merged["checkin_severity"] = min(levels) if levels else None
        for attr in _LOOK_LEVELS.values():
            merged[attr] = max(getattr(out, attr), getattr(other, attr))
        merged["look_grayscale"] = out.look_grayscale or other.look_grayscale
        out = Profile(**merged)
    return out


def personalise(team: Profile, mine: Mapping[str, Any]) -> Profile:
    """The team profile with the reviewer's own settings; each must be as strict or stricter.

    Raises WellbeingError naming every field that would be looser.
    """
    looser: list[str] = []
    changes: dict[str, Any] = {}
    directions = dict(_FIELDS.values())
    for attr, value in mine.items():
        if attr == "name":
            continue
        current = getattr(team, attr)
        if attr in directions:
            ok = value <= current if directions[attr] == LOWER else value >= current
        elif attr == "hard":
            ok = value or not current
        elif attr == "daily_cap_minutes":
            bad = [k for k, v in value.items() if k in current and v > current[k]]
            ok = not bad
            value = {**current, **value}
        elif attr in _LOOK_LEVELS.values():
            ok = value >= current
        elif attr == "look_grayscale":
            ok = value or not current
        elif attr == "checkin_severity":
            # None is "no check-in", the loosest; a lower level asks after more items.
            ok = value == current or (value is not None and (current is None or value <= current))
        else:  # pragma: no cover - parse_profile only produces the fields above
            raise WellbeingError(f"unknown setting {attr}")
        if ok:
            changes[attr] = value
        else:
            looser.append(attr)
    if looser:
        raise WellbeingError(
            "your own settings may only be stricter than your team's; looser: "
            + ", ".join(sorted(looser))
        )
    merged = replace(team, **changes)
    if merged.look_lightest > merged.look_blur:  # a stricter floor lifts the opening look
        merged = replace(merged, look_blur=merged.look_lightest)
    return merged


def describe(profile: Profile) -> list[tuple[str, str]]:
    """(setting, value) pairs for people to read."""
    caps = ", ".join(f"{k} {v:g} min" for k, v in profile.daily_cap_minutes.items()) or "none"
    checkin = profile.checkin_severity
    return [
        ("Profile", profile.name),
        ("Re-blur after", f"{profile.reblur_seconds:g} s"),
        ("Break after work", f"{profile.break_after_work_minutes:g} min"),
        ("Break after exposure", f"{profile.break_after_exposure_minutes:g} min"),
        ("Break length", f"{profile.break_minutes:g} min, {'hard' if profile.hard else 'soft'}"),
        ("Daily exposure caps", caps),
        ("Idle lock after", f"{profile.idle_lock_minutes:g} min"),
        ("Check-in", f"after {SEVERITIES[checkin - 1]} items" if checkin else "off"),
        (
            "Preview",
            f"opens at blur {profile.look_blur}"
            f"{' in grayscale' if profile.look_grayscale else ' in colour'}, "
            f"lightest blur {profile.look_lightest}",
        ),
    ]


def profile_fields() -> list[str]:
    """Every Profile field a personal setting may change (all but the name)."""
    return [f.name for f in fields(Profile) if f.name != "name"]
