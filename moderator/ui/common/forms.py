"""A dialog with a form that says why it cannot be saved yet, and checkable lists."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moderator.ui.common import style
from moderator.ui.common.text import plain


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(style.SHEET)
        self.form = QFormLayout()
        self.problem = plain(name="reason")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)

    def check(self) -> str:
        """Why the form cannot be saved yet ("" when it can)."""
        raise NotImplementedError

    def _on_changed(self) -> None:
        why = self.check()
        self.problem.setText(why)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not why)


def checkable_list(items: Iterable[str], checked: Iterable[str] = ()) -> QListWidget:
    chosen = set(checked)
    widget = QListWidget()
    for text in items:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if text in chosen else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(120)
    return widget


def checked_items(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(i).text()
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    )
