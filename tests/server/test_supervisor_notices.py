"""Notices to reporters over the server: a supervisor lists those owed and records one sent,
once per report; a repeat answers as the first time; bad text is refused, nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from moderator.remote.lifecycle import RemoteLifecycle
from moderator.services.lifecycle import Lifecycle
from moderator.store.models_lifecycle import ReporterNotice
from tests.server.conftest import Team, rid
from tests.server.helpers import refused
from tests.server.test_supervisor_api import api_for

pytestmark = pytest.mark.postgres
NOTICES = "/v1/supervisor/notices"


def owed(team: Team) -> None:
    """Two reports in 'general', whose reporters are owed a notice within 7 days."""
    team.add_reports("general", 2, media=False)
    sue = team.enroll("sue")
    body = {"request_id": rid(), "changes": {"notice_days": 7}}
    got = sue.post("/v1/supervisor/admin/queues/general", body)
    assert got.status_code == 200, got.text


def sent(team: Team) -> int:
    with team.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(ReporterNotice)) or 0)


def test_notices_are_listed_and_recorded_once(team: Team) -> None:
    owed(team)
    sue = team.enroll("sue")
    remote = RemoteLifecycle(api_for(sue))
    local = Lifecycle(team.server.workspace(), "sue")
    notices = remote.notices()
    assert notices == local.notices()
    assert [n.queue for n in notices] == ["general", "general"]
    first = notices[0]
    body = {"request_id": rid(), "text": "We removed the video you reported."}
    got = sue.post(f"{NOTICES}/{first.report_uid}", body)
    assert got.status_code == 200, got.text
    assert got.json()["notice"]["sent_at"] is not None
    assert sue.post(f"{NOTICES}/{first.report_uid}", body).json() == got.json()
    assert sent(team) == 1
    again = sue.post(f"{NOTICES}/{first.report_uid}", {**body, "request_id": rid()})
    refused(again, 409, "change-refused")
    assert sent(team) == 1
    assert [n.report_uid for n in remote.notices()] == [notices[1].report_uid]
    assert len(remote.notices(sent=True)) == 2
    assert remote.send_notice(notices[1].report_uid, "Done.").text == "Done."
    assert remote.now() is not None


@pytest.mark.parametrize(("text", "status"), [("   ", 409), ("x" * 5001, 422), ("a\x00b", 422)])
def test_bad_notice_text_is_refused_and_stores_nothing(team: Team, text: str, status: int) -> None:
    owed(team)
    sue = team.enroll("sue")
    (report, *_) = sue.get(NOTICES).json()
    got = sue.post(f"{NOTICES}/{report['report_uid']}", {"request_id": rid(), "text": text})
    assert got.status_code == status, got.text
    assert sent(team) == 0
    refused(sue.post(f"{NOTICES}/no-such-report", {"request_id": rid(), "text": "hi"}), 404,
            "not-found")  # fmt: skip
