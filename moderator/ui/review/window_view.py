"""The main window's layout: header, in-place banner, preview, report panel, undo bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from moderator.ui.common.i18n import translate
from moderator.ui.common.preview import PreviewView
from moderator.ui.common.text import plain
from moderator.ui.review.actions import tooltip
from moderator.ui.review.details import DetailsView
from moderator.ui.review.group import GroupStrip
from moderator.ui.review.help import HelpOverlay


def _bar(name: str) -> tuple[QFrame, QHBoxLayout]:
    frame = QFrame()
    frame.setObjectName(name)
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(12, 6, 8, 6)
    return frame, layout


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setToolTip(tooltip(name))
    return button


class MainWindowView(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.resize(1440, 900)
        self.surface = QWidget()
        self.surface.setObjectName("surface")
        # The surface holds the keyboard focus, so Space and the number keys reach the window.
        self.surface.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCentralWidget(self.surface)
        self.queue_label, self.who_label = plain(name="heading"), plain(name="muted")
        self.who_label.setWordWrap(False)
        header, header_row = _bar("header")
        header_row.addWidget(self.queue_label, 1)
        header_row.addWidget(self.who_label)
        self.banner, banner_row = _bar("banner")
        self.banner_text = plain()
        banner_row.addWidget(self.banner_text, 1)
        self.banner.hide()
        self.preview = PreviewView()
        self.reveal_row = self._reveal_row()
        self.look_label = plain(name="muted")
        left = QWidget()
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        left_col.addWidget(self.preview, 1)
        left_col.addWidget(self.reveal_row)
        left_col.addWidget(self.look_label)
        self.group_strip = GroupStrip()  # shown when the report has similar ones waiting
        left_col.addWidget(self.group_strip)
        self.details = DetailsView()
        self.escalate_bar, escalate_row = _bar("banner")
        self.escalate_reason = QLineEdit()
        self.escalate_reason.setPlaceholderText(
            translate("review", "Why escalate? Enter sends it, Esc cancels")
        )
        escalate_row.addWidget(self.escalate_reason)
        self.escalate_bar.hide()
        self.checklists = QStackedWidget()
        self.policy_problem = plain(name="reason")
        self.checklists.addWidget(self.policy_problem)
        right = QFrame()
        right.setObjectName("panel")
        right_col = QVBoxLayout(right)
        right_col.setContentsMargins(14, 12, 14, 12)
        right_col.setSpacing(8)
        right_col.addWidget(self.details)
        right_col.addWidget(self.escalate_bar)
        right_col.addWidget(self.checklists, 1)
        right_col.addLayout(self._decide_row())
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([860, 540])
        self.empty = plain(name="heading")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.empty_hint = plain(name="muted")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        empty_page = QWidget()
        empty_col = QVBoxLayout(empty_page)
        empty_col.addWidget(self.empty, 1)
        empty_col.addSpacing(8)
        empty_col.addWidget(self.empty_hint, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.split)
        self.pages.addWidget(empty_page)
        self.empty_page = empty_page
        # The undo bar floats over the foot of the preview instead of taking a row of the
        # layout: showing it moves nothing (Submit stays under the reviewer's pointer).
        self.undo_bar, undo_row = _bar("undo")
        self.undo_bar.setParent(self.surface)
        self.undo_text = plain()
        self.undo_text.setWordWrap(False)
        self.undo_button = _button(translate("review", "Undo"), "undo")
        undo_row.addWidget(self.undo_text, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_bar.hide()
        self.preview.installEventFilter(self)
        column = QVBoxLayout(self.surface)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(8)
        column.addWidget(header)
        column.addWidget(self.banner)
        column.addWidget(self.pages, 1)
        self.help = HelpOverlay(self.surface)

    def show_undo_bar(self, visible: bool) -> None:
        self.undo_bar.setVisible(visible)
        if visible:
            self.place_undo_bar()

    def place_undo_bar(self) -> None:
        """Over the foot of the preview (or of the window, when no report is shown)."""
        bar = self.undo_bar
        if self.preview.isVisible():
            at = self.preview.mapTo(self.surface, QPoint(0, 0))
            left, width, bottom = at.x(), self.preview.width(), at.y() + self.preview.height()
        else:
            left, width, bottom = 12, self.surface.width() - 24, self.surface.height() - 8
        wanted = min(width - 24, max(bar.sizeHint().width(), 460))
        height = bar.sizeHint().height()
        bar.setGeometry(left + (width - wanted) // 2, bottom - height - 12, wanted, height)
        bar.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.preview and event.type() in (
            QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Hide,
        ) and self.undo_bar.isVisible():  # fmt: skip
            self.place_undo_bar()
        return super().eventFilter(watched, event)

    def _reveal_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 4, 0, 0)
        self.hold_hint = QLabel(translate("review", "Hold Space to reveal"))
        self.hold_hint.setObjectName("muted")
        layout.addWidget(self.hold_hint)
        self.region_button = _button(translate("review", "Region (R)"), "region")
        self.timed_button = _button(translate("review", "Timed (T)"), "timed")
        self.gray_button = _button(translate("review", "Grayscale (G)"), "grayscale")
        self.blur_more = _button(translate("review", "More blur ]"), "blur_more")
        self.blur_less = _button(translate("review", "Less blur ["), "blur_less")
        for button in (
            self.region_button,
            self.timed_button,
            self.gray_button,
            self.blur_less,
            self.blur_more,
        ):
            layout.addWidget(button)
        layout.addStretch(1)
        self.help_button = _button(translate("review", "Keys (F1)"), "help")
        layout.addWidget(self.help_button)
        return row

    def _decide_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.skip_button = _button(translate("review", "Skip (S)"), "skip")
        self.escalate_button = _button(translate("review", "Escalate (E)"), "escalate")
        row.addWidget(self.skip_button)
        row.addWidget(self.escalate_button)
        row.addStretch(1)
        return row
