"""Text that can only ever be text: labels that never render rich text or links."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel

from moderator.ui.common.i18n import translate


def plain(text: str = "", name: str = "") -> QLabel:
    """A label that can only ever show plain text (no rich text, no links)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


ZWSP = "\u200b"  # a zero-width space: a place a line may break, invisible
_BREAK_AFTER = frozenset("/.?&=#-_:;,@+~%")
_LONGEST_RUN = 16  # characters without a break opportunity before one is made


def breakable(text: str) -> str:
    """`text` with invisible break opportunities in long runs (URLs, hashes, references), so
    a word-wrapped label wraps it instead of growing as wide as the run."""
    out: list[str] = []
    run = 0
    for char in text:
        out.append(char)
        run = 0 if char.isspace() else run + 1
        if run and (char in _BREAK_AFTER or run >= _LONGEST_RUN):
            out.append(ZWSP)
            run = 0
    return "".join(out)


class WrapLabel(QLabel):
    """A plain-text label that wraps anywhere a long run needs it, and never widens its window.

    The break opportunities are invisible characters, so the label is not selectable (a copy
    would carry them); its context menu copies the text exactly as given, and `text()` returns
    it so.
    """

    def __init__(self, text: str = "", name: str = "") -> None:
        super().__init__()
        self._text: str = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setOpenExternalLinks(False)
        self.setWordWrap(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction(translate("common", "Copy"), self)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self._text))
        self.addAction(copy)
        if name:
            self.setObjectName(name)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self._text = text
        super().setText(breakable(text))

    def text(self) -> str:
        return self._text
