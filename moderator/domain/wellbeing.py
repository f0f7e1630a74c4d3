"""The one wellbeing state machine.

Exposure is sharp (fully or partly revealed, or at a blur level that keeps recognisable
structure) seconds on screen while the window is visible, not minimised and active; blurred
seconds on screen are kept apart.

`Wellbeing` is pure: time comes from an injected clock, the UI tells it what is on screen and
what the reviewer did, and it answers with `Event`s (a break began, the screen locked, a cap
was reached, a check-in is due...). Every rule is decided here, so simulated hours are tested
in milliseconds. Time is accrued up to each call; a span crossing local midnight is split so
exposure lands on the day it happened. Profiles and severities are `domain.wellbeing_profile`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from moderator.domain.clock import Clock
from moderator.domain.wellbeing_profile import (
    ALL,
    BreakNotSkippable,
    Profile,
    WellbeingError,
    severity_rank,
)


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
        with (decided, skipped, escalated) and actually seen: sharp, or at a recognisable
        blur, for some time (a report only ever seen blurred asks nothing)."""
        now = self._accrue()
        viewing, self.viewing = self.viewing, None
        level = self.profile.checkin_severity
        dealt = ended_by in ("decided", "skipped", "escalated")
        if (
            viewing is not None
            and dealt
            and viewing.revealed_s > 0
            and level is not None
            and severity_rank(viewing.severity) >= level
            and self.state is State.WORKING
        ):
            self.state = State.CHECKIN
            self._emit(
                "checkin_asked",
                now,
                report=viewing.key,
                severity=viewing.severity,
                revealed_s=viewing.revealed_s,
                ended_by=ended_by,
            )
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
