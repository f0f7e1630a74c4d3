"""Queues defined by supervisors: add, edit, archive, every change audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.domain.errors import ConfigError, NotEligible, NotFound
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.queues import QueueAdmin, QueueRequest, WellbeingText
from moderator.services.review import ReviewService
from moderator.services.review_view import policy_for
from moderator.services.setup import SetupRequest, set_up
from moderator.services.training import TrainingAdmin
from moderator.services.wellbeing import queue_profiles
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models import AuditEvent
from moderator.store.queue import DecisionInput
from moderator.store.queue_admin import QueueError
from moderator.store.training import CourseInput
from tests.helpers.clock import FakeClock


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC", policies=("platform-generic",)))
    People(ws, "sue").add("alice", Role.REVIEWER)
    TrainingAdmin(ws, "sue").save_course(CourseInput("BASICS", "Basics", 365))
    yield ws
    ws.close()


def queue_events(ws: Workspace) -> list[dict[str, object]]:
    with ws.transaction() as s:
        rows = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "queue"))
        return [json.loads(p) for p in rows]


def ingest(ws: Workspace, tmp_path: Path, queue: str) -> list[str]:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"external_ref": "X-1", "queue": queue}) + "\n")
    summary = Ingest(ws, ws.actor("sue")).run([manifest])
    return [p.describe() for p in summary.problems]


def test_a_queue_is_added_with_everything_it_needs(org: Workspace) -> None:
    queues = QueueAdmin(org, "sue")
    queues.add(QueueRequest("escalations", "platform-generic", min_role=Role.SUPERVISOR))
    row = queues.add(
        QueueRequest(
            "inbox", "platform-generic", "Everything else", sla_hours=12,
            escalate_to="escalations", requires=("BASICS",), categories=("spam",),
        )
    )  # fmt: skip
    assert (row.title, row.sla_hours, row.escalate_to, row.requires) == (
        "Everything else", 12, "escalations", ("BASICS",),
    )  # fmt: skip
    assert row.wellbeing == "standard"  # the organisation's default profile
    assert {r.queue: r.name for r in queue_profiles(org)} == {
        "escalations": "standard",
        "inbox": "standard",
    }
    added = queue_events(org)[-1]
    assert added["op"] == "add"
    assert added["requires"] == ["BASICS"]
    assert added["version"] == "2026.12"
    # alice holds no BASICS record: the claim itself keeps her out of the queue.
    assert ingest(org, org.media_root.parent, "inbox") == []
    assert ReviewService(org, sign_in(org, "alice")).claim() is None


def test_queue_requests_are_checked(org: Workspace) -> None:
    queues = QueueAdmin(org, "sue")
    with pytest.raises(QueueError, match="no training course NOPE"):
        queues.add(QueueRequest("inbox", "platform-generic", requires=("NOPE",)))
    with pytest.raises(QueueError, match="cannot escalate to itself"):
        queues.add(QueueRequest("inbox", "platform-generic", escalate_to="inbox"))
    with pytest.raises(NotFound, match="no queue named 'elsewhere'"):
        queues.add(QueueRequest("inbox", "platform-generic", escalate_to="elsewhere"))
    with pytest.raises(ConfigError, match="--sla-hours"):
        queues.add(QueueRequest("inbox", "platform-generic", sla_hours=0))
    with pytest.raises(ConfigError, match="queue 'in box'"):
        queues.add(QueueRequest("in box", "platform-generic"))
    with pytest.raises(NotEligible):
        QueueAdmin(org, "alice").add(QueueRequest("inbox", "platform-generic"))
    assert queues.listing() == []
    queues.add(QueueRequest("inbox", "platform-generic"))
    with pytest.raises(QueueError, match="already a queue named 'inbox'"):
        queues.add(QueueRequest("inbox", "platform-generic"))


def test_edits_record_what_changed(org: Workspace) -> None:
    queues = QueueAdmin(org, "sue")
    queues.add(QueueRequest("inbox", "platform-generic"))
    hard = WellbeingText('name = "ours"\n[reveal]\nreblur_seconds = 1\n', "ours.toml")
    row = queues.edit(
        "inbox", {"sla_hours": 6, "requires": ("BASICS",), "title": "inbox"}, wellbeing=hard
    )
    assert (row.sla_hours, row.requires, row.wellbeing) == (6, ("BASICS",), "ours")
    assert queue_events(org)[-1] == {
        "op": "edit",
        "queue": "inbox",
        "changes": {"sla_hours": [24, 6], "requires": [[], ["BASICS"]]},
    }
    queues.edit("inbox", {"requires": ()})
    assert queues.listing()[0].requires == ()
    with pytest.raises(QueueError, match="no setting 'colour'"):
        queues.edit("inbox", {"colour": "red"})


def test_archive_closes_a_queue_but_never_while_it_has_open_reports(
    org: Workspace, tmp_path: Path
) -> None:
    queues = QueueAdmin(org, "sue")
    queues.add(QueueRequest("old", "platform-generic"))
    queues.add(QueueRequest("inbox", "platform-generic", escalate_to="old"))
    with pytest.raises(QueueError, match="takes the escalations of inbox"):
        queues.archive("old")
    queues.edit("inbox", {"escalate_to": ""})
    assert ingest(org, tmp_path, "old") == []
    with pytest.raises(QueueError, match="still has 1 open report"):
        queues.archive("old")
    review = ReviewService(org, sign_in(org, "alice"))
    lease = review.claim()
    assert lease is not None
    policy = policy_for(org, "platform-generic")
    answers = {"violation": "none", "minor": "no"}
    review.decide(
        lease, DecisionInput(policy.id, policy.version, policy.sha256, "no_violation", answers)
    )
    archived = queues.archive("old")
    assert archived.archived
    assert archived.reports == 1  # kept, with its report
    assert queue_events(org)[-1] == {"op": "archive", "queue": "old"}
    problems = ingest(org, tmp_path, "old")
    assert len(problems) == 1
    assert "no queue named 'old'" in problems[0]
    with pytest.raises(QueueError, match="is archived"):
        queues.edit("old", {"sla_hours": 2})
