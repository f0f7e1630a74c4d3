"""A group decision waits out the undo grace period like any submit (issue 18): the members
are held meanwhile, undo gives them back, a crash loses nothing (the next start finalizes the
group), and a member whose hold ran out and was claimed by someone else stays theirs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from moderator.domain.reports import Role
from moderator.domain.rows import DecisionInput
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.grouping import Grouping
from moderator.services.paths import Paths
from moderator.services.pending import PendingDecisions
from moderator.services.people import People
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models import Decision, MediaItem, Queue, Report
from tests.helpers import seed
from tests.helpers.clock import FakeClock

DECISION = DecisionInput("platform-generic", "", "", "remove", {}, "", 30.0, 4.0)


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC"))
    QueueAdmin(ws, "sue").add(QueueRequest("inbox", "platform-generic"))
    yield ws
    ws.close()


def copies(ws: Workspace, n: int) -> list[int]:
    """n reports of one file in the inbox, the first claimed first."""
    with ws.transaction() as s:
        queue = s.scalar(select(Queue.id).where(Queue.name == "inbox"))
        ids = seed.reports(s, queue, ws.now(), n)
        s.execute(update(Report).where(Report.id == ids[0]).values(priority=5))
        s.execute(
            insert(MediaItem),
            [{"report_id": i, "position": 0, "uri": "a.png", "kind": "image",
              "sha256": "ab" * 32} for i in ids],
        )  # fmt: skip
    return ids


def states(ws: Workspace) -> dict[int, str]:
    with ws.transaction() as s:
        return dict(s.execute(select(Report.id, Report.state)).all())


def decided(ws: Workspace) -> set[int]:
    with ws.transaction() as s:
        return set(s.scalars(select(Decision.report_id)))


def test_held_undone_and_finalized_after_a_crash(org: Workspace) -> None:
    ids = copies(org, 4)
    sue = sign_in(org, "sue")
    lease = ReviewService(org, sue).claim()
    assert lease is not None
    assert lease.report_id == ids[0]
    desk = PendingDecisions(org, sue, grace=timedelta(seconds=10))
    uids = [m.report_uid for m in Grouping(org, sue).members(lease)]
    assert len(uids) == 3
    item = desk.submit_group(lease, DECISION, uids[:2])  # the third taken out
    assert len(item.members) == 2
    held = states(org)
    assert [held[i] for i in ids] == ["claimed", "claimed", "claimed", "queued"]
    assert decided(org) == set()
    # Nobody else's claim takes a held member: only the one taken out is left to claim.
    People(org, "sue").add("bob", Role.REVIEWER)
    bob = sign_in(org, "bob")
    other = ReviewService(org, bob).claim()
    assert other is not None
    assert other.report_id == ids[3]
    ReviewService(org, bob).release(other)
    # Undo: the members go back to the queue, the report stays claimed.
    desk.undo(item)
    back = states(org)
    assert [back[i] for i in ids] == ["claimed", "queued", "queued", "queued"]
    # Submitted again, then the desk "crashes": the next start finalizes the whole group.
    again = desk.submit_group(lease, DECISION, uids)
    assert len(again.members) == 3
    restarted = PendingDecisions(org, sue, grace=timedelta(seconds=10))
    assert len(restarted.finalize_all()) == 1  # one pending decision: the group
    assert decided(org) == set(ids)
