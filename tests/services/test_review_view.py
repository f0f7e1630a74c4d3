"""Loading a claimed report for the window, and the exposure audit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from moderator.domain.errors import NotFound
from moderator.domain.ids import new_uid
from moderator.domain.reports import MediaKind
from moderator.services.config import Config, Profile
from moderator.services.exposure import ExposureLog, RevealKind
from moderator.services.review import ReviewService
from moderator.services.review_view import load_details, policy_for, waiting
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import AuditEvent, MediaItem
from moderator.store.queue import ReviewerRef
from tests.helpers import seed
from tests.helpers.clock import FakeClock

SHA = "ab" * 32


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    profile = Profile("t", db_url, str(tmp_path / "media"))
    ws = open_workspace(profile, Config(workstation_id=new_uid()), clock=FakeClock())
    yield ws
    ws.close()


@pytest.fixture
def alice(workspace: Workspace) -> ReviewerRef:
    now = workspace.now()
    with workspace.transaction() as s:
        qid = seed.queue(s, "q", now)
        first, second, third = seed.reports(s, qid, now, 3, url="https://example.invalid/x")
        rows = [
            (first, 0, "images/a.jpg", SHA),
            (first, 1, "../outside.jpg", None),
            (first, 2, "https://example.invalid/a.jpg", None),
            (third, 0, "images/copy.jpg", SHA),
        ]
        s.execute(
            insert(MediaItem),
            [
                {"report_id": r, "position": p, "uri": u, "kind": "image", "sha256": h}
                for r, p, u, h in rows
            ],
        )
        assert second
        return seed.reviewer(s, "alice", now)


def test_details_resolve_media_and_find_matches(workspace: Workspace, alice: ReviewerRef) -> None:
    lease = ReviewService(workspace, alice).claim()
    assert lease is not None
    details = load_details(workspace, lease)
    assert details.uid == lease.report_uid
    assert details.policy_id == "platform-generic"
    assert details.url == "https://example.invalid/x"
    inside, outside, remote = details.media
    assert inside.kind is MediaKind.IMAGE
    assert inside.path == str((workspace.media_root / "images/a.jpg").resolve())
    assert outside.path is None
    assert "outside the media root" in outside.problem
    assert remote.path is None
    assert "remote" in remote.problem
    (match,) = details.matches
    assert (match.how, match.external_ref) == ("sha256", "R-000002")
    assert not hasattr(match, "outcome")  # how other reports were decided is never sent
    assert waiting(workspace, lease.queue_id) == 2


def test_policy_for_a_queue_is_the_stored_version(workspace: Workspace, alice: ReviewerRef) -> None:
    # seed.queue stores the shipped file, as `moderator setup` does.
    policy = policy_for(workspace, "platform-generic")
    assert policy.unreviewable.id == "media_unreviewable"
    with pytest.raises(NotFound, match="moderator policy import"):
        policy_for(workspace, "iwf-csam-grading")  # shipped, but not imported here


def test_reveals_are_audited_with_kind_and_duration(
    workspace: Workspace, alice: ReviewerRef
) -> None:
    log = ExposureLog(workspace, alice)
    log.viewed("r-1", media=0, blur=4, grayscale=True)
    log.revealed("r-1", RevealKind.TIMED, 3.14159, media=0, ended_by="timer")
    log.settings_changed("r-1", blur=5)
    with workspace.transaction() as s:
        events = s.execute(select(AuditEvent.kind, AuditEvent.payload).order_by(AuditEvent.seq))
        got = [(k, json.loads(p)) for k, p in events]
    assert got == [
        ("view", {"media": 0, "blur": 4, "grayscale": True}),
        ("reveal", {"kind": "timed", "seconds": 3.142, "media": 0, "ended_by": "timer"}),
        ("settings", {"preview": {"blur": 5}}),
    ]
