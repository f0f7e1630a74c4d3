"""Thin item models over immutable rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from moderator.domain.rows import MatchRow
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate

Index = QModelIndex | QPersistentModelIndex
HOW = {
    "sha256": QT_TRANSLATE_NOOP("common", "Same file (SHA-256)"),
    "pdq": QT_TRANSLATE_NOOP("common", "Same picture (PDQ)"),
}


class HashMatchTableModel(QAbstractTableModel):
    """Other reports that hold the same media: which item, how and where; never how they were
    decided (the window cannot say which reports are served blind, so it says it for none)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("common", "Item"),
        QT_TRANSLATE_NOOP("common", "Match"),
        QT_TRANSLATE_NOOP("common", "Report"),
        QT_TRANSLATE_NOOP("common", "Queue"),
    )

    def __init__(self, rows: Sequence[MatchRow] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[MatchRow, ...] = tuple(rows)

    def set_rows(self, rows: Sequence[MatchRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._rows[index.row()]
        values = (
            str(row.position + 1),
            translate("common", HOW[row.how]) if row.how in HOW else row.how,
            row.external_ref,
            row.queue,
        )
        return values[index.column()]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.HEADERS):
            return None
        return translate("common", self.HEADERS[section])


class RowsModel(QAbstractTableModel):
    """A read-only table over immutable rows; `cells(row)` gives one text per header."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[Any], Sequence[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers, self.cells = tuple(headers), cells
        self.rows: tuple[Any, ...] = ()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.cells(self.rows[index.row()])[index.column()]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.headers[section] if 0 <= section < len(self.headers) else None


def table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view
