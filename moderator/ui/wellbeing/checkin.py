"""The check-in after a severe item: a 1-5 scale (keys 1-5) and "I need to stop"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from moderator.ui.wellbeing.break_screen import Cover

SCALE = ("1 · Not OK", "2", "3 · So-so", "4", "5 · Fine")


class CheckInView(Cover):
    answered = Signal(int)  # 1-5
    stop_asked = Signal()  # "I need to stop"

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label("heading").setText("How are you doing?")
        self.label("muted").setText(
            "That report was a severe one. A quick check-in, for you: press 1 to 5, "
            "or choose to stop for today. Only your answer is kept."
        )
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for score, text in enumerate(SCALE, 1):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, s=score: self.answered.emit(s))
            row.addWidget(button)
            self.buttons.append(button)
        self.column.addLayout(row)
        self.stop_button = QPushButton("I need to stop")
        self.stop_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stop_button.clicked.connect(self.stop_asked.emit)
        self.column.addWidget(self.stop_button)

    def ask(self) -> None:
        self.cover()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text in {"1", "2", "3", "4", "5"}:
            self.answered.emit(int(text))
            return
        super().keyPressEvent(event)
