"""The F1 overlay: every shortcut, grouped, generated from the action table."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from moderator.ui.common.i18n import translate
from moderator.ui.review.actions import KEYS


class HelpOverlay(QWidget):
    """Covers its parent with a dimmed backdrop and a panel of shortcuts."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = parent
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        panel = QFrame()
        panel.setObjectName("panel")
        panel.setMaximumWidth(900)
        columns = QHBoxLayout(panel)
        columns.setContentsMargins(24, 20, 24, 20)
        columns.setSpacing(32)
        groups: dict[str, list[tuple[str, str]]] = {}
        for key in KEYS:
            groups.setdefault(key.shown_group, []).append((key.label, key.shown_text))
        for group, rows in groups.items():
            grid = QGridLayout()
            grid.setVerticalSpacing(5)
            grid.setHorizontalSpacing(12)
            heading = QLabel(group)
            heading.setObjectName("heading")
            grid.addWidget(heading, 0, 0, 1, 2)
            for row, (keys, text) in enumerate(rows, 1):
                key_label = QLabel(keys)
                key_label.setStyleSheet("font-weight: 600; color: #cfe0ea;")
                grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignTop)
                description = QLabel(text)
                description.setWordWrap(True)
                grid.addWidget(description, row, 1)
            grid.setRowStretch(len(rows) + 1, 1)
            column = QVBoxLayout()
            column.addLayout(grid)
            columns.addLayout(column, 1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        footer = QLabel(translate("review", "F1 or Esc closes this help."))
        footer.setObjectName("muted")
        footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(panel, 8)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addWidget(footer)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def toggle(self) -> None:
        self.setVisible(self.isHidden())
        if self.isVisible():
            self.setGeometry(self.host.rect())
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 23, 26, 225))
        painter.end()
