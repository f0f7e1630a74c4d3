"""The supervisor routes answer what the single-seat services answer on the same database:
the remote console and figures (moderator.remote.supervision) are compared with the local
ones, call by call, through the server in process."""

from __future__ import annotations

import csv
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from moderator.domain.reports import Role
from moderator.remote.client import Api, Token
from moderator.remote.supervision import RemoteConsole, RemoteFigures
from moderator.services.audit_console import CentralReader
from moderator.services.console import Column, EventFilter
from moderator.services.console_export import Format, export
from moderator.services.supervision import LocalFigures
from moderator.store.models import AuditEvent, Reviewer
from moderator.store.models_central import CentralEvent
from tests.helpers.console_events import CentralLog
from tests.server.conftest import Desk, Team
from tests.server.helpers import refused

pytestmark = pytest.mark.postgres
HOSTILE = "=cmd|' /C calc'!A0"


def api_for(desk: Desk) -> Api:
    """The desk's real client class, its requests going to the in-process server."""
    api = Api("http://testserver", token=Token(desk.token, datetime.now(UTC) + timedelta(days=7)))
    api._http.close()
    api._http = desk.client  # a TestClient is an httpx.Client
    return api


@pytest.fixture
def logged(team: Team) -> Team:
    """The team database holding a central log: 3 workstations, decisions, reveals."""
    log = CentralLog(team.now() - timedelta(days=1))
    for i in range(40):
        ws, who = (("ws-1", "alice"), ("ws-2", "bob"), ("ws-3", "carol"))[i % 3]
        report = f"report-{i % 7}"
        log.add(who, "view", minutes=i, report=report, ws=ws)
        if i % 4 == 0:
            log.add(who, "reveal", minutes=i, report=report, ws=ws, payload={"seconds": 1.5})
        if i % 5 == 0:
            log.decide(
                who, report, minutes=i + 0.5, outcome="violation", policy="platform-generic",
                answers={"q1": "yes"}, ws=ws, exposed=1.5,
            )  # fmt: skip
    log.add("bob", "escalate", minutes=50, report="report-1", ws="ws-2", payload={"r": HOSTILE})
    with team.sessions.begin() as s:
        log.flush(s)
    return team


FILTERS = [
    EventFilter(),
    EventFilter(actor="bob"),
    EventFilter(kinds=("reveal", "decide")),
    EventFilter(outcome="violation", policy_id="platform-generic"),
    EventFilter(report_uid="report-3", workstation="ws-1"),
    EventFilter(report_ref="no-such-reference"),
]


@pytest.mark.parametrize("f", FILTERS)
def test_the_remote_console_reads_what_the_local_one_reads(logged: Team, f: EventFilter) -> None:
    remote = RemoteConsole(api_for(logged.enroll("sue")))
    local = CentralReader(logged.sessions, logged.sessions)
    remote.open()
    assert remote.is_open
    total, first = remote.first(f, 10)
    assert (total, first) == local.first(f, 10)
    if first:
        keyset = remote.page(f, 10, 10, first[-1].key, None)
        assert keyset == local.page(f, 10, 10, first[-1].key, None)
        assert keyset == remote.page(f, 10, 10, None, None)  # by offset: the same rows
        if keyset:
            assert remote.page(f, 0, 10, None, keyset[0].key) == first  # backwards
        deep = remote.page(f, total - 3 if total > 3 else 0, 5, None, None)
        assert deep == local.page(f, max(0, total - 3) if total > 3 else 0, 5, None, None)
        details = remote.details(first[0].uid)
        assert details == local.details(first[0].uid)


def test_details_choices_chains_and_names(logged: Team) -> None:
    remote = RemoteConsole(api_for(logged.enroll("sue")))
    local = CentralReader(logged.sessions, logged.sessions)
    with logged.sessions() as s:
        decide = s.scalar(select(CentralEvent.uid).where(CentralEvent.kind == "decide").limit(1))
    assert decide is not None
    found = remote.details(decide)
    assert found is not None
    assert found.decision is not None
    assert found.decision.answers == {"q1": "yes"}
    assert found == local.details(decide)
    assert remote.details("0193-not-an-event") is None
    choices = remote.choices()
    assert choices == local.choices()
    assert set(choices[Column.ACTOR]) == {"alice", "bob", "carol"}
    assert remote.outcome_labels(["violation"]) == local.outcome_labels(["violation"])
    chains = remote.verify()
    assert chains == local.verify()
    assert {c.workstation for c in chains} >= {"ws-1", "ws-2", "ws-3"}
    assert all(c.ok for c in chains)
    assert remote.workstation_names(["ws-1", "ws-2"]) == local.workstation_names(["ws-1", "ws-2"])
    # An edited event: verification over the server says which chain and where.
    with logged.sessions.begin() as s:
        s.execute(
            update(CentralEvent)
            .where(CentralEvent.workstation == "ws-2", CentralEvent.seq == 3)
            .values(actor="mallory")
        )
    bad = {c.workstation: c for c in remote.verify()}["ws-2"]
    assert not bad.ok
    assert bad.bad_seq == 3


@pytest.mark.parametrize("fmt", [Format.CSV, Format.JSONL])
def test_the_export_is_streamed_whole_and_recorded(
    logged: Team, tmp_path: Path, fmt: Format
) -> None:
    sue = logged.enroll("sue")
    remote = RemoteConsole(api_for(sue))
    f = EventFilter(actor="bob")
    seen: list[tuple[int, int]] = []
    got = remote.export(
        f, tmp_path / f"remote.{fmt}", fmt, progress=lambda d, t: seen.append((d, t))
    )
    want = export(logged.sessions, f, tmp_path / f"local.{fmt}", fmt)
    assert got.rows == want.rows > 10
    assert got.path.read_bytes() == want.path.read_bytes()
    assert seen
    assert seen[-1][1] == want.rows
    assert (got.path.stat().st_mode & 0o777) == 0o600
    assert not list(tmp_path.glob(".*.part"))
    if fmt is Format.CSV:
        with got.path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert all(not r["actor"].startswith("=") for r in rows)
        escalate = next(r for r in rows if r["kind"] == "escalate")
        assert json.loads(escalate["payload"]) == {"r": HOSTILE}  # neutralised cells only
    with logged.sessions() as s:
        recorded = s.execute(
            select(AuditEvent.actor, AuditEvent.payload).where(AuditEvent.kind == "export")
        ).all()
    assert [actor for actor, _ in recorded] == ["sue"]
    payload = json.loads(recorded[0][1])
    assert payload["filter"] == {"actor": "bob"}
    assert payload["rows"] == want.rows
    assert payload["workstation"] == sue.workstation


def test_a_cancelled_export_leaves_no_file(logged: Team, tmp_path: Path) -> None:
    remote = RemoteConsole(api_for(logged.enroll("sue")))
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "out"
    out.mkdir()
    result = remote.export(EventFilter(), out / "x.csv", Format.CSV, cancel=cancel)
    assert result.cancelled
    assert list(out.iterdir()) == []


def test_the_figures_are_the_local_ones(logged: Team, tmp_path: Path) -> None:
    logged.add_reports("general", 3)
    alice = logged.enroll("alice")
    lease = alice.lease()
    assert alice.submit(lease["token"]).status_code == 201
    remote = RemoteFigures(api_for(logged.enroll("sue")))
    local = LocalFigures(logged.server.workspace())
    assert remote.team_exposure(14) == local.team_exposure(14)
    assert remote.dashboard(30, "Asia/Seoul") == local.dashboard(30, "Asia/Seoul")
    today = logged.now().date()
    files = remote.compliance(today - timedelta(days=7), today + timedelta(days=1), "UTC", tmp_path)
    assert {p.name for p in files} >= {"report.html"}
    assert all(p.parent == tmp_path for p in files)
    assert "moderator" in (tmp_path / "report.html").read_text(encoding="utf-8").lower()


def test_bad_parameters_get_a_clear_422(logged: Team) -> None:
    sue = logged.enroll("sue")
    for path, params in [
        ("/v1/supervisor/audit/events", {"since": "2026-11-01T10:00:00"}),  # no zone
        ("/v1/supervisor/audit/events", {"limit": 0}),
        ("/v1/supervisor/audit/events", {"limit": 100_000}),
        ("/v1/supervisor/audit/events", {"actor": "a\x00b"}),
        ("/v1/supervisor/audit/events", {"kind": ["6\x00"]}),
        ("/v1/supervisor/audit/workstations", {"uid": ["ws\x00"]}),
        ("/v1/supervisor/audit/events", {"kind": ["view"] * 21}),
        ("/v1/supervisor/audit/export", {"format": "xlsx"}),
        ("/v1/supervisor/dashboard", {"tz": "Mars/Olympus"}),
        ("/v1/supervisor/dashboard", {"tz": "../../etc/passwd"}),
        ("/v1/supervisor/dashboard", {"tz": "UTC", "days": 0}),
        ("/v1/supervisor/compliance", {"tz": "UTC", "first": "2026-11-08", "days": 0}),
        ("/v1/supervisor/compliance", {"tz": "UTC", "first": "2026-02-30"}),
    ]:
        body = refused(sue.get(path, params=params), 422, "invalid-request")
        assert "\n" not in body["detail"]
    for first in ("0001-01-01", "9999-12-31"):
        params = {"tz": "Pacific/Kiritimati", "first": first, "days": 366}
        refused(sue.get("/v1/supervisor/compliance", params=params), 404, "not-found")


def test_a_demoted_supervisor_is_refused_at_once(logged: Team) -> None:
    sue = logged.enroll("sue")
    assert sue.get("/v1/supervisor/audit/events").status_code == 200
    with logged.sessions.begin() as s:
        s.execute(update(Reviewer).where(Reviewer.username == "sue").values(role=Role.REVIEWER))
    refused(sue.get("/v1/supervisor/audit/events"), 403, "not-eligible")
    refused(sue.get("/v1/supervisor/dashboard", params={"tz": "UTC"}), 403, "not-eligible")
