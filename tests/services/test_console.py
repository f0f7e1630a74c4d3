"""The console's queries on both engines: filters, counts, paging orders, details, export."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from moderator.services import console
from moderator.services.console import Column, EventFilter
from moderator.services.console_export import Format, export, neutralise
from moderator.store.db import make_engine, session_factory
from tests.helpers.console_events import CentralLog
from tests.helpers.private import mode

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOSTILE = "=cmd|' /C calc'!A0"


@dataclass
class Central:
    sessions: sessionmaker[Session]
    decide_uid: str
    reveal_uid: str
    report: str

    def read(self) -> Session:
        return self.sessions()


@pytest.fixture
def central(db_url: str) -> Iterator[Central]:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    log = CentralLog(T0)
    r1, r2 = "report-1", "report-2"
    log.add("alice", "claim", minutes=1, report=r1)
    log.add("alice", "view", minutes=1, report=r1)  # same time as the claim: id breaks the tie
    reveal = log.add(
        "alice", "reveal", minutes=2, report=r1, payload={"kind": "hold", "seconds": 2.5}
    )
    log.add("alice", "reveal", minutes=3, report=r1, payload={"kind": "region", "seconds": 1.25})
    decide = log.decide(
        "alice", r1, minutes=4, outcome="illegal_filming", policy="kr-illegal-filming",
        answers={"sexual_content": "yes", "minor": "no"}, exposed=3.75,
    )  # fmt: skip
    log.add("bob", "claim", minutes=5, report=r2, ws="ws-2")
    log.decide(
        "bob", r2, minutes=6, outcome="no_violation", policy="platform-generic",
        answers={"q": "no"}, ws="ws-2",
    )  # fmt: skip
    log.add("bob", "escalate", minutes=7, report=r2, ws="ws-2", payload={"reason": HOSTILE})
    log.add("carol", "login", minutes=8, ws="ws-3", payload={"note": "line\u2028break\nnew"})
    with sessions() as s, s.begin():
        log.flush(s)
    yield Central(sessions, decide, reveal, r1)
    engine.dispose()


def rows(central: Central, f: EventFilter, offset: int = 0, limit: int = 100) -> list[str]:
    with central.read() as s:
        return [r.kind for r in console.page(s, f, offset, limit)]


def test_filters_count_and_page_newest_first(central: Central) -> None:
    with central.read() as s:
        assert console.count(s, EventFilter()) == 9
        assert console.count(s, EventFilter(actor="alice")) == 5
        assert console.count(s, EventFilter(report_uid="report-2")) == 3
        assert console.count(s, EventFilter(kinds=("reveal", "decide"))) == 4
        assert console.count(s, EventFilter(outcome="no_violation")) == 1
        assert console.count(s, EventFilter(policy_id="kr-illegal-filming")) == 1
        assert console.count(s, EventFilter(workstation="ws-2")) == 3
        window = EventFilter(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4))
        assert console.count(s, window) == 2  # [from, to): minute 4 is out
    assert rows(central, EventFilter()) == [
        "login", "escalate", "decide", "claim", "decide", "reveal", "reveal", "view", "claim",
    ]  # fmt: skip
    assert rows(central, EventFilter(actor="alice", kinds=("reveal",))) == ["reveal", "reveal"]
    assert rows(central, EventFilter(), offset=7, limit=5) == ["view", "claim"]


def test_naive_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        EventFilter(since=datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


def test_keyset_and_deep_pages_match_offset_pages(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    log = CentralLog(T0)
    for i in range(230):  # runs of equal timestamps, so the id tie-break matters
        log.add(f"r{i % 3}", "view", minutes=i // 4, report=f"rep-{i % 7}")
    with sessions() as s, s.begin():
        log.flush(s)
    f = EventFilter(kinds=("view",))
    try:
        with sessions() as s:
            whole = console.page(s, f, 0, 1000)
            assert len(whole) == 230
            keys = [r.key for r in whole]
            assert keys == sorted(keys, reverse=True)
            size = 20
            for offset in range(0, 230, size):
                expected = whole[offset : offset + size]
                assert console.page(s, f, offset, size) == expected  # deep path past page 1
                if offset:
                    after = whole[offset - 1].key
                    assert console.page(s, f, offset, size, after=after) == expected
                if offset + size < 230:
                    before = whole[offset + size].key
                    assert console.page(s, f, offset, size, before=before) == expected
    finally:
        engine.dispose()


def test_details_of_a_decision_and_a_reveal(central: Central) -> None:
    with central.read() as s:
        decided = console.details(s, central.decide_uid)
        revealed = console.details(s, central.reveal_uid)
        assert console.details(s, "no-such-event") is None
    assert decided is not None
    assert decided.decision is not None
    assert decided.decision.answers == {"sexual_content": "yes", "minor": "no"}
    assert decided.decision.outcome == "illegal_filming"
    assert decided.decision.seconds_exposed == 3.75
    assert '"outcome": "illegal_filming"' in decided.payload  # pretty-printed
    kinds = [e.kind for e in decided.report_events]
    assert kinds == ["claim", "view", "reveal", "reveal", "decide"]
    assert decided.report_reveal_seconds == pytest.approx(3.75)
    assert revealed is not None
    assert revealed.reveal_seconds == 2.5
    assert revealed.decision is None
    assert revealed.event.summary == "hold 2.5 s"


def test_distinct_values_for_the_dropdowns(central: Central) -> None:
    with central.read() as s:
        assert console.distinct_values(s, Column.ACTOR) == ["alice", "bob", "carol"]
        assert console.distinct_values(s, Column.OUTCOME) == ["illegal_filming", "no_violation"]
        assert console.distinct_values(s, Column.WORKSTATION) == ["ws-1", "ws-2", "ws-3"]
        kinds = console.distinct_values(s, Column.KIND)
        assert kinds == sorted({"claim", "view", "reveal", "decide", "escalate", "login"})
        assert console.distinct_values(s, Column.ACTOR, limit=2) == ["alice", "bob"]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\t=x", "'\t=x"),
        ("plain", "plain"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(text: str, safe: str) -> None:
    assert neutralise(text) == safe


@pytest.mark.usefixtures("permissive_umask")
def test_csv_export_neutralises_formulas_and_round_trips(central: Central, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    seen: list[tuple[int, int]] = []
    result = export(
        central.sessions, EventFilter(), path, Format.CSV, batch=4,
        progress=lambda d, t: seen.append((d, t)),
    )  # fmt: skip
    assert result.rows == 9
    assert not result.cancelled
    assert seen == [(4, 9), (8, 9), (9, 9)]
    assert mode(path) == 0o600  # the audit log, names and outcomes: private to the user
    with path.open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [r["kind"] for r in table] == rows(central, EventFilter())
    escalate = next(r for r in table if r["kind"] == "escalate")
    # The payload is JSON text starting with "{": a spreadsheet shows it as text as it is.
    assert json.loads(escalate["payload"]) == {"reason": HOSTILE}
    hostile = tmp_path / "hostile.csv"
    export(central.sessions, EventFilter(actor="bob"), hostile, Format.CSV)
    for line in csv.reader(hostile.read_text(encoding="utf-8").splitlines()):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line)
    login = next(r for r in table if r["kind"] == "login")
    assert json.loads(login["payload"]) == {"note": "line\u2028break\nnew"}
    assert not list(tmp_path.glob(".*.part"))


def test_csv_cells_starting_like_a_formula_get_an_apostrophe(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    log = CentralLog(T0)
    log.add(HOSTILE, "login", minutes=1, report="+1-555", ws="@ws")
    with sessions() as s, s.begin():
        log.flush(s)
    path = tmp_path / "x.csv"
    export(sessions, EventFilter(), path, Format.CSV)
    engine.dispose()
    (row,) = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    assert row["actor"] == "'" + HOSTILE
    assert row["report_uid"] == "'+1-555"
    assert row["workstation"] == "'@ws"


def test_jsonl_export_is_ascii_one_event_per_line(central: Central, tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    result = export(central.sessions, EventFilter(report_uid="report-1"), path, Format.JSONL)
    raw = path.read_bytes()
    assert raw.isascii()
    lines = raw.decode().splitlines()  # splitlines also splits on U+2028: there is none raw
    assert result.rows == len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert [r["kind"] for r in records] == ["decide", "reveal", "reveal", "view", "claim"]
    assert records[1]["payload"] == {"kind": "region", "seconds": 1.25}
    everyone = tmp_path / "all.jsonl"
    export(central.sessions, EventFilter(), everyone, Format.JSONL)
    notes = [json.loads(x)["payload"].get("note") for x in everyone.read_text().splitlines()]
    assert "line\u2028break\nnew" in notes


def test_cancelled_export_leaves_no_file(central: Central, tmp_path: Path) -> None:
    path = tmp_path / "out" / "log.csv"
    path.parent.mkdir()
    cancel = threading.Event()
    result = export(
        central.sessions, EventFilter(), path, Format.CSV, batch=2,
        progress=lambda _d, _t: cancel.set(), cancel=cancel,
    )  # fmt: skip
    assert result.cancelled
    assert not path.exists()
    assert list(path.parent.iterdir()) == []
