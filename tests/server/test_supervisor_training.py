"""Training records over the server: the remote service changes what the local one would,
each change recorded in the supervisor's server chain, repeated requests applied once, and
the catalogue's rules refused with a sentence (409), nothing changed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from moderator.domain.audit import EventKind
from moderator.domain.rows import CourseInput, RecordInput
from moderator.remote.training_admin import RemoteTrainingRecords
from moderator.services.training import TrainingAdmin
from moderator.store.models import AuditEvent, TrainingRecord
from tests.server.conftest import Team, rid
from tests.server.helpers import refused, snapshot
from tests.server.test_supervisor_api import api_for

pytestmark = pytest.mark.postgres
DAY = timedelta(days=1)


def ops(team: Team) -> list[tuple[str, str]]:
    with team.sessions() as s:
        rows = s.execute(
            select(AuditEvent.actor, AuditEvent.payload).where(
                AuditEvent.kind == EventKind.TRAINING
            )
        ).all()
    return [(actor, json.loads(payload)["op"]) for actor, payload in rows]


def test_courses_and_records_change_over_the_server(team: Team, tmp_path: Path) -> None:
    sue = team.enroll("sue")
    remote = RemoteTrainingRecords(api_for(sue))
    local = TrainingAdmin(team.server.workspace(), "sue")
    now = team.now()
    assert remote.save_course(CourseInput("GEN", "General", 365, queues=("general",))) == "added"
    assert remote.courses() == local.courses()
    assert "GEN" in [c.code for c in remote.courses()]
    completed = now - 350 * DAY
    assert remote.add_record(RecordInput("alice", "GEN", completed, now + 15 * DAY)) == "added"
    assert remote.rows() == local.rows()
    alice = next(r for r in remote.rows() if r.reviewer == "alice" and r.course_code == "GEN")
    assert alice.state == "expiring"
    assert alice.record is not None
    assert alice.record.source == "server:sue"  # who entered it, from the token
    record_id = alice.record.id
    remote.update_record(record_id, RecordInput("alice", "GEN", completed, now + 100 * DAY))
    assert next(r for r in remote.rows() if r.record and r.record.id == record_id).state == "valid"
    assert remote.choices() == local.choices()
    reviewers, codes, queues = remote.choices()
    assert "alice" in reviewers
    assert "GEN" in codes
    assert "general" in queues
    remote.delete_record(record_id)
    remote.delete_course("GEN")
    assert "GEN" not in [c.code for c in remote.courses()]
    assert [actor for actor, _ in ops(team)] == ["sue"] * 5
    # A CSV file is read on the desk and imported by the server.
    csv_file = tmp_path / "records.csv"
    csv_file.write_text(
        "reviewer,course,completed\nbob,CSAM-101,2026-10-01\nnobody,CSAM-101,2026-10-01\n",
        encoding="utf-8",
    )
    result = remote.import_csv(csv_file)
    assert (result.file, result.kind, result.added) == ("records.csv", "records", 1)
    assert len(result.problems) == 1
    assert "nobody" in result.problems[0].reason


def test_a_change_sent_twice_is_applied_once(team: Team) -> None:
    sue = team.enroll("sue")
    now = team.now()
    body = {
        "request_id": rid(),
        "record": {
            "reviewer": "carol", "course_code": "CSAM-101",
            "completed_at": (now - DAY).isoformat(), "expires_at": (now + 300 * DAY).isoformat(),
        },
    }  # fmt: skip
    first = sue.post("/v1/supervisor/training/records", body)
    again = sue.post("/v1/supervisor/training/records", body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"outcome": "added"}
    with team.sessions() as s:
        held = select(func.count()).select_from(TrainingRecord)
        assert s.scalar(held.where(TrainingRecord.reviewer_id == team.people["carol"].id)) == 1
    other = {**body, "record": {**body["record"], "evidence": "changed"}}
    refused(sue.post("/v1/supervisor/training/records", other), 409, "idempotency-key-reused")


def test_rules_of_the_catalogue_are_refused_with_nothing_changed(team: Team) -> None:
    sue = team.enroll("sue")
    now = team.now()
    before = snapshot(team)
    record = {
        "reviewer": "nobody", "course_code": "CSAM-101",
        "completed_at": now.isoformat(), "expires_at": (now + DAY).isoformat(),
    }  # fmt: skip
    body = refused(
        sue.post("/v1/supervisor/training/records", {"request_id": rid(), "record": record}),
        409,
        "change-refused",
    )
    assert "nobody" in body["detail"]
    held = refused(
        sue.post("/v1/supervisor/training/courses/CSAM-101/delete", {"request_id": rid()}),
        409,
        "change-refused",
    )
    assert "record" in held["detail"]
    refused(
        sue.post("/v1/supervisor/training/records/999999/delete", {"request_id": rid()}),
        404,
        "not-found",
    )
    for bad in (
        {**record, "reviewer": "alice", "completed_at": "2026-11-01T10:00:00"},  # no zone
        {**record, "reviewer": "a\x00"},
        {**record, "who": "sue"},  # no client names who acted
    ):
        refused(
            sue.post("/v1/supervisor/training/records", {"request_id": rid(), "record": bad}),
            422,
            "invalid-request",
        )
    course = {"code": "X", "title": "T", "validity_days": 0}
    refused(
        sue.post("/v1/supervisor/training/courses", {"request_id": rid(), "course": course}),
        422,
        "invalid-request",
    )
    assert snapshot(team) == before
    assert ops(team) == []
