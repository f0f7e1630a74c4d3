"""A checklist choice whose label wraps: a radio button (or check box) and its words.

A Qt button draws its text on one line, so a long option ("A: penetrative sexual activity,
sexual activity with an animal, or sadism") made the form wider than its pane and the pane
scrolled sideways. Here the button draws only its indicator and a word-wrapped label beside it
carries the text; clicking the label clicks the button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QHBoxLayout, QLabel, QRadioButton, QWidget


class ChoiceLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.pos()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class ChoiceRow(QWidget):
    """One option: `button` (in the question's button group) and its wrapping `label`.

    The button keeps the option's text as its accessible name, so screen readers and tests
    read "7  Hate" off the button as before.
    """

    def __init__(self, text: str, choice: str, *, multiple: bool = False) -> None:
        super().__init__()
        self.button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
        self.button.setProperty("choice", choice)
        self.button.setAccessibleName(text)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays the reveal key
        self.label = ChoiceLabel(text)
        self.label.setObjectName("choice")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.clicked.connect(self.button.click)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 1, 0, 1)
        row.setSpacing(6)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()

    def set_hint(self, text: str) -> None:
        self.setToolTip(text)
        self.button.setToolTip(text)
        self.label.setToolTip(text)
