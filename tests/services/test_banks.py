"""Hash banks: added, filled from HMA and CSV lists, exported, retired; each change audited
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.domain.banks import Action, BankError, parse_csv, parse_hma
from moderator.domain.errors import NotEligible
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import AuditEvent
from tests.helpers.clock import FakeClock

PDQ_A = "f" * 32 + "0" * 32
PDQ_B = "0123456789abcdef" * 4
SHA = "ab" * 32
MD5 = "cd" * 16
HMA = f"# a partner's list\npdq {PDQ_A}\n\nsha256 {SHA}\nmd5 {MD5.upper()}\npdq nothex\nsha256\n"


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC"))
    People(ws, "sue").add("alice", Role.REVIEWER)
    QueueAdmin(ws, "sue").add(QueueRequest("csam", "platform-generic"))
    yield ws
    ws.close()


def bank_events(ws: Workspace) -> list[dict[str, object]]:
    with ws.transaction() as s:
        rows = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "bank")).all()
    return [json.loads(p) for p in rows]


def test_hma_lines_are_read_and_each_bad_line_is_named() -> None:
    parsed = parse_hma(HMA)
    assert [(e.signal.kind, e.line) for e in parsed.entries] == [
        ("pdq", 2),
        ("sha256", 4),
        ("md5", 5),
    ]
    assert parsed.entries[2].signal.value == MD5  # lower-cased
    assert [(e.line, "hex" in e.reason or "expected" in e.reason) for e in parsed.errors] == [
        (6, True),
        (7, True),
    ]


def test_csv_needs_its_header_and_names_bad_rows() -> None:
    assert parse_csv("a,b\n1,2\n").errors[0].line == 1
    parsed = parse_csv(f"signal,value,note\npdq,{PDQ_A},cat A\nfoo,{SHA},\nmd5,{MD5},\n")
    assert [e.signal.kind for e in parsed.entries] == ["pdq", "md5"]
    assert parsed.entries[0].note == "cat A"
    assert [(e.line, "unknown signal" in e.reason) for e in parsed.errors] == [(3, True)]


def test_a_bank_is_added_filled_exported_and_retired_with_audit(
    org: Workspace, tmp_path: Path
) -> None:
    admin = BankAdmin(org, "sue")
    row = admin.add(BankRequest("partner", Action.KNOWN, outcome="remove"))
    assert (row.action, row.outcome, row.entries) == ("known", "remove", 0)
    path = tmp_path / "list.txt"
    path.write_text(HMA, encoding="utf-8")
    first = admin.import_file("partner", path, "hma")
    assert (first.added, first.unchanged, [e.line for e in first.errors]) == (3, 0, [6, 7])
    again = admin.import_file("partner", path, "hma")
    assert (again.added, again.unchanged) == (0, 3)  # re-import changes nothing
    entries = admin.entries("partner")
    assert {(e.signal, e.added_by, e.origin) for e in entries} == {
        ("pdq", "sue", "import:list.txt:2"),
        ("sha256", "sue", "import:list.txt:4"),
        ("md5", "sue", "import:list.txt:5"),
    }
    # Round trips: HMA, CSV and VICS exports import into a fresh bank as the same entries.
    for fmt in ("hma", "csv", "vics"):
        text = admin.export("partner", fmt)
        admin.add(BankRequest(f"copy-{fmt}", Action.FLAG))
        result = admin.import_text(f"copy-{fmt}", text, fmt, f"export.{fmt}")
        assert (result.added, result.errors) == (3, [])
        copied = {(e.signal, e.value) for e in admin.entries(f"copy-{fmt}")}
        assert copied == {(e.signal, e.value) for e in entries}
        assert admin.import_text(f"copy-{fmt}", text, fmt, "again").added == 0
    assert admin.retire("partner", [f"pdq {PDQ_A}"]) == 1
    assert {e.signal for e in admin.entries("partner")} == {"sha256", "md5"}
    assert admin.retire("partner") == 1
    assert next(b for b in admin.listing() if b.name == "partner").retired_at is not None
    with pytest.raises(BankError, match="retired"):
        admin.import_file("partner", path, "hma")
    ops = [(e["op"], e["bank"]) for e in bank_events(org)]
    assert ops[:4] == [  # (the exports of the round trips follow)
        ("add", "partner"),
        ("import", "partner"),
        ("import", "partner"),
        ("export", "partner"),
    ]
    assert ops[-2:] == [("retire", "partner"), ("retire", "partner")]


def test_bank_options_are_checked_and_only_a_supervisor_changes_banks(org: Workspace) -> None:
    admin = BankAdmin(org, "sue")
    with pytest.raises(BankError, match="--outcome"):
        admin.add(BankRequest("k", Action.KNOWN))
    with pytest.raises(BankError, match="no queue named 'nope'"):
        admin.add(BankRequest("r", Action.ROUTE, route_to="nope"))
    assert admin.add(BankRequest("r", Action.ROUTE, route_to="csam")).route_queue == "csam"
    with pytest.raises(BankError, match="exists already"):
        admin.add(BankRequest("r", Action.FLAG))
    safe = admin.add(BankRequest("fp", Action.KNOWN, safe_list=True))
    assert (safe.safe_list, safe.action) == (True, "flag")
    with pytest.raises(NotEligible):
        BankAdmin(org, "alice").add(BankRequest("mine", Action.FLAG))
    with pytest.raises(NotEligible):
        BankAdmin(org, "alice").import_text("r", f"pdq {PDQ_B}\n", "hma", "x")
