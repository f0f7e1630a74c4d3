"""The console speaks in the names a supervisor knows: the report's reference (`NC-101`), the
workstation's person and the end of its id (every UUIDv7 starts alike), outcome labels, whole
headers; and it finds a report by the reference a reviewer sees."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from moderator.domain.ids import new_uid
from moderator.services.config import Config, Profile
from moderator.services.policies import shipped_templates
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import Report
from moderator.store.models_central import WorkstationKey
from moderator.ui.supervisor.console import ConsoleWindow
from tests.helpers import seed
from tests.helpers.console_events import CentralLog
from tests.ui.test_console import close, open_window

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# The decision names the shipped policy's version: its labels are found by id and version.
KR_VERSION = next(p.version for p in shipped_templates() if p.id == "kr-illegal-filming")
# Two workstations made the same minute: their ids share the first 13 characters.
KIM_WS = "01a23330-0000-7000-8000-00000000a1b2"
LEE_WS = "01a23330-0000-7000-8000-00000000c3d4"


@pytest.fixture
def named_central(tmp_path: Path) -> Iterator[Workspace]:
    profile = Profile("t", f"sqlite:///{tmp_path / 'central.sqlite'}", str(tmp_path))
    workspace = open_workspace(profile, Config(workstation_id=new_uid()), create=True)
    with workspace.transaction() as s:
        queue = seed.queue(s, "general", T0)
        seed.reports(s, queue, T0, 1, prefix="NC")  # NC-000000
        s.execute(
            insert(Report),
            [_report(queue, "NC-101"), _report(queue, "NC-102")],
        )
        uids = {ref: uid for ref, uid in s.execute(select(Report.external_ref, Report.uid))}
        s.add(
            WorkstationKey(
                workstation=KIM_WS, public_key="00" * 32, username="kim", registered_at=T0
            )
        )
        log = CentralLog(T0)
        log.add("lee", "login", minutes=0, ws=LEE_WS)  # no key yet: named by its first actor
        log.add("kim", "login", minutes=0, ws=KIM_WS)
        for i in range(6):
            ref = "NC-101" if i % 2 else "NC-102"
            log.add("kim" if i < 3 else "lee", "view", minutes=1 + i, report=uids[ref],
                    ws=KIM_WS if i < 3 else LEE_WS)  # fmt: skip
        log.decide(
            "kim", uids["NC-101"], minutes=10, outcome="false_video", policy="kr-illegal-filming",
            answers={"origin": "synthetic"}, ws=KIM_WS, version=KR_VERSION,
        )  # fmt: skip
        log.flush(s)
    yield workspace
    workspace.close()


def _report(queue: int, ref: str) -> dict[str, Any]:
    return {
        "uid": new_uid(), "source": "hotline", "external_ref": ref, "queue_id": queue,
        "channel": "", "received_at": T0, "sla_due": T0, "reported_category": "",
        "reporter_text": "", "url": "", "platform": "", "priority": 3, "state": "decided",
        "review_round": 1, "ingested_at": T0,
    }  # fmt: skip


def cells(window: ConsoleWindow, column: int) -> list[str]:
    model = window.model
    assert model is not None
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_rows_show_references_workstation_names_and_outcome_labels(
    qtbot: QtBot, named_central: Workspace
) -> None:
    window = open_window(qtbot, named_central)
    qtbot.waitUntil(lambda: window.status_label.text() == "9 events", timeout=10_000)
    assert set(cells(window, 3)) == {"", "NC-101", "NC-102"}
    assert set(cells(window, 7)) == {"kim · 00a1b2", "lee · 00c3d4"}
    assert cells(window, 4)[0] == "False video (deepfake): delete, block and report"
    assert cells(window, 6)[0] == cells(window, 4)[0]  # the summary too: no codes
    model = window.model
    assert model is not None
    tip = model.data(model.index(0, 7), Qt.ItemDataRole.ToolTipRole)
    assert KIM_WS in tip  # the full id is one hover away
    qtbot.waitUntil(lambda: window.chains_table.rowCount() == 2, timeout=10_000)
    chains = {window.chains_table.item(r, 0).text() for r in range(2)}
    assert chains == {"kim · 00a1b2", "lee · 00c3d4"}
    close(window)


def test_the_reference_a_reviewer_sees_filters_the_log(
    qtbot: QtBot, named_central: Workspace
) -> None:
    window = open_window(qtbot, named_central)
    qtbot.waitUntil(lambda: window.status_label.text() == "9 events", timeout=10_000)
    window.report_edit.setText("NC-101")
    window.apply()
    qtbot.waitUntil(lambda: "match" in window.status_label.text(), timeout=10_000)
    assert window.status_label.text() == "4 events match the filter"
    assert set(cells(window, 3)) == {"NC-101"}
    window.report_edit.setText("hotline/NC-102")  # source/reference, as `queue list` shows it
    window.apply()
    qtbot.waitUntil(lambda: window.status_label.text() == "3 events match the filter")
    window.report_edit.setText("NC-999")
    window.apply()
    qtbot.waitUntil(lambda: window.status_label.text() == "0 events match the filter")
    close(window)


def test_details_name_the_report_and_the_outcome(qtbot: QtBot, named_central: Workspace) -> None:
    window = open_window(qtbot, named_central)
    qtbot.waitUntil(lambda: window.status_label.text() == "9 events", timeout=10_000)
    model = window.model
    assert model is not None
    window.table.selectionModel().select(
        model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.waitUntil(lambda: window.details is not None, timeout=10_000)
    text = window.details_text.toPlainText()
    assert "report NC-101\n" in text
    assert "workstation kim · 00a1b2, seq" in text
    assert "outcome   False video (deepfake): delete, block and report (false_video)" in text
    close(window)


def test_every_header_is_readable_in_full(qtbot: QtBot, named_central: Workspace) -> None:
    window = open_window(qtbot, named_central)
    qtbot.waitUntil(lambda: window.model is not None and window.model.first_page_shown)
    header = window.table.horizontalHeader()
    model = window.model
    assert model is not None
    for column in range(model.columnCount() - 1):  # the last one stretches
        needed = header.sectionSizeFromContents(column).width()
        assert window.table.columnWidth(column) >= needed, model.headerData(
            column, Qt.Orientation.Horizontal
        )
    close(window)
