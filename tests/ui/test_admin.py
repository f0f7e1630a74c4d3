"""The Admin window and the first-run dialog, driven as a supervisor would (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from moderator.domain import shipped
from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.services.admin import Admin
from moderator.services.config import Config, Profile
from moderator.services.paths import Paths
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.ui.app import Launcher, Workstation
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import ToolContext
from moderator.ui.supervisor.admin import AdminWindow, open_admin
from moderator.ui.supervisor.admin_dialogs import PersonDialog, QueueDialog


@pytest.fixture
def org(tmp_path: Path) -> Iterator[Workspace]:
    profile = Profile("t", f"sqlite:///{tmp_path / 'ws.sqlite'}", str(tmp_path))
    ws = open_workspace(profile, Config(workstation_id=new_uid()), create=True)
    set_up(ws, SetupRequest("Example", "sue", "Asia/Seoul", policies=("platform-generic",)))
    yield ws
    ws.close()


@pytest.fixture
def window(qtbot: QtBot, org: Workspace) -> Iterator[AdminWindow]:
    tasks = Tasks()
    win = AdminWindow(Admin(org, "sue"), tasks)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.snapshot is not None, timeout=10_000)
    yield win
    win.close()
    tasks.close()


def saved(qtbot: QtBot, win: AdminWindow, text: str) -> None:
    qtbot.waitUntil(lambda: text in win.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: win.tasks.idle, timeout=10_000)


def test_people_are_added_edited_and_deactivated(
    qtbot: QtBot, window: AdminWindow, org: Workspace
) -> None:
    dialog = window.open_person_dialog(None)
    assert isinstance(dialog, PersonDialog)
    dialog.username.setText("alice smith")
    assert "user name 'alice smith'" in dialog.problem.text()  # Save stays disabled
    dialog.username.setText("alice")
    dialog.display_name.setText("Alice Analyst")
    dialog.accept()
    saved(qtbot, window, "alice added.")
    qtbot.waitUntil(lambda: window.people_model.rowCount() == 2)
    assert window.people_model.data(window.people_model.index(0, 1)) == "Alice Analyst"
    window.people_view.selectRow(0)
    window.confirm = lambda _q: True
    window.deactivate.click()
    saved(qtbot, window, "alice deactivated.")
    qtbot.waitUntil(lambda: window.people_model.rows[0].active is False)
    window.people_view.selectRow(1)  # sue, the only supervisor
    window.deactivate.click()
    saved(qtbot, window, "Not saved: sue is the last active supervisor")


def test_a_queue_is_added_and_archived(qtbot: QtBot, window: AdminWindow) -> None:
    dialog = window.open_queue_dialog(None)
    assert isinstance(dialog, QueueDialog)
    dialog.name.setText("inbox")
    dialog.sla.setValue(6)
    dialog.wellbeing.setCurrentText("hard")
    assert dialog.policy.currentData() == "platform-generic@2026.12"
    dialog.accept()
    saved(qtbot, window, "Queue inbox added.")
    qtbot.waitUntil(lambda: window.queues_model.rowCount() == 1)
    row = window.queues_model.rows[0]
    assert (row.sla_hours, row.wellbeing, row.policy_version) == (6, "hard", "2026.12")
    edit = window.open_queue_dialog(row)
    assert edit is not None
    assert edit.name.isReadOnly()
    edit.sla.setValue(8)
    edit.accept()
    saved(qtbot, window, "Queue inbox saved.")
    qtbot.waitUntil(lambda: window.queues_model.rows[0].sla_hours == 8)
    assert window.queues_model.rows[0].wellbeing == "hard"  # kept as it was
    window.queues_view.selectRow(0)
    window.confirm = lambda _q: True
    window.archive_queue.click()
    saved(qtbot, window, "Queue inbox archived.")
    qtbot.waitUntil(lambda: window.queues_model.rows[0].archived)


def test_policies_are_imported_and_settings_saved(
    qtbot: QtBot, window: AdminWindow, org: Workspace, tmp_path: Path
) -> None:
    text = shipped.folder("policies").joinpath("platform-generic.toml").read_text("utf-8")
    newer = tmp_path / "newer.toml"
    newer.write_text(text.replace('version = "2026.12"', 'version = "2027"'))
    window.import_file(newer)
    saved(qtbot, window, "platform-generic version 2027 imported")
    qtbot.waitUntil(lambda: window.policies_model.rowCount() == 2)
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('type = "yes_no"', 'type = "yesno"'))
    window.import_file(broken)
    line = text[: text.index('type = "yes_no"')].count("\n") + 1  # the file's own line
    saved(qtbot, window, f"Not saved: broken.toml:{line}: questions[1].type")
    exported = tmp_path / "exported.toml"
    window.export_file(window.policies_model.rows[1], exported)
    saved(qtbot, window, "Wrote exported.toml.")
    assert exported.read_bytes() == newer.read_bytes()
    assert window.timezone.currentText() == "Asia/Seoul"
    window.support.setText("help@example.org")
    window.content_days.setValue(90)
    window.save_org_settings()
    saved(qtbot, window, "Settings saved.")
    settings = Admin(org, "sue").organisation.settings()
    assert (settings.support, settings.content_retention_days) == ("help@example.org", 90)


def test_a_reviewer_gets_a_refusal(qtbot: QtBot, org: Workspace) -> None:
    tasks = Tasks()
    try:
        reviewer = replace(sign_in(org, "sue"), role=Role.REVIEWER)
        notice = open_admin(ToolContext(org, reviewer, tasks))
        qtbot.addWidget(notice)
        assert isinstance(notice, QLabel)
        assert "for supervisors" in notice.text()
    finally:
        tasks.close()


def test_the_first_run_dialog_sets_a_new_workspace_up(
    qtbot: QtBot, home: Path, media_pool: MediaPool
) -> None:
    paths = Paths.resolve(home)
    tasks = Tasks()
    launcher = Launcher(tasks, media_pool, None)
    launcher.open(paths, config_mod.load(paths), None)
    qtbot.addWidget(launcher.notice)
    qtbot.waitUntil(lambda: launcher.first_run is not None, timeout=20_000)
    dialog = launcher.first_run
    assert dialog is not None
    assert "Give your organisation's name." in dialog.problem.text()
    dialog.organisation.setText("Example Hotline")
    dialog.username.setText("sue")
    dialog.timezone.setCurrentText("Europe/London")
    assert dialog.problem.text() == ""
    dialog.accept()
    qtbot.waitUntil(lambda: launcher.workstation is not None, timeout=20_000)
    station = launcher.workstation
    assert isinstance(station, Workstation)
    try:
        assert station.reviewer.username == "sue"
        assert station.reviewer.role is Role.SUPERVISOR
        assert str(station.tz) == "Europe/London"
        assert "Admin: queues, people, policies" in [a.text() for a in station.tool_actions]
        assert config_mod.load(paths).profile(None, paths).reviewer == "sue"
    finally:
        with qtbot.waitSignal(station.session.closed, timeout=20_000):
            station.window.close()
        tasks.close()
        assert launcher.workspace is not None
        launcher.workspace.close()
