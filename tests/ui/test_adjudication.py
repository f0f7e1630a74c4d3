"""The adjudication window: a disagreement, both sides shown, the final outcome recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from moderator.domain.errors import ModeratorError, NotEligible
from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.media import MediaPool
from moderator.services.config import Config, Profile
from moderator.services.desktop import LocalMedia
from moderator.services.exposure import ExposureLog
from moderator.services.quality import QualityService
from moderator.services.review import ReviewService
from moderator.services.wellbeing import WellbeingService
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models import AuditEvent, MediaItem, Queue
from moderator.store.models_quality import Adjudication
from moderator.store.queue import DecisionInput
from moderator.ui.common.tasks import Tasks
from moderator.ui.supervisor.adjudication import AdjudicationWindow
from moderator.ui.supervisor.case_media import CaseMediaPanel
from moderator.ui.supervisor.gold_items import GoldWindow
from tests.helpers import seed
from tests.helpers.clock import FakeClock
from tests.ui.conftest import checkerboard


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


def _case(ws: Workspace, first: str, second: str, ref: str, media: str | None = None) -> None:
    """A disagreement on a new report: `first` removes it, `second` sees no violation."""
    with ws.transaction() as s:
        qid = s.scalar(select(Queue.id).where(Queue.name == "general"))
        assert qid is not None
        [rid] = seed.reports(s, qid, ws.now(), 1, prefix=ref, priority=5)
        if media:
            s.execute(insert(MediaItem).values(report_id=rid, position=0, uri=media, kind="image"))
    for who, outcome, violation in ((first, "remove", "hate"), (second, "no_violation", "none")):
        service = ReviewService(ws, sign_in(ws, who))
        lease = service.claim()
        assert lease is not None
        service.decide(lease, _decision(outcome, violation))


def test_nothing_is_preselected_and_a_reason_is_required(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks
) -> None:
    win = AdjudicationWindow(QualityService(workspace, "sup"), tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    win.select(0)
    qtbot.waitUntil(lambda: win.current is not None)
    assert win.final.currentIndex() == -1  # neither reviewer's outcome is the default
    assert not win.record.isEnabled()
    win.final.setCurrentIndex(win.final.findData("remove"))
    assert not win.record.isEnabled()  # no reason yet
    assert "say why" in win.status.text()
    win.note.setPlainText("   ")
    assert not win.record.isEnabled()
    win.note.setPlainText("Hate symbol visible in the second frame")
    assert win.record.isEnabled()
    with pytest.raises(ModeratorError, match="reason"):
        QualityService(workspace, "sup").adjudicate(win.current.report_uid, "remove", "")


def test_a_supervisor_cannot_adjudicate_a_report_they_decided(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks
) -> None:
    with workspace.transaction() as s:
        seed.reviewer(s, "sup2", workspace.now(), Role.SUPERVISOR)
    _case(workspace, "sup", "bob", "OWN")
    service = QualityService(workspace, "sup")
    own = next(c for c in service.disagreements() if c.external_ref.startswith("OWN"))
    with pytest.raises(NotEligible, match="decided this report yourself"):
        service.adjudicate(own.report_uid, "remove", "I know this one")
    win = AdjudicationWindow(service, tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 2)
    row = next(i for i, c in enumerate(win.model.rows) if c.report_uid == own.report_uid)
    win.select(row)
    qtbot.waitUntil(lambda: win.current is not None)
    assert "You decided this report (first review)" in win.status.text()
    assert not win.final.isEnabled()
    assert not win.record.isEnabled()
    QualityService(workspace, "sup2").adjudicate(own.report_uid, "remove", "Checked: hate")


def test_the_media_is_there_blurred_and_a_reveal_is_exposure(
    qtbot: QtBot, workspace: Workspace, tasks: Tasks, media_pool: MediaPool
) -> None:
    checkerboard(400, 300).save(workspace.media_root / "case.png")
    _case(workspace, "alice", "bob", "MEDIA", media="case.png")
    sup = sign_in(workspace, "sup")
    service = QualityService(workspace, "sup")
    panel = CaseMediaPanel(
        service,
        WellbeingService(workspace, sup),
        ExposureLog(workspace, sup),
        LocalMedia(media_pool),
        tasks,
    )
    win = AdjudicationWindow(service, tasks, panel)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 2)
    row = next(i for i, c in enumerate(win.model.rows) if c.external_ref.startswith("MEDIA"))
    win.select(row)
    qtbot.waitUntil(lambda: panel.reveal_button.isEnabled(), timeout=10_000)
    assert not panel.preview.showing_sharp  # blurred until asked
    assert panel.caption.text() == "Blur 4 of 6 · grayscale"
    panel.reveal_button.pressed.emit()
    qtbot.waitUntil(lambda: panel.preview.showing_sharp)
    qtbot.wait(50)
    panel.reveal_button.released.emit()
    assert not panel.preview.showing_sharp
    qtbot.waitUntil(lambda: bool(_audit(workspace, "sup", "reveal")))
    (reveal,) = _audit(workspace, "sup", "reveal")
    assert reveal["kind"] == "hold"
    assert float(reveal["seconds"]) >= 0.04
    win.select(1 - row)  # another case: this one's exposure is stored
    qtbot.waitUntil(lambda: bool(_audit(workspace, "sup", "exposure")))
    (exposure,) = _audit(workspace, "sup", "exposure")
    assert float(exposure["seconds_revealed"]) >= 0.04
    assert exposure["severity"] == "severe"


def _audit(ws: Workspace, actor: str, kind: str) -> list[dict[str, object]]:
    with ws.transaction() as s:
        rows = s.scalars(
            select(AuditEvent.payload)
            .where(AuditEvent.actor == actor, AuditEvent.kind == kind)
            .order_by(AuditEvent.seq)
        )
        return [json.loads(p) for p in rows]
