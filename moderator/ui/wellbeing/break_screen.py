"""The calm full-window covers: a break with its countdown, the idle lock, and "stopped".

A cover is opaque and sits above everything in the window, so nothing of a report is visible
behind it. No alarm colours, nothing blinks: the countdown changes once a second, that is all.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from moderator.ui.common.i18n import translate

BACKDROP = QColor("#283036")


class Cover(QWidget):
    """Covers its host entirely (opaque) with a centred panel."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.panel = QFrame()
        self.panel.setObjectName("panel")
        self.panel.setFixedWidth(560)
        self.column = QVBoxLayout(self.panel)
        self.column.setContentsMargins(36, 30, 36, 30)
        self.column.setSpacing(14)
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel)
        row.addStretch(1)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        host.installEventFilter(self)
        self.hide()

    def label(self, name: str = "", *, big: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if name:
            label.setObjectName(name)
        if big:
            label.setStyleSheet("font-size: 30pt; font-weight: 300; color: #cfdbe2;")
        self.column.addWidget(label)
        return label

    def cover(self) -> None:
        self.setGeometry(self.host.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        painter.end()


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


class BreakScreen(Cover):
    skip_asked = Signal(str)  # the reason given for skipping a soft break
    resumed = Signal()  # "Continue" after a break, or after the lock

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.title = self.label("heading")
        self.countdown = self.label(big=True)
        self.text = self.label("muted")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            translate("wellbeing", "Why skip this break? (kept in the audit log)")
        )
        self.column.addWidget(self.reason)
        buttons = QHBoxLayout()
        self.skip_button = QPushButton(translate("wellbeing", "Skip the break"))
        self.continue_button = QPushButton(translate("wellbeing", "Continue"))
        self.continue_button.setObjectName("submit")
        # Enter continues (from the lock, or when a break is over), as it would in a dialog.
        self.continue_button.setAutoDefault(True)
        self.skip_button.setAutoDefault(True)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        self.column.addLayout(buttons)
        self.skip_button.clicked.connect(self._on_skip_clicked)
        self.reason.returnPressed.connect(self._on_skip_clicked)
        self.continue_button.clicked.connect(self.resumed.emit)
        self.mode = ""
        self.support = ""  # the organisation's support contact, shown when stopped

    def _set(self, mode: str, title: str, text: str, *, skip: bool, resume: bool) -> None:
        self.mode = mode
        self.title.setText(title)
        self.text.setText(text)
        self.reason.setVisible(skip)
        self.skip_button.setVisible(skip)
        self.continue_button.setVisible(resume)
        self.countdown.setVisible(mode == "break")
        self.cover()
        (self.continue_button if resume else self.reason if skip else self).setFocus()

    def show_break(self, seconds_left: float, *, hard: bool, reason: str) -> None:
        text = (
            translate(
                "wellbeing",
                "A break after a stretch of work. Your open reports went back to the queue; "
                "your answers are kept. Step away from the screen if you can.",
            )
            if reason == "work"
            else translate(
                "wellbeing",
                "A break after a stretch of time with revealed material. Your open reports went "
                "back to the queue; your answers are kept. Step away from the screen if you can.",
            )
        )
        if hard:
            text += "\n\n" + translate("wellbeing", "This break cannot be skipped.")
        title = translate("wellbeing", "Time for a break")
        self._set("break", title, text, skip=not hard, resume=False)
        self.reason.clear()
        self.tick(seconds_left)

    def tick(self, seconds_left: float) -> None:
        self.countdown.setText(clock_text(seconds_left))

    def show_break_over(self) -> None:
        self._set(
            "over",
            translate("wellbeing", "Your break is over"),
            translate("wellbeing", "Continue when you are ready."),
            skip=False,
            resume=True,
        )

    def show_locked(self, minutes: float) -> None:
        text = translate(
            "wellbeing",
            "Locked after {minutes} minutes without activity. Your open reports went back "
            "to the queue; your answers are kept.",
        ).format(minutes=f"{minutes:g}")
        self._set("locked", translate("wellbeing", "Locked"), text, skip=False, resume=True)

    def show_stopped(self) -> None:
        text = translate(
            "wellbeing",
            "You chose to stop. Your session has ended and your open reports went back to "
            "the queue. Your supervisor can see that you stopped; nothing more is asked of you "
            "today. Please take care of yourself, and talk to someone if it helps.",
        )
        if self.support:
            text += "\n\n" + translate("wellbeing", "Support: {support}").format(
                support=self.support
            )
        title = translate("wellbeing", "You have stopped for today")
        self._set("stopped", title, text, skip=False, resume=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter anywhere on the cover continues when Continue is offered."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.continue_button.isVisible():
            self.continue_button.click()
            return
        super().keyPressEvent(event)

    def _on_skip_clicked(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.reason.setPlaceholderText(
                translate("wellbeing", "Please say why (one line is enough)")
            )
            self.reason.setFocus()
            return
        self.skip_asked.emit(reason)
