"""CSV import of courses and records: bad rows named by line and reason, good rows kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from moderator.domain.errors import ModeratorError
from moderator.domain.reports import Role
from moderator.services.training import TrainingAdmin
from moderator.services.training_csv import parse_when
from moderator.services.workspace import Workspace
from moderator.store import queue
from moderator.store import training as training_store
from moderator.store.queue import ReviewerRef
from tests.helpers import seed
from tests.services.test_training import events

SEOUL = ZoneInfo("Asia/Seoul")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def admin(workspace: Workspace) -> TrainingAdmin:
    now = workspace.now()
    with workspace.transaction() as s:
        seed.reviewer(s, "alice", now)
        seed.reviewer(s, "bob", now)
        seed.reviewer(s, "sam", now, Role.SUPERVISOR)
    return TrainingAdmin(workspace, "sam")


COURSES = """code,title,validity_days,queues,categories
GEN,General,365,general,
URG,Urgent handling,180,urgent;general,
,No code,365,,
BAD,Bad days,soon,,
NEG,Negative,-3,,
Q,Unknown queue,365,nowhere,
GEN,General again,365,,
"""


def test_courses_import_reports_each_bad_row(tmp_path: Path, admin: TrainingAdmin) -> None:
    result = admin.import_csv(write(tmp_path, "courses.csv", COURSES), UTC)
    assert result.kind == "courses"
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert [p.describe() for p in result.problems] == [
        "line 4: no course code",
        "line 5: validity_days 'soon' is not a number",
        "line 6: validity_days must be positive",
        "line 7: unknown queue nowhere",
        "line 8: duplicate of line 2",
    ]
    assert {c.code: c.queues for c in admin.courses()} == {
        "GEN": ("general",),
        "URG": ("general", "urgent"),
    }


RECORDS = """reviewer,course,completed,expires,evidence
alice,GEN,2026-01-10,,certificate 1
bob,GEN,2026-02-01,2027-02-01,certificate 2
carol,GEN,2026-01-10,,
alice,NOPE,2026-01-10,,
alice,GEN,10/01/2026,,
bob,GEN,2026-03-01,2026-02-01,
alice,GEN,2026-01-10,,again
alice,GEN,2027-01-01,,
"multi
line",GEN,2026-01-10,,

bob,GEN,2025-03-01T08:00:00+09:00,,"quoted, with comma"
"""


def test_records_import_reports_bad_rows_and_is_idempotent(
    tmp_path: Path, admin: TrainingAdmin
) -> None:
    admin.import_csv(write(tmp_path, "courses.csv", COURSES), UTC)
    path = write(tmp_path, "records.csv", RECORDS)
    result = admin.import_csv(path, UTC)
    assert result.kind == "records"
    assert [p.describe() for p in result.problems] == [
        "line 4: unknown reviewer 'carol'",
        "line 5: unknown course 'NOPE'",
        "line 6: bad completion date '10/01/2026' (use YYYY-MM-DD or an ISO date-time)",
        "line 7: the expiry is not after the completion",
        "line 8: duplicate of line 2",
        "line 9: the completion is in the future",
        "line 10: unknown reviewer 'multi\\nline'",
    ]
    assert result.added == 3
    records = {(r.reviewer, r.completed_at): r for r in admin.records()}
    alice = records[("alice", datetime(2026, 1, 10, tzinfo=UTC))]
    assert alice.expires_at == datetime(2027, 1, 10, tzinfo=UTC)  # 365 validity days
    assert alice.evidence == "certificate 1"
    assert alice.source == "csv:records.csv"
    assert records[("bob", datetime(2025, 2, 28, 23, tzinfo=UTC))].evidence == "quoted, with comma"
    audited = events(admin.workspace)
    assert [e["op"] for e in audited].count("record.add") == 3
    again = admin.import_csv(path, UTC)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert len(admin.records()) == 3
    assert events(admin.workspace) == audited  # nothing changed, nothing audited


def test_a_file_of_neither_kind_is_refused_whole(tmp_path: Path, admin: TrainingAdmin) -> None:
    with pytest.raises(ModeratorError, match="first line must name the columns"):
        admin.import_csv(write(tmp_path, "x.csv", "name,when\nalice,2026-01-01\n"), UTC)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("reviewer,course,completed\nj\xe9r\xf4me,GEN,2026-01-01\n".encode("latin-1"))
    with pytest.raises(ModeratorError, match="not UTF-8"):
        admin.import_csv(bad, UTC)


def test_a_date_means_midnight_in_the_organisations_zone() -> None:
    assert parse_when("2026-11-03", SEOUL, "expiry") == datetime(2026, 11, 2, 15, tzinfo=UTC)
    assert parse_when("2026-11-03", UTC, "expiry") == datetime(2026, 11, 3, tzinfo=UTC)
    # An instant with an offset is that instant in any zone; wall time takes the zone.
    offset = parse_when("2026-11-03T09:00:00+09:00", UTC, "expiry")
    assert offset == parse_when("2026-11-03T00:00:00Z", SEOUL, "expiry")
    assert parse_when("2026-11-03 09:00", SEOUL, "expiry") == datetime(2026, 11, 3, tzinfo=UTC)


def test_a_seoul_date_gates_from_seoul_midnight(
    tmp_path: Path, workspace: Workspace, admin: TrainingAdmin
) -> None:
    now = workspace.now()
    with workspace.transaction() as s:
        qid = seed.queue(s, "kr", now, trainings=("KR",))
        seed.reports(s, qid, now, 1)
        alice = ReviewerRef(training_store.reviewers(s)["alice"][0], "alice", Role.REVIEWER)
    text = "reviewer,course,completed,expires\nalice,KR,2026-01-05,2026-12-03\n"
    assert admin.import_csv(write(tmp_path, "kr.csv", text), SEOUL).added == 1
    seoul_midnight = datetime(2026, 12, 2, 15, tzinfo=UTC)  # 3 Dec 00:00 in Seoul

    def claims(at: datetime) -> bool:
        with workspace.transaction() as s:
            lease = queue.claim(s, alice, workspace.actor("alice"), at, queue_ids=[qid])
            if lease is not None:
                queue.release(s, lease, workspace.actor("alice"), at)
            return lease is not None

    assert claims(seoul_midnight - timedelta(microseconds=1))
    assert not claims(seoul_midnight)
    # The same date read in UTC would have stayed valid nine more hours.
    (rec,) = admin.records("alice")
    assert rec.expires_at == seoul_midnight
    assert parse_when("2026-12-03", UTC, "expiry") - rec.expires_at == timedelta(hours=9)
