"""The supervisor console: the paged model on both engines, and the window driven headless."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.ids import new_uid
from moderator.domain.reports import Role
from moderator.services import console
from moderator.services.audit_console import CentralReader
from moderator.services.config import Config, Profile
from moderator.services.console import EventFilter, EventRow
from moderator.services.console_export import Format
from moderator.services.console_names import short_id
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.db import session_factory
from moderator.store.models import AuditEvent
from moderator.store.queue import ReviewerRef
from moderator.ui.common.tasks import Tasks
from moderator.ui.common.tools import ToolContext
from moderator.ui.supervisor.console import ConsoleWindow, open_console
from moderator.ui.supervisor.console_model import PLACEHOLDER, AuditLogTableModel
from tests.helpers.console_events import CentralLog

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@dataclass
class Central:
    workspace: Workspace
    reader: CentralReader

    def page(self, f: EventFilter, offset: int, limit: int) -> list[EventRow]:
        with self.workspace.sessions() as s:
            return console.page(s, f, offset, limit)


def fill(workspace: Workspace, events: int) -> None:
    """`events` views over three reviewers, then a decision with its checklist answers."""
    log = CentralLog(T0)
    for i in range(events):
        log.add(f"r{i % 3}", "view", minutes=i // 2, report=f"rep-{i % 11}", ws=f"ws-{i % 2}")
    log.decide(
        "bob", "rep-x", minutes=events, outcome="illegal_filming", policy="kr-illegal-filming",
        answers={"sexual_content": "yes", "origin": "hidden_camera"}, ws="ws-0", exposed=2.0,
    )  # fmt: skip
    with workspace.transaction() as s:
        log.flush(s)


@pytest.fixture
def central(db_url: str, tmp_path: Path) -> Iterator[Central]:
    profile = Profile("t", db_url, str(tmp_path))
    workspace = open_workspace(profile, Config(workstation_id=new_uid()))
    yield Central(workspace, CentralReader(workspace.sessions))
    workspace.close()


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    lanes = Tasks({"db": 1})
    yield lanes
    lanes.close()


class CountingReader(CentralReader):
    """The real reader, recording how each page was asked for."""

    def __init__(self, inner: CentralReader) -> None:
        super().__init__(inner._sessions)
        self.calls: list[tuple[int, str]] = []

    def page(self, f: EventFilter, offset: int, limit: int, after: Any, before: Any) -> Any:
        how = "after" if after else "before" if before else "offset"
        self.calls.append((offset, how))
        return super().page(f, offset, limit, after, before)


def test_model_counts_pages_and_fills_placeholders(
    qtbot: QtBot, central: Central, tasks: Tasks
) -> None:
    fill(central.workspace, 600)
    reader = CountingReader(central.reader)
    model = AuditLogTableModel(reader, tasks, page_size=50, cache_pages=4)
    with qtbot.waitSignal(model.counted, timeout=10_000) as counted:
        model.set_filter(EventFilter())
    assert counted.args == [601]
    assert model.rowCount() == 601
    assert model.data(model.index(0, 2)) == "decide"  # newest first
    assert model.data(model.index(0, 1)) == "bob"
    assert model.data(model.index(420, 1)) == PLACEHOLDER  # not read yet: asked for
    qtbot.waitUntil(lambda: model.row_loaded(420), timeout=10_000)
    expected = central.page(EventFilter(), 420, 1)[0]
    assert model.data(model.index(420, 1)) == expected.actor
    assert model.data(model.index(420, 8)) == str(expected.seq)
    assert reader.calls == [(400, "offset")]
    model.data(model.index(470, 0))  # the next page: read from page 8's last row
    qtbot.waitUntil(lambda: model.row_loaded(470), timeout=10_000)
    model.data(model.index(399, 0))  # the page before: read up to page 8's first row
    qtbot.waitUntil(lambda: model.row_loaded(399), timeout=10_000)
    assert reader.calls[1:] == [(450, "after"), (350, "before")]
    unknown = central.page(EventFilter(), 399, 1)[0].report_uid  # not a report of the queue
    assert model.data(model.index(399, 3)) == f"report {short_id(str(unknown))}"
    for row in (100, 150, 200):
        model.data(model.index(row, 0))
        qtbot.waitUntil(lambda r=row: model.row_loaded(r), timeout=10_000)
    assert len(model.loaded_pages) == 4  # the LRU keeps cache_pages pages


def test_model_filters_and_drops_stale_results(
    qtbot: QtBot, central: Central, tasks: Tasks
) -> None:
    fill(central.workspace, 90)
    model = AuditLogTableModel(central.reader, tasks, page_size=20)
    model.set_filter(EventFilter())
    with qtbot.waitSignal(model.counted, timeout=10_000) as counted:
        model.set_filter(EventFilter(actor="r1"))  # before the first answer came back
    assert counted.args == [30]
    assert model.rowCount() == 30
    assert {model.data(model.index(r, 1)) for r in range(20)} == {"r1"}
    with qtbot.waitSignal(model.counted, timeout=10_000) as counted:
        model.set_filter(EventFilter(kinds=("decide",), outcome="illegal_filming"))
    assert counted.args == [1]
    assert model.data(model.index(0, 4)) == "Illegal filming: delete, block and report"


def test_model_passes_qt_model_checks(qtbot: QtBot, qtmodeltester: Any, central: Central) -> None:
    fill(central.workspace, 30)
    lanes = Tasks({"db": 1})
    try:
        model = AuditLogTableModel(central.reader, lanes, page_size=10)
        with qtbot.waitSignal(model.counted, timeout=10_000):
            model.set_filter(EventFilter())
        qtmodeltester.check(model, force_py=True)
    finally:
        lanes.close()


def test_model_reports_a_failed_read(qtbot: QtBot, tasks: Tasks) -> None:
    class Broken(CentralReader):
        def first(self, f: EventFilter, limit: int) -> tuple[int, list[EventRow]]:
            raise ConnectionError("the central store is unreachable")

    model = AuditLogTableModel(Broken(lambda: Session()), tasks)
    with qtbot.waitSignal(model.failed, timeout=5_000) as failed:
        model.set_filter(EventFilter())
    assert failed.args == ["the central store is unreachable"]
    assert model.rowCount() == 0


# --- the window ---------------------------------------------------------------------------------


def supervisor(role: Role = Role.SUPERVISOR) -> ReviewerRef:
    return ReviewerRef(1, "sam", role)


def open_window(qtbot: QtBot, workspace: Workspace, role: Role = Role.SUPERVISOR) -> Any:
    lanes = Tasks()
    try:
        widget = open_console(ToolContext(workspace, supervisor(role), lanes))
    finally:
        lanes.close()  # the console runs on its own lanes, not the review window's
    qtbot.addWidget(widget)
    return widget


def close(window: ConsoleWindow) -> None:
    window.close()
    assert window.tasks.closed


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[Workspace]:
    profile = Profile("t", f"sqlite:///{tmp_path / 'central.sqlite'}", str(tmp_path))
    workspace = open_workspace(profile, Config(workstation_id=new_uid()), create=True)
    fill(workspace, 300)
    yield workspace
    workspace.close()


def test_reviewer_is_refused(qtbot: QtBot, sqlite_central: Workspace) -> None:
    widget = open_window(qtbot, sqlite_central, Role.REVIEWER)
    assert isinstance(widget, QLabel)
    assert widget.objectName() == "console-refused"
    assert "for supervisors" in widget.text()
    assert "reviewer" in widget.text()
    assert widget.findChild(QTableView) is None


def test_filter_count_page_details(qtbot: QtBot, sqlite_central: Workspace) -> None:
    window = open_window(qtbot, sqlite_central)
    assert isinstance(window, ConsoleWindow)
    qtbot.waitUntil(lambda: window.status_label.text() == "301 events", timeout=10_000)
    qtbot.waitUntil(lambda: window.reviewer_combo.count() == 5, timeout=10_000)  # "", 4 names
    window.reviewer_combo.setCurrentText("bob")
    window.choose(window.kind_combo, "decide")
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.status_label.text() == "1 event matches the filter", timeout=10_000
    )
    model = window.model
    assert model is not None
    assert model.filter == EventFilter(actor="bob", kinds=("decide",))
    assert model.data(model.index(0, 5)) == "kr-illegal-filming"
    window.table.selectionModel().select(
        model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.waitUntil(lambda: window.details is not None, timeout=10_000)
    text = window.details_text.toPlainText()
    assert "CHECKLIST ANSWERS" in text
    assert "origin" in text
    assert "hidden_camera" in text
    assert "unblurred 2.0 s" in text
    qtbot.waitUntil(lambda: len(window.chains) == 2, timeout=10_000)
    assert all(chain.ok for chain in window.chains)
    assert window.chains_table.rowCount() == 2
    window.from_edit.setDate(window.from_edit.date().addYears(30))  # 2030: nothing yet
    window.apply()
    qtbot.waitUntil(
        lambda: window.status_label.text() == "0 events match the filter", timeout=10_000
    )
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.status_label.text() == "301 events", timeout=10_000)
    close(window)


def test_export_writes_the_filtered_set_and_is_audited(
    qtbot: QtBot, sqlite_central: Workspace, tmp_path: Path
) -> None:
    window = open_window(qtbot, sqlite_central)
    qtbot.waitUntil(lambda: window.model is not None and window.model.first_page_shown)
    window.reviewer_combo.setCurrentText("r2")
    window.apply()
    qtbot.waitUntil(lambda: "match" in window.status_label.text(), timeout=10_000)
    target = tmp_path / "r2.csv"
    window.export(Format.CSV, target)
    qtbot.waitUntil(lambda: window.export_result is not None, timeout=10_000)
    assert window.export_result is not None
    assert window.export_result.rows == 100
    assert "Exported 100 events" in window.export_label.text()
    table = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert len(table) == 100
    assert {r["actor"] for r in table} == {"r2"}
    window.export(Format.JSONL, tmp_path / "r2.jsonl")
    qtbot.waitUntil(lambda: window.export_result is not None, timeout=10_000)
    lines = (tmp_path / "r2.jsonl").read_text().splitlines()
    assert [json.loads(line)["uid"] for line in lines] == [r["uid"] for r in table]
    with session_factory(sqlite_central.engine)() as s:
        payloads = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "export")).all()
    exports = [json.loads(p) for p in payloads]
    assert [(e["format"], e["rows"], e["filter"]) for e in exports] == [
        ("csv", 100, {"actor": "r2"}),
        ("jsonl", 100, {"actor": "r2"}),
    ]
    close(window)
