"""What the review window says about the reviewer's training.

On the empty-queue page: which queue needs which course, and since when it is missing or
expired. Under the header: a calm line when a needed course expires within 30 days. The
status is read on the DB lane when the window opens and each time the empty page shows.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout

from moderator.services.interfaces import Training
from moderator.services.training import EXPIRED, Gating, QueueBlock, TrainingStatusRow
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.text import plain

if TYPE_CHECKING:
    from moderator.ui.review.window import MainWindow


def block_text(block: QueueBlock, tz: tzinfo | None = None) -> str:
    """One closed queue and what to do about it, in the window's language."""
    course = block.course
    if course.state == EXPIRED and course.expires_at is not None:
        text = translate(
            "review", "{queue}: {course} expired on {day} — ask your supervisor to renew it."
        )
        return text.format(
            queue=block.queue_title,
            course=course.course_code,
            day=i18n.day(course.expires_at.astimezone(tz)),
        )
    text = translate(
        "review",
        "{queue}: {course} ({title}) is not on your record — ask your supervisor to record it.",
    )
    return text.format(
        queue=block.queue_title, course=course.course_code, title=course.course_title
    )


def expiring_text(row: TrainingStatusRow, at: datetime, tz: tzinfo | None = None) -> str:
    """A needed course expiring soon, in the window's language."""
    assert row.expires_at is not None
    days = (row.expires_at.astimezone(tz).date() - at.astimezone(tz).date()).days
    on = i18n.day(row.expires_at.astimezone(tz))
    if days <= 0:
        return translate("review", "{course} expires today, on {day}.").format(
            course=row.course_code, day=on
        )
    if days == 1:
        return translate("review", "{course} expires tomorrow, on {day}.").format(
            course=row.course_code, day=on
        )
    return translate("review", "{course} expires in {days} days, on {day}.").format(
        course=row.course_code, days=days, day=on
    )


def gating_message(g: Gating, tz: tzinfo | None = None) -> str:
    """The empty page's text ("" when training closes no queue)."""
    if not g.blocked:
        return ""
    if g.open_queues:
        intro = translate(
            "review", "Some queues are closed to you until your training is up to date:"
        )
    else:
        intro = translate(
            "review",
            "Your training does not cover any queue right now, so nothing can be claimed:",
        )
    return "\n".join([intro, *(f"• {block_text(b, tz)}" for b in g.blocked)])


def warning_message(g: Gating, tz: tzinfo | None = None) -> str:
    training = translate("review", "Training: {what}")
    return "  ".join(training.format(what=expiring_text(r, g.at, tz)) for r in g.expiring)


class TrainingNotice(QObject):
    """Adds the gating text to `window`'s empty page and a warning line under its header."""

    def __init__(self, window: MainWindow, training: Training, tasks: Tasks) -> None:
        super().__init__(window)
        self.window, self.training, self.tasks = window, training, tasks
        self.tz: tzinfo | None = None  # None: this computer's zone
        self.gating: Gating | None = None
        self.note = plain(name="reason")
        self.note.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.note.setObjectName("trainingGating")
        self.note.hide()
        empty = window.empty_page.layout()
        assert isinstance(empty, QBoxLayout)
        empty.insertWidget(2, self.note)  # between the heading and the hint
        self.warning, row = QFrame(), QHBoxLayout()
        self.warning.setObjectName("banner")
        self.warning.setLayout(row)
        row.setContentsMargins(12, 6, 8, 6)
        self.warning_text = plain()
        self.warning_text.setObjectName("trainingWarning")
        row.addWidget(self.warning_text, 1)
        self.warning.hide()
        column = window.surface.layout()
        assert isinstance(column, QBoxLayout)
        column.insertWidget(column.indexOf(window.banner) + 1, self.warning)
        window.session.presented.connect(self._on_session_presented)
        self.refresh()

    def refresh(self) -> None:
        self.tasks.run(
            DB, self.training.gating, on_done=self._on_read, on_failed=lambda _exc: None,
        )  # fmt: skip  # a training read that fails changes nothing: the claim still gates

    def _on_session_presented(self, item: object) -> None:
        if item is None and not self.window.session.is_empty:
            return  # still loading
        if item is None:
            self.refresh()

    def _on_read(self, g: Gating) -> None:
        self.gating = g
        text = gating_message(g, self.tz)
        self.note.setText(text)
        self.note.setVisible(bool(text))
        warning = warning_message(g, self.tz)
        self.warning_text.setText(warning)
        self.warning.setVisible(bool(warning))
