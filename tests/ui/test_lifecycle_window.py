"""The "Actions and notices" window: lists on the DB lane, overdue rows in the alert colour,
marks an action with its evidence, records a notice, refuses bad input without losing it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.review_view import policy_for
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.queue import DecisionInput
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import TOOLS, ToolContext
from moderator.ui.supervisor.lifecycle import ALERT, LifecycleWindow, countdown, open_lifecycle
from tests.helpers.clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 3, 0, tzinfo=UTC))


@pytest.fixture
def workspace(home: Path, tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    paths = Paths.resolve(home)
    profile = Profile("t", f"sqlite:///{tmp_path / 'ws.sqlite'}", str(tmp_path))
    ws = open_workspace(profile, config_mod.load(paths), clock=clock, create=True)
    set_up(ws, SetupRequest("Example", "sue", "Asia/Seoul", policies=("kr-illegal-filming",)))
    People(ws, "sue").add("alice", Role.REVIEWER)
    QueueAdmin(ws, "sue").add(QueueRequest("kr", "kr-illegal-filming"))
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(
        json.dumps({"external_ref": f"K-{i}", "queue": "kr", "url": "https://h.example/x",
                    "received_at": "2026-03-01T02:00:00Z"}) + "\n" for i in (1, 2)
    ))  # fmt: skip
    assert Ingest(ws, ws.actor("sue")).run([manifest]).ok
    review = ReviewService(ws, sign_in(ws, "alice"))
    policy = policy_for(ws, "kr-illegal-filming")
    lease = review.claim()
    assert lease is not None
    review.decide(lease, DecisionInput(policy.id, policy.version, policy.sha256,
                                       "illegal_filming", {}))  # fmt: skip
    yield ws
    ws.close()


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    lanes = Tasks()
    yield lanes
    lanes.close()


def test_countdown_reads_left_and_overdue() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert countdown(now + timedelta(days=2, hours=3), now) == "2 d 3 h left"
    assert countdown(now - timedelta(minutes=90), now) == "overdue by 1 h 30 min"


def test_the_tool_is_registered_for_supervisors() -> None:
    tool = next(t for t in TOOLS if t.key == "lifecycle")
    assert tool.min_role is Role.SUPERVISOR


def test_lists_marks_and_records(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks, clock: FakeClock
) -> None:
    clock.advance(hours=25)  # the actions' deadline (24 h after the decision) has passed
    window = open_lifecycle(ToolContext(workspace, sign_in(workspace, "sue"), tasks))
    assert isinstance(window, LifecycleWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.actions_model.rowCount() == 3)
    model = window.actions_model
    first = model.index(0, 0)
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) == ALERT
    assert model.data(model.index(0, 8)) == "OVERDUE"
    assert "3 open action(s), 3 overdue" in window.summary.text()
    assert window.notices_model.rowCount() == 2
    assert window.notices_model.data(window.notices_model.index(0, 4)).endswith("left")
    window.actions_view.selectRow(0)
    window.sent.click()  # no evidence: refused, the action untouched
    qtbot.waitUntil(lambda: window.status.text().startswith("Could not do that"))
    assert "say what shows" in window.status.text()
    window.evidence.setText("ticket 7")
    window.sent.click()
    qtbot.waitUntil(lambda: window.status.text().endswith("is sent."))
    qtbot.waitUntil(lambda: "2 overdue" in window.summary.text())
    sent = next(r for r in model.rows if r.state == "sent")
    assert (sent.evidence, sent.overdue) == ("ticket 7", False)
    window.tabs.setCurrentIndex(1)
    window.notices_view.selectRow(0)
    window.notice_text.setText("We removed the video you reported.")
    window.record_notice.click()
    qtbot.waitUntil(lambda: window.status.text().endswith("recorded."))
    qtbot.waitUntil(lambda: window.notices_model.rowCount() == 1)
    window.close()


def test_a_reviewer_gets_an_error_not_the_actions(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks
) -> None:
    window = open_lifecycle(ToolContext(workspace, sign_in(workspace, "alice"), tasks))
    assert isinstance(window, LifecycleWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "only a supervisor" in window.status.text())
    assert window.actions_model.rowCount() == 0
    window.close()
