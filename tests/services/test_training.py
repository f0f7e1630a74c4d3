"""Training status, the gating explanation, and the admin's audited changes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from moderator.domain.audit import EventKind
from moderator.domain.reports import Role
from moderator.services.training import (
    EXPIRED,
    EXPIRING,
    MISSING,
    VALID,
    TrainingAdmin,
    TrainingStatusRow,
    explain,
    gating,
    state_of,
    training_status,
)
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.models import AuditEvent, Queue, QueueTraining
from moderator.store.training import CourseInput, InvalidTraining, RecordInput
from tests.helpers import seed

DAY = timedelta(days=1)


def events(ws: Workspace) -> list[dict[str, object]]:
    with ws.transaction() as s:
        rows = s.scalars(
            select(AuditEvent.payload)
            .where(AuditEvent.kind == EventKind.TRAINING)
            .order_by(AuditEvent.seq)
        )
        return [json.loads(p) for p in rows]


@pytest.fixture
def admin(workspace: Workspace) -> TrainingAdmin:
    now = workspace.now()
    with workspace.transaction() as s:
        seed.reviewer(s, "alice", now)
        seed.reviewer(s, "bob", now)
        seed.reviewer(s, "sam", now, Role.SUPERVISOR)
        seed.queue(s, "escalations", now, min_role=Role.SUPERVISOR)
    return TrainingAdmin(workspace, "sam")


def test_warning_starts_exactly_30_days_before_expiry() -> None:
    expires = datetime(2026, 12, 3, tzinfo=UTC)
    done = expires - timedelta(days=365)
    assert state_of(done, expires, expires - timedelta(days=30)) == EXPIRING
    assert state_of(done, expires, expires - timedelta(days=30, microseconds=1)) == VALID
    assert state_of(done, expires, expires - timedelta(days=31)) == VALID
    assert state_of(done, expires, expires - timedelta(microseconds=1)) == EXPIRING
    assert state_of(done, expires, expires) == EXPIRED
    assert state_of(None, None, expires) == MISSING


def test_status_lists_every_needed_course_per_reviewer(
    workspace: Workspace, admin: TrainingAdmin
) -> None:
    now = workspace.now()
    admin.save_course(CourseInput("GEN", "General", 365, queues=("general",)))
    admin.save_course(CourseInput("SUP", "Supervision", 365, queues=("escalations",)))
    admin.save_course(CourseInput("EXTRA", "Not needed anywhere", 365))
    admin.add_record(RecordInput("alice", "GEN", now - 300 * DAY, now + 65 * DAY))
    admin.add_record(RecordInput("bob", "GEN", now - 400 * DAY, now - 35 * DAY))
    admin.add_record(
        RecordInput("bob", "GEN", now - 350 * DAY, now + 15 * DAY)
    )  # the one that counts
    admin.add_record(RecordInput("bob", "EXTRA", now - 10 * DAY, now + 355 * DAY))
    with workspace.transaction() as s:
        rows = training_status(s, now)
    assert rows == [
        TrainingStatusRow("alice", "GEN", "General", now - 300 * DAY, now + 65 * DAY, VALID),
        TrainingStatusRow(
            "bob", "EXTRA", "Not needed anywhere", now - 10 * DAY, now + 355 * DAY, VALID
        ),
        TrainingStatusRow("bob", "GEN", "General", now - 350 * DAY, now + 15 * DAY, EXPIRING),
        TrainingStatusRow("sam", "GEN", "General", None, None, MISSING),
        TrainingStatusRow("sam", "SUP", "Supervision", None, None, MISSING),
    ]
    with workspace.transaction() as s:
        later = {(r.reviewer, r.course_code): r.state for r in training_status(s, now + 20 * DAY)}
    assert later[("bob", "GEN")] == EXPIRED


def test_gating_explains_expired_missing_and_soon_expiring(
    workspace: Workspace, admin: TrainingAdmin
) -> None:
    now = workspace.now()  # 21 Nov 2026, 09:00 UTC
    admin.save_course(CourseInput("CSAM-CERT", "Grading certificate", 365, queues=("general",)))
    admin.save_course(CourseInput("KR-STAT-2H", "Statutory", 365, queues=("urgent",)))
    admin.save_course(CourseInput("MOD-BASICS", "Basics", 730, queues=("urgent",)))
    expired_on = datetime(2026, 11, 3, 12, tzinfo=UTC)
    admin.add_record(RecordInput("alice", "CSAM-CERT", expired_on - 365 * DAY, expired_on))
    admin.add_record(RecordInput("alice", "KR-STAT-2H", now - 353 * DAY, now + 12 * DAY))
    with workspace.transaction() as s:
        g = gating(s, "alice", now)
    assert g.open_queues == ()
    lines = list(explain(g, UTC))
    assert lines == [
        "general: CSAM-CERT expired on 3 Nov 2026 — ask your supervisor to renew it.",
        "urgent: MOD-BASICS (Basics) is not on your record — ask your supervisor to record it.",
        "KR-STAT-2H expires in 12 days, on 3 Dec 2026.",
    ]


def test_every_change_is_one_audited_event(workspace: Workspace, admin: TrainingAdmin) -> None:
    now = workspace.now()
    assert admin.save_course(CourseInput("GEN", "General", 365, queues=("general",))) == "added"
    assert admin.save_course(CourseInput("GEN", "General", 365, queues=("general",))) == "unchanged"
    assert admin.save_course(CourseInput("GEN", "General v2", 180, queues=("urgent",))) == "updated"
    rec = RecordInput("alice", "GEN", now - DAY, now + 179 * DAY, "cert #12")
    assert admin.add_record(rec) == "added"
    assert admin.add_record(rec) == "unchanged"
    (stored,) = admin.records("alice")
    admin.update_record(stored.id, RecordInput("alice", "GEN", now - DAY, now + 100 * DAY, "fixed"))
    with pytest.raises(InvalidTraining, match="delete them first"):
        admin.delete_course("GEN")
    admin.delete_record(stored.id)
    admin.delete_course("GEN")
    ops = [(e["op"], e.get("course")) for e in events(workspace)]
    assert ops == [
        ("course.add", "GEN"),
        ("course.edit", "GEN"),
        ("record.add", "GEN"),
        ("record.edit", "GEN"),
        ("record.delete", "GEN"),
        ("course.delete", "GEN"),
    ]
    assert events(workspace)[3]["evidence"] == "fixed"
    with workspace.transaction() as s:
        assert all(r.ok for r in journal.verify(s))
        assert s.scalars(select(QueueTraining)).all() == []


def test_a_refused_change_writes_neither_effect_nor_event(
    workspace: Workspace, admin: TrainingAdmin
) -> None:
    now = workspace.now()
    admin.save_course(CourseInput("GEN", "General", 365))
    before = len(events(workspace))
    with pytest.raises(InvalidTraining, match="expiry must be after"):
        admin.add_record(RecordInput("alice", "GEN", now, now))
    with pytest.raises(InvalidTraining, match="unknown reviewer"):
        admin.add_record(RecordInput("nobody", "GEN", now - DAY, now + DAY))
    with pytest.raises(InvalidTraining, match="unknown queue"):
        admin.save_course(CourseInput("NEW", "New", 365, queues=("nope",)))
    assert admin.records() == []
    assert [c.code for c in admin.courses()] == ["GEN"]
    assert len(events(workspace)) == before


def test_categories_bring_in_every_queue_of_that_category(
    workspace: Workspace, admin: TrainingAdmin
) -> None:
    now = workspace.now()
    with workspace.transaction() as s:
        qid = seed.queue(s, "kr", now)
        queue_row = s.get(Queue, qid)
        assert queue_row is not None
        queue_row.categories = json.dumps(["illegal_filming", "deepfake"])
    admin.save_course(CourseInput("KR", "Statutory", 365, categories=("deepfake",)))
    (course,) = admin.courses()
    assert course.queues == ("kr",)
    assert course.categories == ("deepfake",)
    with workspace.transaction() as s:
        assert [b.queue for b in gating(s, "alice", now).blocked] == ["kr"]
