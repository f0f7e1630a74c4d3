"""Wellbeing rules: profiles, stricter-only personal settings, and the one state machine.

Severity is the report's triage priority (1-5) under a name (`SEVERITIES`); the category is the
report's reported category. Exposure is sharp (fully or partly revealed) seconds on screen while
the window is visible, not minimised and active; blurred seconds on screen are kept apart.

`Wellbeing` is pure: time comes from an injected clock, the UI tells it what is on screen and
what the reviewer did, and it answers with `Event`s (a break began, the screen locked, a cap
was reached, a check-in is due...). Every rule is decided here, so simulated hours are tested
in milliseconds. Time is accrued up to each call; a span crossing local midnight is split so
exposure lands on the day it happened.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from moderator.domain import shipped
from moderator.domain.clock import Clock
from moderator.domain.errors import ModeratorError, NotFound

SEVERITIES = ("minimal", "low", "moderate", "high", "severe")  # priority 1..5
ALL = "all"  # a daily cap over every severity together
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


# TOML (section, key) -> Profile field, and which direction is stricter.
LOWER, HIGHER = "lower", "higher"
_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("reveal", "reblur_seconds"): ("reblur_seconds", LOWER),
    ("breaks", "after_work_minutes"): ("break_after_work_minutes", LOWER),
    ("breaks", "after_exposure_minutes"): ("break_after_exposure_minutes", LOWER),
    ("breaks", "length_minutes"): ("break_minutes", HIGHER),
    ("idle", "lock_after_minutes"): ("idle_lock_minutes", LOWER),
}


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

    known = {"name", "reveal", "breaks", "caps", "idle", "checkin"}
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
    if partial:
        return values
    return Profile(**values)


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
    return replace(team, **changes)


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
    ]


# --- the state machine ---------------------------------------------------------------------------


class State(StrEnum):
    WORKING = "working"
    CHECKIN = "checkin"  # a check-in is asked; the window is covered
    BREAK = "break"
    LOCKED = "locked"  # idle too long
    STOPPED = "stopped"  # "I need to stop": the session is over


@dataclass(frozen=True)
class Event:
    kind: str  # break_started | break_ended | break_skipped | locked | unlocked | cap_reached
    #            | checkin_asked | checked_in | stopped | day_changed
    at: datetime
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Viewing:
    """One report on screen: its sharp and blurred seconds so far."""

    key: str
    severity: str
    category: str
    revealed_s: float = 0.0
    blurred_s: float = 0.0


PAUSED = (State.BREAK, State.LOCKED, State.STOPPED)


class Wellbeing:
    def __init__(
        self,
        profile: Profile,
        clock: Clock,
        *,
        tz: tzinfo | None = None,
        revealed_today: Mapping[str, float] | None = None,
        stopped_today: bool = False,
    ) -> None:
        self.profile, self.clock = profile, clock
        self.tz = tz  # None: the machine's local time zone
        now = clock.now()
        self._last = now
        self.day = self.local_day(now)
        self.revealed_today: dict[str, float] = dict(revealed_today or {})
        self.blurred_today = 0.0
        self.work_s = 0.0  # since the last break
        self.exposure_s = 0.0  # sharp seconds since the last break
        self.state = State.STOPPED if stopped_today else State.WORKING
        self.break_ends: datetime | None = None
        self.break_reason = ""
        self.locked_at: datetime | None = None
        self.last_activity = now
        self.viewing: Viewing | None = None
        self.visible = False  # the window is shown, not minimised and active
        self.sharp = False  # sharp pixels are drawn in the preview
        self.capped: set[str] = set()
        self.events: list[Event] = []
        self._check_caps(now)

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def _next_midnight(self, at: datetime) -> datetime:
        local = at.astimezone(self.tz)
        start = datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
        return start.replace(tzinfo=self.tz) if self.tz else start.astimezone()

    # --- inputs ------------------------------------------------------------------------------

    def tick(self) -> list[Event]:
        """Accrue time to now and apply every rule; returns (and forgets) the events."""
        now = self._accrue()
        self._evaluate(now)
        events, self.events = self.events, []
        return events

    def screen(self, *, visible: bool | None = None, sharp: bool | None = None) -> None:
        """What is on screen changed: accrue what was, then record what is."""
        self._accrue()
        if visible is not None:
            self.visible = visible
        if sharp is not None:
            self.sharp = sharp

    def present(self, key: str, severity: str, category: str) -> None:
        self._accrue()
        self.viewing = Viewing(key, severity, category)

    def leave(self, ended_by: str) -> Viewing | None:
        """The report left the screen; a check-in is asked after a severe one that was dealt
        with (decided, skipped, escalated)."""
        now = self._accrue()
        viewing, self.viewing = self.viewing, None
        level = self.profile.checkin_severity
        dealt = ended_by in ("decided", "skipped", "escalated")
        if (
            viewing is not None
            and dealt
            and level is not None
            and severity_rank(viewing.severity) >= level
            and self.state is State.WORKING
        ):
            self.state = State.CHECKIN
            self._emit("checkin_asked", now, report=viewing.key, severity=viewing.severity)
        return viewing

    def activity(self) -> None:
        """The reviewer pressed a key or moved the mouse."""
        self.last_activity = self.clock.now()

    def unlock(self) -> None:
        now = self._accrue()
        if self.state is not State.LOCKED or self.locked_at is None:
            return
        away = (now - self.locked_at).total_seconds()
        as_break = away >= self.profile.break_minutes * 60
        if as_break:
            self._reset_counters()
        self.state, self.locked_at, self.last_activity = State.WORKING, None, now
        self._emit("unlocked", now, away_s=away, counted_as_break=as_break)

    def resume_break(self, ends_at: datetime, reason: str) -> None:
        """A break recorded before the program restarted goes on until its end."""
        self._accrue()
        if self.state is not State.STOPPED:
            self.state, self.break_ends, self.break_reason = State.BREAK, ends_at, reason

    def skip_break(self, reason: str) -> None:
        now = self._accrue()
        if self.state is not State.BREAK:
            return
        if self.profile.hard:
            raise BreakNotSkippable("this break cannot be skipped (the profile's breaks are hard)")
        if not reason.strip():
            raise WellbeingError("say why you skip the break (one line is enough)")
        self._end_break(now, "break_skipped", reason=reason.strip())

    def check_in(self, score: int) -> None:
        if not 1 <= score <= 5:
            raise WellbeingError("the check-in scale is 1 to 5")
        now = self._accrue()
        if self.state is State.CHECKIN:
            self.state, self.last_activity = State.WORKING, now
            self._emit("checked_in", now, score=score)

    def stop(self) -> None:
        """'I need to stop': the session ends for today."""
        now = self._accrue()
        if self.state is not State.STOPPED:
            self.state = State.STOPPED
            self._emit("stopped", now)

    # --- outputs -----------------------------------------------------------------------------

    @property
    def may_claim(self) -> bool:
        return self.state not in PAUSED

    @property
    def visual_allowed(self) -> bool:
        """False once any daily cap is reached: only reports without images or video."""
        return not self.capped

    def exposure_today_s(self) -> float:
        return sum(self.revealed_today.values())

    def work_left_s(self) -> float:
        return max(0.0, self.profile.break_after_work_minutes * 60 - self.work_s)

    def exposure_left_s(self) -> float:
        return max(0.0, self.profile.break_after_exposure_minutes * 60 - self.exposure_s)

    def break_left_s(self) -> float:
        if self.state is not State.BREAK or self.break_ends is None:
            return 0.0
        return max(0.0, (self.break_ends - self.clock.now()).total_seconds())

    # --- rules -------------------------------------------------------------------------------

    def _emit(self, kind: str, at: datetime, **detail: Any) -> None:
        self.events.append(Event(kind, at, detail))

    def _accrue(self) -> datetime:
        now = self.clock.now()
        while now > self._last:
            midnight = self._next_midnight(self._last)
            upto = min(now, midnight)
            self._accrue_span((upto - self._last).total_seconds())
            self._last = upto
            if upto == midnight:
                self._new_day(midnight)
        return now

    def _accrue_span(self, seconds: float) -> None:
        if self.state not in (State.WORKING, State.CHECKIN):
            return
        self.work_s += seconds
        item = self.viewing
        if item is None or not self.visible or self.state is not State.WORKING:
            return
        if self.sharp:
            item.revealed_s += seconds
            self.exposure_s += seconds
            self.revealed_today[item.severity] = (
                self.revealed_today.get(item.severity, 0.0) + seconds
            )
        else:
            item.blurred_s += seconds
            self.blurred_today += seconds

    def _new_day(self, midnight: datetime) -> None:
        self.day = self.local_day(midnight)
        self.revealed_today, self.blurred_today, self.capped = {}, 0.0, set()
        self._emit("day_changed", midnight, day=self.day.isoformat())

    def _evaluate(self, now: datetime) -> None:
        if self.state is State.BREAK and self.break_ends is not None and now >= self.break_ends:
            self._end_break(now, "break_ended")
        if self.state is State.WORKING:  # a check-in being answered is not interrupted
            reason = ""
            if self.work_s >= self.profile.break_after_work_minutes * 60:
                reason = "work"
            elif self.exposure_s >= self.profile.break_after_exposure_minutes * 60:
                reason = "exposure"
            if reason:
                self.state, self.break_reason = State.BREAK, reason
                self.break_ends = now + timedelta(minutes=self.profile.break_minutes)
                self._emit(
                    "break_started",
                    now,
                    reason=reason,
                    ends_at=self.break_ends,
                    hard=self.profile.hard,
                )
            elif now - self.last_activity >= timedelta(minutes=self.profile.idle_lock_minutes):
                self.state, self.locked_at = State.LOCKED, now
                self._emit("locked", now)
        self._check_caps(now)

    def _check_caps(self, now: datetime) -> None:
        for key, minutes in self.profile.daily_cap_minutes.items():
            seen = self.exposure_today_s() if key == ALL else self.revealed_today.get(key, 0.0)
            if seen >= minutes * 60 and key not in self.capped:
                self.capped.add(key)
                self._emit("cap_reached", now, severity=key, minutes=minutes)

    def _end_break(self, now: datetime, kind: str, **detail: Any) -> None:
        self.state, self.break_ends, self.last_activity = State.WORKING, None, now
        self._reset_counters()
        self._emit(kind, now, **detail)

    def _reset_counters(self) -> None:
        self.work_s = self.exposure_s = 0.0


def profile_fields() -> list[str]:
    """Every Profile field a personal setting may change (all but the name)."""
    return [f.name for f in fields(Profile) if f.name != "name"]
