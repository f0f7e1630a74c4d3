"""Wellbeing in the store and services, on SQLite and PostgreSQL: claims refused during a
break or after a stop, non-visual work only at a cap, exposure and compliance rows, audit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from moderator.domain.errors import NotEligible
from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.domain.wellbeing_profile import WellbeingError, builtin_text
from moderator.services.config import Config, Profile
from moderator.services.wellbeing import OnBreak, WellbeingReview, WellbeingService
from moderator.services.workspace import Workspace, open_workspace
from moderator.store import wellbeing as store
from moderator.store.models import AuditEvent, MediaItem, Report
from moderator.store.queue import ReviewerRef
from moderator.store.wellbeing import BreakRow, Exposure, ExposureRow
from tests.helpers import seed
from tests.helpers.clock import FakeClock

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CAP = "name = 'capped'\n[caps]\nsevere = 1\n"


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    profile = Profile("t", db_url, str(tmp_path / "media"))
    ws = open_workspace(profile, Config(workstation_id=new_uid()), clock=FakeClock(T0))
    yield ws
    ws.close()


@pytest.fixture
def people(workspace: Workspace) -> tuple[ReviewerRef, ReviewerRef, int]:
    with workspace.transaction() as s:
        qid = seed.queue(s, "q", T0)
        ids = seed.reports(s, qid, T0, 4)
        # The two most urgent reports have an image; the other two have no media at all.
        for rid in ids[:2]:
            s.execute(
                insert(MediaItem).values(report_id=rid, position=0, uri="x.png", kind="image")
            )
        alice = seed.reviewer(s, "alice", T0)
        boss = seed.reviewer(s, "boss", T0, role=Role.SUPERVISOR)
    return alice, boss, qid


def clock(ws: Workspace) -> FakeClock:
    assert isinstance(ws.clock, FakeClock)
    return ws.clock


def events(ws: Workspace, kind: str) -> list[dict[str, object]]:
    with ws.transaction() as s:
        rows = s.scalars(
            select(AuditEvent.payload).where(AuditEvent.kind == kind).order_by(AuditEvent.seq)
        )
        return [json.loads(p) for p in rows]


def exposure(seconds: float, severity: str = "severe", blurred: float = 10.0) -> Exposure:
    return Exposure(new_uid(), 1, "sess", severity, "csam", seconds, blurred, "decided")


def test_no_claim_during_a_break_then_claims_again(workspace: Workspace, people: tuple) -> None:
    alice, _, _ = people
    service, review = WellbeingService(workspace, alice, tz=UTC), WellbeingReview(workspace, alice)
    uid = service.break_started("work", T0 + timedelta(minutes=10), hard=True)
    with pytest.raises(OnBreak, match="break"):
        review.claim()
    clock(workspace).advance(minutes=10)
    service.break_ended(uid)
    assert review.claim() is not None
    assert [e["phase"] for e in events(workspace, "break")] == ["start", "end"]


def test_a_break_the_app_never_closed_blocks_only_until_its_end(
    workspace: Workspace, people: tuple
) -> None:
    alice, _, _ = people
    WellbeingService(workspace, alice).break_started("exposure", T0 + timedelta(minutes=5), True)
    review = WellbeingReview(workspace, alice)
    clock(workspace).advance(minutes=4, seconds=59)
    with pytest.raises(OnBreak):
        review.claim()
    clock(workspace).advance(seconds=1)
    assert review.claim() is not None


def test_skipped_break_is_recorded_with_its_reason(workspace: Workspace, people: tuple) -> None:
    alice, _, _ = people
    service = WellbeingService(workspace, alice, tz=UTC)
    uid = service.break_started("work", T0 + timedelta(minutes=10), hard=False)
    service.break_ended(uid, skipped_because="an urgent report")
    service.break_ended(uid)  # already closed: no second record
    assert events(workspace, "break")[-1] == {
        "phase": "skipped",
        "break": uid,
        "reason": "an urgent report",
    }
    assert len(events(workspace, "break")) == 2
    assert WellbeingReview(workspace, alice).claim() is not None


def test_i_need_to_stop_blocks_claims_for_the_day(workspace: Workspace, people: tuple) -> None:
    alice, _, _ = people
    service = WellbeingService(workspace, alice, tz=UTC)
    service.checked_in(None, "severe", 2)
    service.checked_in("r-uid", "severe", None)
    review = WellbeingReview(workspace, alice, tz=UTC)
    with pytest.raises(OnBreak, match="stopped"):
        review.claim()
    assert service.start(None).stopped_today
    assert [e.get("stopped") for e in events(workspace, "checkin")] == [None, True]
    clock(workspace).advance(days=1)
    assert review.claim() is not None


def test_at_a_daily_cap_only_reports_without_images_are_claimed(
    workspace: Workspace, people: tuple
) -> None:
    alice, boss, _ = people
    WellbeingService(workspace, boss).set_queue_profile("q", CAP, "cap.toml")
    service = WellbeingService(workspace, alice, tz=UTC)
    service.record_exposure(exposure(59.0))
    review = WellbeingReview(workspace, alice, tz=UTC)
    first = review.claim()
    assert first is not None
    service.record_exposure(exposure(1.0))  # exactly the cap: 60 s
    claimed = [review.claim(), review.claim(), review.claim()]
    with workspace.transaction() as s:
        kinds = {
            lease.report_uid: s.scalar(
                select(MediaItem.kind).join(Report).where(Report.uid == lease.report_uid)
            )
            for lease in claimed
            if lease is not None
        }
    assert len(kinds) == 2
    assert set(kinds.values()) == {None}  # the other image report stays in the queue
    assert claimed[2] is None


def test_exposure_is_stored_and_audited(workspace: Workspace, people: tuple) -> None:
    alice, _, _ = people
    service = WellbeingService(workspace, alice, tz=UTC)
    record = exposure(12.5, "high", 30.0)
    service.record_exposure(record)
    service.record_exposure(exposure(2.0, "high", 1.0))
    service.record_exposure(exposure(5.0, "severe", 0.0))
    assert service.start(None).revealed_today == {"high": 14.5, "severe": 5.0}
    event = events(workspace, "exposure")[0]
    assert event["seconds_revealed"] == 12.5
    assert event["seconds_blurred"] == 30.0
    assert event["severity"] == "high"
    with workspace.transaction() as s:
        rows = store.exposure_rows(s, T0, T0 + timedelta(days=1))
        assert store.exposure_rows(s, T0 + timedelta(seconds=1), T0 + timedelta(days=1)) == []
    assert rows == [
        ExposureRow("alice", date(2026, 11, 21), "high", "csam", 14.5, 31.0, 2),
        ExposureRow("alice", date(2026, 11, 21), "severe", "csam", 5.0, 0.0, 1),
    ]


def test_break_rows_count_due_taken_skipped_stopped(workspace: Workspace, people: tuple) -> None:
    alice, _, _ = people
    service = WellbeingService(workspace, alice, tz=UTC)
    for skip in ("", "busy", ""):
        uid = service.break_started("work", T0 + timedelta(minutes=10), hard=False)
        service.break_ended(uid, skipped_because=skip)
    service.break_started("work", T0 + timedelta(minutes=10), hard=False)  # still running
    service.checked_in(None, "severe", None)
    with workspace.transaction() as s:
        rows = store.break_rows(s, T0, T0 + timedelta(days=1))
    assert rows == [BreakRow("alice", date(2026, 11, 21), due=4, taken=2, skipped=1, stopped=1)]


def test_profiles_per_queue_are_set_by_supervisors_and_audited(
    workspace: Workspace, people: tuple
) -> None:
    alice, boss, qid = people
    with pytest.raises(NotEligible):
        WellbeingService(workspace, alice).set_queue_profile("q", CAP, "cap.toml")
    with pytest.raises(WellbeingError, match="bad.toml"):
        WellbeingService(workspace, boss).set_queue_profile("q", "[caps]\nx=1", "bad.toml")
    WellbeingService(workspace, boss).set_queue_profile("q", builtin_text("hard"), "hard.toml")
    start = WellbeingService(workspace, alice).start([qid])
    assert start.profile.name == "hard"
    assert start.profile.hard
    assert events(workspace, "settings")[-1]["wellbeing_profile"] == "hard"


def test_personal_settings_stricter_only(workspace: Workspace, people: tuple) -> None:
    alice, boss, qid = people
    WellbeingService(workspace, boss).set_queue_profile("q", builtin_text("standard"), "s.toml")
    service = WellbeingService(workspace, alice)
    with pytest.raises(WellbeingError, match="looser: break_minutes"):
        service.set_personal("[breaks]\nlength_minutes = 2\n")
    assert service.set_personal("[breaks]\nlength_minutes = 20\n").break_minutes == 20
    assert service.start([qid]).profile.break_minutes == 20
    assert "wellbeing_personal" in events(workspace, "settings")[-1]
