"""Nothing lost, nothing doubled: a submitted decision waits in the desk's outbox until the
server has acknowledged it, through a server killed mid-request, a server restart and
PostgreSQL dropping the server's connections."""

from __future__ import annotations

import os
import signal
import uuid

import pytest
from sqlalchemy import func, select, text

from moderator.domain.rows import DecisionInput
from moderator.media import MediaPool
from moderator.remote.client import Timeouts
from moderator.remote.station import Station, station_path
from moderator.services import config as config_mod
from moderator.services.interfaces import Desktop, Lease
from moderator.store.models import AuditEvent, Decision, PendingDecision
from tests.remote.conftest import Served
from tests.server.conftest import DECISION

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
IMPATIENT = Timeouts(connect=2.0, read=3.0, attempts=3, backoff=0.2)


def claimed(served: Served, decoder: MediaPool) -> tuple[Desktop, Lease]:
    served.team.add_reports("general", 1)
    desk = served.open(served.enroll("alice"), decoder, IMPATIENT)
    lease = desk.review.claim()
    assert lease is not None
    return desk, lease


def recorded(served: Served, report_uid: str) -> dict[str, int]:
    """How often the record holds this report's decision, pending decision and submit."""
    with served.team.sessions() as s:
        submits = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.kind == "submit", AuditEvent.report_uid == report_uid)
        )
        return {
            "decisions": int(s.scalar(select(func.count()).select_from(Decision)) or 0),
            "pending": int(s.scalar(select(func.count()).select_from(PendingDecision)) or 0),
            "submits": int(submits or 0),
        }


def outbox(served: Served) -> Station:
    """The station of the one desk enrolled here, opened beside the desk's own handle."""
    (profile,) = [p for p in config_mod.load(served.paths).profiles.values() if p.is_team]
    return Station(station_path(served.paths.data_dir, profile.workstation), profile.workstation)


def test_a_server_killed_after_doing_a_submit_but_before_answering(
    served: Served, decoder: MediaPool
) -> None:
    desk, lease = claimed(served, decoder)
    try:
        served.proxy.mode = "lose_answers"  # the server does the work; its answer is lost
        pending = desk.desk.submit(lease, DecisionInput(**DECISION))  # type: ignore[arg-type]
        assert served.proxy.lost.is_set()
        assert not desk.desk.sent(pending)  # saved on this desk, not acknowledged
        assert outbox(served).count_waiting() == 1
        assert recorded(served, lease.report_uid) == {"decisions": 0, "pending": 1, "submits": 1}
        served.server.stop(signal.SIGKILL)
        served.proxy.mode = "pass"
        down = desk.make_sync().push()
        assert not down.online
        assert down.outbox == 1
        served.server.start()
        up = desk.make_sync().push()  # the same decision id again: the first answer again
        assert up.online, up
        assert up.outbox == 0
        assert desk.desk.sent(pending)
        assert desk.desk.finalize(pending) is not None
    finally:
        desk.close()
    assert recorded(served, lease.report_uid) == {"decisions": 1, "pending": 0, "submits": 1}


def test_a_server_stopped_mid_request_and_killed(served: Served, decoder: MediaPool) -> None:
    desk, lease = claimed(served, decoder)
    process = served.server.process
    assert process is not None
    try:
        os.kill(process.pid, signal.SIGSTOP)  # the request goes out and nothing answers
        pending = desk.desk.submit(lease, DecisionInput(**DECISION))  # type: ignore[arg-type]
        assert not desk.desk.sent(pending)
        served.server.stop(signal.SIGKILL)
        served.server.start()
        assert recorded(served, lease.report_uid)["decisions"] == 0
        # The window, restarted, sends what the last run left and finalizes it.
        assert len(desk.desk.finalize_all()) == 1
        assert desk.desk.sent(pending)
    finally:
        desk.close()
    assert recorded(served, lease.report_uid) == {"decisions": 1, "pending": 0, "submits": 1}


def test_a_restarted_server_and_dropped_database_connections_lose_and_double_nothing(
    served: Served, decoder: MediaPool, pg_migrated: str
) -> None:
    desk, lease = claimed(served, decoder)
    try:
        pending = desk.desk.submit(lease, DecisionInput(**DECISION))  # type: ignore[arg-type]
        assert desk.desk.sent(pending)
        served.server.stop()  # a clean restart between submit and finalize
        served.server.start()
        # PostgreSQL drops every connection the server holds (as in a database restart).
        with served.team.engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND usename LIKE 't_srv_%'"
                )
            )
            conn.commit()
        assert desk.desk.finalize(pending) is not None
        # The same finalize again (a lost answer's resend) changes nothing.
        again = desk.review.api.call(  # type: ignore[attr-defined]
            "POST", f"/v1/decisions/{pending.uid}/finalize", {"request_id": str(uuid.uuid4())}
        )
        assert again["state"] == "final"
    finally:
        desk.close()
    assert recorded(served, lease.report_uid) == {"decisions": 1, "pending": 0, "submits": 1}


def test_a_refused_decision_is_kept_and_said(served: Served, decoder: MediaPool) -> None:
    """A decision the server can no longer take (the lease was returned meanwhile) is not
    dropped silently: it is kept in the station's refusals and the sync says so."""
    desk, lease = claimed(served, decoder)
    try:
        served.proxy.mode = "down"
        served.proxy.cut()
        desk.desk.submit(lease, DecisionInput(**DECISION))  # type: ignore[arg-type]
        desk.review.release(lease, "handed back")  # queued behind the decision, in order
        with served.team.engine.begin() as conn:  # the lease runs out at the server meanwhile
            conn.execute(text("UPDATE reports SET lease_expires_at = now() - interval '1 hour'"))
        served.proxy.mode = "pass"
        result = desk.make_sync().push()
        assert result.outbox == 0
        assert "refused" in (result.warning or "")
        station = outbox(served)
        assert [kind for kind, _ref, _why in station.refusals()] == ["submit", "release"]
    finally:
        desk.close()
    assert recorded(served, lease.report_uid)["decisions"] == 0
