"""The wellbeing state machine over simulated hours: every rule and every boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from moderator.domain.wellbeing import State, Wellbeing
from moderator.domain.wellbeing_profile import (
    ALL,
    BreakNotSkippable,
    Profile,
    WellbeingError,
    severity_of,
    severity_rank,
)
from tests.helpers.clock import FakeClock

SEOUL = timezone(timedelta(hours=9))
START = datetime(2026, 11, 21, 9, 0, tzinfo=SEOUL)  # a local morning

BASE = Profile(
    break_after_work_minutes=60,
    break_after_exposure_minutes=10,
    break_minutes=15,
    hard=True,
    daily_cap_minutes={"severe": 30, ALL: 100},
    idle_lock_minutes=5,
    checkin_severity=4,
)


def machine(profile: Profile = BASE, **kwargs: object) -> tuple[Wellbeing, FakeClock]:
    clock = FakeClock(START)
    return Wellbeing(profile, clock, tz=SEOUL, **kwargs), clock  # type: ignore[arg-type]


def kinds(events: list) -> list[str]:  # type: ignore[type-arg]
    return [e.kind for e in events]


def busy(w: Wellbeing, clock: FakeClock, minutes: float, *, step: float = 1.0) -> list[str]:
    """The reviewer works (keeps active) for `minutes`, ticking every `step` minutes."""
    seen: list[str] = []
    left = minutes
    while left > 1e-9:
        d = min(step, left)
        clock.advance(minutes=d)
        w.activity()
        seen += kinds(w.tick())
        left -= d
    return seen


def look(w: Wellbeing, severity: str = "moderate", key: str = "r1") -> None:
    w.present(key, severity, "cat")
    w.screen(visible=True, sharp=False)


def seen(w: Wellbeing, clock: FakeClock, seconds: float = 2) -> None:
    """The report on screen is revealed (or shown at a recognisable blur) for `seconds`."""
    w.screen(sharp=True)
    clock.advance(seconds=seconds)
    w.screen(sharp=False)


def test_severity_names_follow_priority() -> None:
    assert [severity_of(p) for p in range(1, 6)] == ["minimal", "low", "moderate", "high", "severe"]
    assert severity_rank("high") == 4
    assert severity_rank("unheard-of") == 5  # unknown counts as most severe


def test_sharp_and_blurred_seconds_are_kept_apart() -> None:
    w, clock = machine()
    look(w, "high")
    clock.advance(seconds=30)
    w.screen(sharp=True)
    clock.advance(seconds=12)
    w.screen(sharp=False)
    clock.advance(seconds=8)
    viewing = w.leave("released")
    assert viewing is not None
    assert (viewing.revealed_s, viewing.blurred_s) == (12, 38)
    assert w.revealed_today == {"high": 12}
    assert w.exposure_s == 12
    assert w.blurred_today == 38


def test_an_invisible_or_inactive_window_stops_both_clocks() -> None:
    w, clock = machine()
    look(w)
    w.screen(sharp=True)
    clock.advance(seconds=5)
    w.screen(visible=False)  # minimised, hidden or another window active
    clock.advance(seconds=100)
    w.screen(visible=True)
    clock.advance(seconds=2)
    viewing = w.leave("decided")
    assert viewing is not None
    assert (viewing.revealed_s, viewing.blurred_s) == (7, 0)


def test_nothing_on_screen_counts_no_exposure_but_counts_work() -> None:
    w, clock = machine()
    w.screen(visible=True, sharp=True)  # no report presented
    busy(w, clock, 3)
    assert w.exposure_today_s() == 0
    assert w.work_s == 180


def test_break_is_due_exactly_at_the_work_limit() -> None:
    w, clock = machine()
    assert "break_started" not in busy(w, clock, 59)
    clock.advance(seconds=59)
    w.activity()
    assert kinds(w.tick()) == []
    clock.advance(seconds=1)
    events = w.tick()
    assert kinds(events) == ["break_started"]
    assert events[0].detail["reason"] == "work"
    assert events[0].detail["ends_at"] == clock.now() + timedelta(minutes=15)
    assert w.state is State.BREAK
    assert not w.may_claim


def test_break_is_due_exactly_at_the_exposure_limit() -> None:
    w, clock = machine()
    look(w)
    w.screen(sharp=True)
    clock.advance(minutes=9, seconds=59)
    w.activity()
    assert "break_started" not in kinds(w.tick())
    clock.advance(seconds=1)
    events = w.tick()
    assert kinds(events) == ["break_started"]
    assert events[0].detail["reason"] == "exposure"


def test_the_break_ends_after_its_length_and_counters_restart() -> None:
    w, clock = machine()
    busy(w, clock, 60)
    assert w.state is State.BREAK
    clock.advance(minutes=14, seconds=59)
    assert kinds(w.tick()) == []
    assert w.break_left_s() == 1
    clock.advance(seconds=1)
    assert kinds(w.tick()) == ["break_ended"]
    assert w.state is State.WORKING
    assert w.work_s == 0
    assert w.work_left_s() == 3600


def test_break_time_is_not_work_and_not_exposure() -> None:
    w, clock = machine()
    look(w)
    busy(w, clock, 60)
    w.screen(sharp=True)
    clock.advance(minutes=10)
    w.tick()
    assert w.exposure_today_s() == 0
    assert w.work_s == 3600  # frozen during the break, reset when it ends


def test_a_hard_break_cannot_be_skipped() -> None:
    w, clock = machine()
    busy(w, clock, 60)
    with pytest.raises(BreakNotSkippable):
        w.skip_break("I feel fine")
    assert w.state is State.BREAK


def test_a_soft_break_is_skipped_only_with_a_reason() -> None:
    w, clock = machine(Profile(break_after_work_minutes=30, hard=False))
    busy(w, clock, 30)
    assert w.state is State.BREAK
    with pytest.raises(WellbeingError, match="why"):
        w.skip_break("   ")
    assert w.state is State.BREAK
    w.skip_break("urgent SLA report")
    events = w.tick()
    assert kinds(events) == ["break_skipped"]
    assert events[0].detail["reason"] == "urgent SLA report"
    assert w.state is State.WORKING
    assert w.work_s == 0  # the next break is a full stretch away


def test_idle_lock_boundary_and_unlock() -> None:
    w, clock = machine()
    clock.advance(minutes=4, seconds=59)
    assert kinds(w.tick()) == []
    clock.advance(seconds=1)
    assert kinds(w.tick()) == ["locked"]
    assert w.state is State.LOCKED
    assert not w.may_claim
    clock.advance(minutes=3)
    w.tick()
    assert w.work_s == 300  # locked time is not work
    w.unlock()
    events = w.tick()
    assert kinds(events) == ["unlocked"]
    assert events[0].detail["counted_as_break"] is False
    assert w.state is State.WORKING


def test_activity_postpones_the_lock() -> None:
    w, clock = machine()
    clock.advance(minutes=4)
    w.activity()
    clock.advance(minutes=4)
    assert kinds(w.tick()) == []


def test_a_lock_as_long_as_a_break_counts_as_one() -> None:
    w, clock = machine()
    busy(w, clock, 40)
    clock.advance(minutes=5)
    assert kinds(w.tick()) == ["locked"]
    clock.advance(minutes=15)
    w.unlock()
    assert w.tick()[0].detail["counted_as_break"] is True
    assert w.work_s == 0


def test_cap_reached_exactly_at_the_cap_per_severity() -> None:
    w, clock = machine(Profile(break_after_exposure_minutes=999, daily_cap_minutes={"severe": 30}))
    look(w, "severe")
    w.screen(sharp=True)
    for _ in range(29):
        clock.advance(minutes=1)
        w.activity()
        assert "cap_reached" not in kinds(w.tick())
    assert w.visual_allowed
    clock.advance(minutes=1)
    events = w.tick()
    assert kinds(events) == ["cap_reached"]
    assert events[0].detail["severity"] == "severe"
    assert not w.visual_allowed
    assert w.may_claim  # non-visual work goes on
    clock.advance(minutes=1)
    assert kinds(w.tick()) == []  # said once


def test_other_severities_do_not_fill_a_severity_cap_but_fill_the_total() -> None:
    profile = Profile(break_after_exposure_minutes=999, daily_cap_minutes={"severe": 5, ALL: 8})
    w, clock = machine(profile)
    look(w, "low")
    w.screen(sharp=True)
    busy(w, clock, 7)
    assert w.visual_allowed
    events = busy(w, clock, 1)
    assert events == ["cap_reached"]
    assert w.capped == {ALL}


def test_exposure_from_earlier_today_counts_toward_the_cap() -> None:
    w, _clock = machine(revealed_today={"severe": 30 * 60})
    assert not w.visual_allowed
    assert kinds(w.tick()) == ["cap_reached"]


def test_day_rolls_over_at_local_midnight_and_splits_the_span() -> None:
    profile = Profile(
        break_after_work_minutes=9999,
        break_after_exposure_minutes=9999,
        idle_lock_minutes=9999,
        daily_cap_minutes={"severe": 30},
    )
    clock = FakeClock(datetime(2026, 11, 21, 23, 50, tzinfo=SEOUL))
    w = Wellbeing(profile, clock, tz=SEOUL, revealed_today={"severe": 40 * 60})
    assert not w.visual_allowed
    look(w, "severe")
    w.screen(sharp=True)
    clock.advance(minutes=15)  # 23:50 -> 00:05 in one step
    events = w.tick()
    assert "day_changed" in kinds(events)
    assert w.day.isoformat() == "2026-11-22"
    assert w.revealed_today == {"severe": 5 * 60}  # only what fell after midnight
    assert w.visual_allowed


def test_midnight_is_local_not_utc() -> None:
    clock = FakeClock(datetime(2026, 11, 21, 14, 59, tzinfo=UTC))  # 23:59 in Seoul
    w = Wellbeing(BASE, clock, tz=SEOUL)
    clock.advance(minutes=1)
    assert "day_changed" in kinds(w.tick())


def test_checkin_after_a_severe_item_dealt_with() -> None:
    w, clock = machine()
    look(w, "moderate", "a")
    w.leave("decided")
    assert w.state is State.WORKING  # below the level: no check-in
    look(w, "high", "b")
    w.leave("released")  # given back for a break, not dealt with
    assert w.state is State.WORKING
    look(w, "high", "c")
    seen(w, clock, 3)
    w.leave("decided")
    assert w.state is State.CHECKIN
    assert not w.may_claim or w.state is State.CHECKIN
    events = w.tick()
    assert kinds(events) == ["checkin_asked"]
    assert events[0].detail == {
        "report": "c",
        "severity": "high",
        "revealed_s": pytest.approx(3),
        "ended_by": "decided",
    }
    with pytest.raises(WellbeingError):
        w.check_in(6)
    w.check_in(3)
    assert kinds(w.tick()) == ["checked_in"]
    assert w.state is State.WORKING


def test_no_checkin_after_a_severe_item_never_seen_sharp() -> None:
    w, clock = machine()
    look(w, "severe", "a")
    clock.advance(seconds=30)  # on screen, blurred only
    w.leave("skipped")
    assert w.state is State.WORKING
    assert kinds(w.tick()) == []
    look(w, "severe", "b")
    seen(w, clock, 0.5)
    w.leave("skipped")
    assert w.state is State.CHECKIN


def test_no_checkin_when_the_profile_has_none() -> None:
    w, _ = machine(Profile(checkin_severity=None))
    look(w, "severe")
    w.leave("decided")
    assert w.state is State.WORKING


def test_i_need_to_stop_ends_the_session() -> None:
    w, clock = machine()
    look(w, "severe")
    seen(w, clock)
    w.leave("decided")
    w.stop()
    assert w.state is State.STOPPED
    assert not w.may_claim
    assert "stopped" in kinds(w.tick())
    busy(w, clock, 120)
    assert w.state is State.STOPPED  # no break, no lock: nothing more is asked


def test_stopped_earlier_today_starts_stopped() -> None:
    w, _ = machine(stopped_today=True)
    assert w.state is State.STOPPED


def test_a_checkin_is_not_interrupted_by_a_break() -> None:
    w, clock = machine()
    busy(w, clock, 59)
    look(w, "severe")
    seen(w, clock)
    w.leave("decided")
    clock.advance(minutes=2)
    assert kinds(w.tick()) == ["checkin_asked"]
    w.check_in(4)
    assert kinds(w.tick()) == ["checked_in", "break_started"]


def test_simulated_working_day_runs_fast() -> None:
    """Eight hours of work in one-second ticks: breaks at every limit, nothing lost."""
    w, clock = machine(
        Profile(
            break_after_work_minutes=50,
            break_minutes=10,
            hard=False,
            break_after_exposure_minutes=999,
            idle_lock_minutes=999,
        )
    )
    starts = ends = 0
    for _ in range(8 * 3600):
        clock.advance(seconds=1)
        for event in w.tick():
            starts += event.kind == "break_started"
            ends += event.kind == "break_ended"
    assert (starts, ends) == (8, 8)  # 8 h = 8 x (50 min work + 10 min break)
