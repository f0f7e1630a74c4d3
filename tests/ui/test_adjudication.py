"""The adjudication window: a disagreement, both sides shown, the final outcome recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.services.config import Config, Profile
from moderator.services.quality import QualityService
from moderator.services.review import ReviewService
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import AuditEvent
from moderator.store.models_quality import Adjudication
from moderator.store.queue import DecisionInput
from moderator.ui.common.tasks import Tasks
from moderator.ui.supervisor.adjudication import AdjudicationWindow
from moderator.ui.supervisor.gold_items import GoldWindow
from tests.helpers import seed
from tests.helpers.clock import FakeClock


def _decision(outcome: str, violation: str) -> DecisionInput:
    answers = {"violation": violation, "minor": "no"}
    return DecisionInput("platform-generic", "1", "a" * 64, outcome, answers, notes="")


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(
        Profile("t", db_url, str(tmp_path)), Config(workstation_id=new_uid()), clock=FakeClock()
    )
    now = ws.now()
    with ws.transaction() as s:
        qid = seed.queue(s, "general", now)
        alice, bob = seed.reviewer(s, "alice", now), seed.reviewer(s, "bob", now)
        seed.reviewer(s, "sup", now, Role.SUPERVISOR)
        seed.reports(s, qid, now, 1, prefix="CASE")
    QualityService(ws, "sup").set_settings("general", second_review=1.0)
    lease = ReviewService(ws, alice).claim()
    assert lease is not None
    ReviewService(ws, alice).decide(lease, _decision("remove", "hate"))
    second = ReviewService(ws, bob).claim()
    assert second is not None
    ReviewService(ws, bob).decide(second, _decision("no_violation", "none"))
    yield ws
    ws.close()


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    t = Tasks()
    yield t
    t.close()


def test_pick_the_final_outcome_and_record_it(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks
) -> None:
    win = AdjudicationWindow(QualityService(workspace, "sup"), tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    m = win.model
    assert [m.data(m.index(0, c)) for c in range(m.columnCount())][:4] == [
        "CASE-000000",
        "general",
        "alice: remove",
        "bob: no_violation",
    ]
    assert not win.record.isVisible()  # nothing selected, nothing to record
    win.select(0)
    qtbot.waitUntil(lambda: win.current is not None)
    assert win.first.outcome.text() == "Remove the content"
    assert win.second.outcome.text() == "No violation"
    assert "Hate" in win.first.answers.text()
    assert "Nothing against the terms" in win.second.answers.text()
    assert win.first.who.text().startswith("alice")
    win.final.setCurrentIndex(win.final.findData("restrict"))
    win.note.setPlainText("Borderline: restrict")
    win.record.click()
    qtbot.waitUntil(lambda: win.model.rowCount() == 0 and tasks.idle)
    assert win.status.text() == "Nothing to adjudicate."
    with workspace.transaction() as s:
        row = s.scalars(select(Adjudication)).one()
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "adjudicate")).one()
    assert (row.outcome, row.note) == ("restrict", "Borderline: restrict")
    assert event.actor == "sup"
    assert json.loads(event.payload)["outcome"] == "restrict"
    win.show_done.setChecked(True)
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    assert win.model.data(win.model.index(0, 5)) == "restrict"
    win.select(0)
    qtbot.waitUntil(lambda: win.current is not None)
    assert not win.record.isEnabled()  # an adjudication is final


def test_gold_window_marks_a_decided_report(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks
) -> None:
    win = GoldWindow(QualityService(workspace, "sup"), tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.decided_model.rowCount() == 1 and win.queue.count() == 1)
    assert win.second.value() == 100.0
    win.decided_view.selectRow(0)
    assert win.mark.isEnabled()
    assert win.expected.currentData() == "no_violation"  # the last decision's outcome
    win.expected.setCurrentIndex(win.expected.findData("remove"))
    win.mark.click()
    qtbot.waitUntil(lambda: win.gold_model.rowCount() == 1 or "not" in win.status.text())
    assert win.status.text().endswith("is now a gold item."), win.status.text()
    assert win.gold_model.data(win.gold_model.index(0, 2)) == "remove"
    assert win.decided_model.data(win.decided_model.index(0, 5)) == "gold"
    win.gold_rate.setValue(5.0)
    win.save_settings.click()
    qtbot.waitUntil(lambda: "saved" in win.status.text())
    assert QualityService(workspace, "sup").settings()[0].gold_rate == 0.05
