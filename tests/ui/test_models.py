from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from moderator.store.details import MatchRow
from moderator.ui.common.models import HashMatchTableModel

ROWS = [
    MatchRow(0, "sha256", "u1", "DEMO-1", "kr-illegal-filming"),
    MatchRow(1, "pdq", "u2", "DEMO-2", "platform-general"),
]


def test_hash_match_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = HashMatchTableModel(ROWS)
    qtmodeltester.check(model)
    model.set_rows(ROWS[:1])
    qtmodeltester.check(model)


def test_hash_match_model_data() -> None:
    model = HashMatchTableModel(ROWS)
    assert model.rowCount() == 2
    assert model.rowCount(model.index(0, 0)) == 0
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == ["1", "Same file (SHA-256)", "DEMO-1", "kr-illegal-filming"]
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Queue"
    assert model.columnCount() == 4  # never the others' state or outcome: blind stays blind
    assert model.data(model.index(1, 1)) == "Same picture (PDQ)"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(QModelIndex()) is None
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Report"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
