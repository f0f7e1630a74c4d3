"""The adjudication window on a team profile, over the real server process (TLS, its
least-privilege login): both reviews shown, the case's media fetched from the server into
memory and shown blurred until held, the adjudication and the exposure recorded there as the
supervisor's; the desk holds a server URL and a token, no database URL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from moderator.media import MediaPool
from moderator.remote.adjudication import RemoteAdjudications
from moderator.services import config as config_mod
from moderator.services.quality import QualityService
from moderator.store.models import AuditEvent
from moderator.store.models_quality import Adjudication
from moderator.ui.app import Launcher, Workstation
from moderator.ui.common.tasks import Tasks
from moderator.ui.supervisor.adjudication import AdjudicationWindow
from tests.remote.conftest import Served
from tests.remote.test_supervisor_windows import shown
from tests.server.test_supervisor_adjudication import decide

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.gui]


@pytest.fixture
def station(qtbot: QtBot, served: Served, decoder: MediaPool) -> Iterator[Workstation]:
    team = served.team
    QualityService(team.server.workspace(), "sue").set_settings("general", second_review=1.0)
    team.add_reports("general", 1, prefix="CASE")
    assert decide(team.enroll("alice"), "remove") == decide(team.enroll("bob"), "no_violation")
    profile = served.enroll("sue")
    assert profile.database == ""  # a server URL and a token, nothing more
    tasks = Tasks()
    launcher = Launcher(tasks, decoder, None)
    try:
        with qtbot.waitSignal(launcher.ready, timeout=60_000) as opened:
            launcher.open(served.paths, config_mod.load(served.paths), "desk-sue")
        found = opened.args[0]
        assert isinstance(found, Workstation)
        assert found.workspace is None
        yield found
        for widget in QApplication.topLevelWidgets():
            widget.close()
    finally:
        tasks.close()
        if launcher.team is not None:
            launcher.team.close()


def recorded(served: Served, kind: str) -> list[tuple[str, str | None, dict[str, object]]]:
    with served.team.sessions() as s:
        rows = s.execute(
            select(AuditEvent.actor, AuditEvent.report_uid, AuditEvent.payload).where(
                AuditEvent.kind == kind
            )
        ).all()
    return [(a, r, json.loads(p)) for a, r, p in rows]


def test_the_adjudication_window_works_over_the_server(
    qtbot: QtBot, served: Served, station: Workstation
) -> None:
    action = next(a for a in station.tool_actions if a.objectName() == "tool-adjudication")
    action.trigger()
    window = shown(AdjudicationWindow)
    assert isinstance(window.service, RemoteAdjudications)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30_000)
    case = window.model.rows[0]
    assert (case.first.reviewer, case.first.outcome) == ("alice", "remove")
    assert (case.second.reviewer, case.second.outcome) == ("bob", "no_violation")
    window.select(0)
    qtbot.waitUntil(lambda: window.current is not None, timeout=30_000)
    assert window.final.currentIndex() == -1  # neither reviewer's outcome preselected
    assert window.final.count() > 2  # the case's policy, from the server
    media = window.media
    assert media is not None
    qtbot.waitUntil(media.reveal_button.isEnabled, timeout=60_000)
    assert not media.preview.showing_sharp  # blurred until held
    assert media.caption.text().startswith("Blur ")
    ((who, report, fetched),) = recorded(served, "media_fetch")
    assert (who, report, fetched["purpose"]) == ("sue", case.report_uid, "adjudication")
    media.reveal_button.pressed.emit()
    qtbot.waitUntil(lambda: media.preview.showing_sharp, timeout=30_000)
    qtbot.wait(60)
    media.reveal_button.released.emit()
    assert not media.preview.showing_sharp

    window.final.setCurrentIndex(window.final.findData("remove"))
    window.note.setPlainText("The media shows a violation.")
    assert window.record.isEnabled()
    window.record.click()
    qtbot.waitUntil(lambda: "Recorded for report" in window.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=30_000)
    ((who, report, done),) = recorded(served, "adjudicate")
    assert (who, report, done["outcome"]) == ("sue", case.report_uid, "remove")
    with served.team.sessions() as s:
        assert s.scalars(select(Adjudication.outcome)).all() == ["remove"]
    window.close()  # the case's exposure goes to the server, as sue's
    qtbot.waitUntil(lambda: bool(recorded(served, "exposure")), timeout=30_000)
    ((who, report, exposure),) = recorded(served, "exposure")
    assert (who, report) == ("sue", case.report_uid)
    assert float(str(exposure["seconds_revealed"])) >= 0.05
