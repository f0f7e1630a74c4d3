"""The Admin and the "Actions and notices" windows on a team profile, over the real server
process (TLS, its least-privilege login): the same windows as on a workspace, their services
the server's; the desk holds a server URL and a token, no database URL."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from moderator.domain import shipped
from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError
from moderator.remote.admin import RemoteAdmin
from moderator.remote.lifecycle import RemoteLifecycle
from moderator.services import signing
from moderator.services.admin import Admin
from moderator.services.admin_tools import EnrollmentCode
from moderator.store.models import AuditEvent, Reviewer
from moderator.ui.app import Workstation
from moderator.ui.common.tasks import Tasks
from moderator.ui.supervisor.admin import AdminWindow
from moderator.ui.supervisor.lifecycle import LifecycleWindow
from tests.remote.conftest import Served
from tests.remote.test_supervisor_windows import shown, station  # noqa: F401
from tests.server.test_actions import decided

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.gui]


def saved(qtbot: QtBot, win: AdminWindow, text: str) -> None:
    qtbot.waitUntil(lambda: text in win.message.text(), timeout=30_000)
    qtbot.waitUntil(lambda: win.tasks.idle, timeout=30_000)


def test_the_admin_window_works_over_the_server(
    qtbot: QtBot,
    served: Served,
    station: Workstation,  # noqa: F811
    tmp_path: Path,
) -> None:
    action = next(a for a in station.tool_actions if a.objectName() == "tool-admin")
    action.trigger()
    window = shown(AdminWindow)
    assert isinstance(window.admin, RemoteAdmin)
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=30_000)
    assert {q.name for q in window.queues_model.rows} == {"supervisors", "general", "gated"}
    window.grab().save(str(tmp_path / "admin.png"))
    window.confirm = lambda _q: True

    # People: added, deactivated; the last supervisor's own deactivation refused.
    dialog = window.open_person_dialog(None)
    dialog.username.setText("dana")
    dialog.display_name.setText("Dana Kim")
    dialog.accept()
    saved(qtbot, window, "dana added.")
    qtbot.waitUntil(lambda: "dana" in [p.username for p in window.people_model.rows])
    names = [p.username for p in window.people_model.rows]
    window.people_view.selectRow(names.index("dana"))
    window.deactivate.click()
    saved(qtbot, window, "dana deactivated.")
    window.people_view.selectRow(names.index("sue"))
    window.deactivate.click()
    saved(qtbot, window, "Not saved: sue is the last active supervisor")

    # Policies: a new version imported from a file on this desk, exported back byte for byte.
    text = shipped.folder("policies").joinpath("platform-generic.toml").read_text("utf-8")
    newer = tmp_path / "newer.toml"
    newer.write_text(text.replace('version = "2026.12"', 'version = "2027"'), encoding="utf-8")
    window.import_file(newer)
    saved(qtbot, window, "platform-generic version 2027 imported")
    qtbot.waitUntil(lambda: window.policies_model.rowCount() == 2)
    exported = tmp_path / "exported.toml"
    row = next(p for p in window.policies_model.rows if p.version == "2027")
    window.export_file(row, exported)
    saved(qtbot, window, "Wrote exported.toml.")
    assert exported.read_bytes() == newer.read_bytes()

    # Queues: added with a wellbeing profile, edited, archived.
    queue = window.open_queue_dialog(None)
    assert queue is not None
    queue.name.setText("inbox")
    queue.sla.setValue(6)
    queue.wellbeing.setCurrentText("hard")
    queue.accept()
    saved(qtbot, window, "Queue inbox added.")
    qtbot.waitUntil(lambda: "inbox" in [q.name for q in window.queues_model.rows])
    inbox = next(q for q in window.queues_model.rows if q.name == "inbox")
    assert (inbox.sla_hours, inbox.wellbeing) == (6, "hard")
    edit = window.open_queue_dialog(inbox)
    assert edit is not None
    edit.sla.setValue(8)
    edit.accept()
    saved(qtbot, window, "Queue inbox saved.")
    qtbot.waitUntil(
        lambda: next(q for q in window.queues_model.rows if q.name == "inbox").sla_hours == 8
    )
    window.queues_view.selectRow([q.name for q in window.queues_model.rows].index("inbox"))
    window.archive_queue.click()
    saved(qtbot, window, "Queue inbox archived.")

    # The organisation's settings (this team's were never set: it needs a name first).
    window.save_org_settings()
    saved(qtbot, window, "Not saved: name: must not be empty")
    window.org_name.setText("Example")
    window.support.setText("help@example.org")
    window.content_days.setValue(90)
    window.save_org_settings()
    saved(qtbot, window, "Settings saved.")
    settings = Admin(served.team.server.workspace(), "sue").organisation.settings()
    assert (settings.support, settings.content_retention_days) == ("help@example.org", 90)

    # Every change was made by the server as sue, with the server's time.
    with served.team.sessions() as s:
        assert s.scalar(select(Reviewer.active).where(Reviewer.username == "dana")) is False
        actors = set(
            s.scalars(
                select(AuditEvent.actor).where(
                    AuditEvent.kind.in_([EventKind.PERSON, EventKind.SETTINGS])
                )
            )
        )
    assert actors == {"sue"}
    window.close()


def test_the_actions_and_notices_window_works_over_the_server(
    qtbot: QtBot,
    served: Served,
    station: Workstation,  # noqa: F811
    tmp_path: Path,
) -> None:
    # A decision "remove" in general calls for an action; the queue's reporters are owed a
    # notice within 7 days.
    decided(served.team)
    Admin(served.team.server.workspace(), "sue").queues.edit("general", {"notice_days": 7})
    action = next(a for a in station.tool_actions if a.objectName() == "tool-lifecycle")
    action.trigger()
    window = shown(LifecycleWindow)
    assert isinstance(window.service, RemoteLifecycle)
    qtbot.waitUntil(lambda: window.actions_model.rowCount() == 1, timeout=30_000)
    qtbot.waitUntil(lambda: window.notices_model.rowCount() == 3, timeout=30_000)
    window.grab().save(str(tmp_path / "lifecycle.png"))
    window.actions_view.setCurrentIndex(window.actions_model.index(0, 0))
    window.evidence.setText("host ticket 9")
    window.sent.click()
    qtbot.waitUntil(lambda: "is sent" in window.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: window.actions_model.rows[0].state == "sent", timeout=30_000)
    assert window.actions_model.rows[0].updated_by == "sue"
    window.notices_view.setCurrentIndex(window.notices_model.index(0, 0))
    window.notice_text.setText("We removed what you reported.")
    window.record_notice.click()
    qtbot.waitUntil(lambda: "recorded" in window.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: window.notices_model.rowCount() == 2, timeout=30_000)
    window.close()


def test_the_people_tab_issues_enrollment_codes_and_revokes_workstations_over_the_server(
    qtbot: QtBot,
    served: Served,
    station: Workstation,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    team = served.team
    carol = team.enroll("carol")  # a desk of carol's, enrolled earlier
    action = next(a for a in station.tool_actions if a.objectName() == "tool-admin")
    action.trigger()
    window = shown(AdminWindow)
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=30_000)
    assert not window.issue_code.isHidden()  # on the People tab
    assert not window.revoke_tokens.isHidden()
    shown_codes: list[tuple[str, EnrollmentCode]] = []
    window.show_code = lambda name, issued: shown_codes.append((name, issued))
    names = [p.username for p in window.people_model.rows]
    window.people_view.selectRow(names.index("carol"))
    window.issue_code.click()
    saved(qtbot, window, "An enrollment code for carol was issued.")
    ((name, issued),) = shown_codes
    assert name == "carol"
    assert issued.code
    assert issued.expires_at is not None
    assert issued.code not in window.message.text()
    # The code enrolls a workstation once.
    key = signing.public_hex(Ed25519PrivateKey.generate())
    body = {"code": issued.code, "public_key": key, "label": "carol's new desk"}
    assert team.client().post("/v1/enroll", json=body).status_code == 201
    assert team.client().post("/v1/enroll", json=body).status_code in {401, 403, 404, 409}

    window.confirm = lambda _q: True
    window.revoke_tokens.click()
    saved(qtbot, window, "carol: 2 workstations revoked.")
    assert carol.get("/v1/me").status_code == 401  # her token no longer works
    with team.sessions() as s:
        payloads = s.scalars(
            select(AuditEvent.payload).where(
                AuditEvent.kind == EventKind.PERSON, AuditEvent.actor == "sue"
            )
        ).all()
    assert {json.loads(p)["op"] for p in payloads} >= {"code", "revoke"}
    # A secret: in the dialog only, never in a log of the desk, the server or the record.
    assert all(issued.code not in p for p in payloads)
    assert issued.code not in caplog.text
    assert served.server.log is not None
    assert issued.code not in served.server.log.read_text(errors="replace")
    window.close()


def test_the_access_buttons_are_hidden_on_a_workspace(qtbot: QtBot, tmp_path: Path) -> None:
    class Local(Admin):
        def __init__(self) -> None:  # no workspace: the window only asks for a snapshot
            pass

        def snapshot(self) -> Any:
            raise ModeratorError("no snapshot here")

    tasks = Tasks()
    try:
        window = AdminWindow(Local(), tasks)
        qtbot.addWidget(window)
        window.show()
        assert window.issue_code.isHidden()
        assert window.revoke_tokens.isHidden()
        qtbot.waitUntil(lambda: "Not saved" in window.message.text())
    finally:
        tasks.close()
