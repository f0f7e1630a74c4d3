"""The check-in after a severe item the reviewer actually saw: a 1-5 scale (keys 1-5) and
"I need to stop", which asks once to confirm and shows the organisation's support contact."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from moderator.ui.common import i18n
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.wellbeing.break_screen import Cover

SCALE = (
    QT_TRANSLATE_NOOP("wellbeing", "1 · Not OK"),
    "2",
    QT_TRANSLATE_NOOP("wellbeing", "3 · So-so"),
    "4",
    QT_TRANSLATE_NOOP("wellbeing", "5 · Fine"),
)
# How the reviewer ended the report, and the triage names, in the reviewer's words.
ENDED = {
    "decided": QT_TRANSLATE_NOOP("wellbeing", "decided"),
    "skipped": QT_TRANSLATE_NOOP("wellbeing", "skipped"),
    "escalated": QT_TRANSLATE_NOOP("wellbeing", "escalated"),
}


def checkin_text(severity: str, revealed_s: float, ended_by: str) -> str:
    """What happened, in plain words: how long the media was seen, the triage, and what the
    reviewer did. Never a judgement of the content (the outcome may say it was nothing)."""
    done = translate("wellbeing", ENDED.get(ended_by, QT_TRANSLATE_NOOP("wellbeing", "left")))
    return translate(
        "wellbeing",
        "You just saw media of a report triaged as {severity}, unblurred or at a "
        "recognisable blur, for {seconds} s, and {done} it. A quick check-in, for you: press 1 "
        "to 5, or choose to stop for today. Only your answer is kept.",
    ).format(
        severity=i18n.severity(severity),
        seconds=max(1, round(revealed_s)),
        done=done,
    )


class CheckInView(Cover):
    answered = Signal(int)  # 1-5
    stop_asked = Signal()  # "I need to stop", confirmed

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading = self.label("heading")
        self.text = self.label("muted")
        self.support = self.label()
        self.support.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.support_text = ""
        self.scale = QWidget()
        row = QHBoxLayout(self.scale)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []
        for score, text in enumerate(SCALE, 1):
            button = QPushButton(translate("wellbeing", text))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, s=score: self.answered.emit(s))
            row.addWidget(button)
            self.buttons.append(button)
        self.column.addWidget(self.scale)
        self.stop_button = QPushButton(translate("wellbeing", "I need to stop"))
        self.stop_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.column.addWidget(self.stop_button)
        self.confirm = QWidget()
        confirm_row = QHBoxLayout(self.confirm)
        confirm_row.setContentsMargins(0, 0, 0, 0)
        self.back_button = QPushButton(translate("wellbeing", "Go back"))
        self.confirm_button = QPushButton(translate("wellbeing", "Yes, stop for today"))
        self.confirm_button.setObjectName("submit")
        for button in (self.back_button, self.confirm_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            confirm_row.addWidget(button)
        self.back_button.clicked.connect(self._ask_scale)
        self.confirm_button.clicked.connect(self.stop_asked.emit)
        self.column.addWidget(self.confirm)
        self.asked = ""
        self.confirming = False

    def ask(self, text: str) -> None:
        self.asked = text
        self._ask_scale()
        self.cover()
        self.setFocus()

    def _ask_scale(self) -> None:
        self.confirming = False
        self.heading.setText(translate("wellbeing", "How are you doing?"))
        self.text.setText(self.asked)
        self.support.hide()
        self.scale.show()
        self.stop_button.show()
        self.confirm.hide()
        self.setFocus()

    def _on_stop_clicked(self) -> None:
        self.confirming = True
        self.heading.setText(translate("wellbeing", "Stop for today?"))
        self.text.setText(
            translate(
                "wellbeing",
                "You will get no more reports today; the ones you hold go back to the queue and "
                "your supervisor sees that you stopped. Nothing more is asked of you.",
            )
        )
        self.support.setText(
            translate("wellbeing", "Support: {support}").format(support=self.support_text)
        )
        self.support.show()
        self.scale.hide()
        self.stop_button.hide()
        self.confirm.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if not self.confirming and text in {"1", "2", "3", "4", "5"}:
            self.answered.emit(int(text))
            return
        if self.confirming and event.key() == Qt.Key.Key_Escape:
            self._ask_scale()
            return
        super().keyPressEvent(event)
