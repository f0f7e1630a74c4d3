"""Every keyboard action: one table feeds the shortcuts, the tooltips and the F1 help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class Key:
    name: str
    keys: tuple[str, ...]
    text: str
    group: str

    @property
    def label(self) -> str:
        return " / ".join(self.keys)

    @property
    def shown_text(self) -> str:
        """`text` in the window's language."""
        return translate("review", self.text)

    @property
    def shown_group(self) -> str:
        return translate("review", self.group)


# The texts are the catalog's (QT_TRANSLATE_NOOP marks them); shown through `shown_text`.
REVEAL = QT_TRANSLATE_NOOP("review", "Reveal")
CHECKLIST = QT_TRANSLATE_NOOP("review", "Checklist")
DECIDE = QT_TRANSLATE_NOOP("review", "Decide")
REPORT = QT_TRANSLATE_NOOP("review", "Report")
HOLD = Key(
    "hold",
    ("Space",),
    QT_TRANSLATE_NOOP("review", "Reveal while held (re-blurs on release)"),
    REVEAL,
)
KEYS = (
    HOLD,
    Key(
        "region",
        ("R",),
        QT_TRANSLATE_NOOP("review", "Region reveal: a circle under the pointer (toggle)"),
        REVEAL,
    ),
    Key(
        "timed",
        ("T",),
        QT_TRANSLATE_NOOP("review", "Timed reveal: re-blurs by itself after a few seconds"),
        REVEAL,
    ),
    Key("grayscale", ("G",), QT_TRANSLATE_NOOP("review", "Grayscale on / off"), REVEAL),
    Key("blur_more", ("]",), QT_TRANSLATE_NOOP("review", "More blur"), REVEAL),
    Key("blur_less", ("[",), QT_TRANSLATE_NOOP("review", "Less blur"), REVEAL),
    Key(
        "media_next",
        ("PgDown",),
        QT_TRANSLATE_NOOP("review", "Next media item of the report"),
        REVEAL,
    ),
    Key("media_prev", ("PgUp",), QT_TRANSLATE_NOOP("review", "Previous media item"), REVEAL),
    Key(
        "frame_next", (".",), QT_TRANSLATE_NOOP("review", "Video: next keyframe (blurred)"), REVEAL
    ),
    Key(
        "frame_prev",
        (",",),
        QT_TRANSLATE_NOOP("review", "Video: previous keyframe; back to the contact sheet"),
        REVEAL,
    ),
    Key(
        "answer",
        ("1-9",),
        QT_TRANSLATE_NOOP("review", "Answer the current checklist item"),
        CHECKLIST,
    ),
    Key("question_next", ("Down",), QT_TRANSLATE_NOOP("review", "Next checklist item"), CHECKLIST),
    Key(
        "question_prev", ("Up",), QT_TRANSLATE_NOOP("review", "Previous checklist item"), CHECKLIST
    ),
    Key(
        "notes",
        ("F2",),
        QT_TRANSLATE_NOOP("review", "Write in the current text field or the notes"),
        CHECKLIST,
    ),
    Key(
        "leave",
        ("Esc",),
        QT_TRANSLATE_NOOP("review", "Leave a text field; end a reveal; close this help"),
        CHECKLIST,
    ),
    Key(
        "submit",
        ("Ctrl+Return",),
        QT_TRANSLATE_NOOP("review", "Submit the decision (when the form is valid)"),
        DECIDE,
    ),
    Key(
        "undo",
        ("Ctrl+Z",),
        QT_TRANSLATE_NOOP("review", "Undo the last decision during its grace period"),
        DECIDE,
    ),
    Key(
        "escalate",
        ("E",),
        QT_TRANSLATE_NOOP("review", "Escalate to a supervisor (asks for a reason)"),
        DECIDE,
    ),
    Key(
        "skip",
        ("S",),
        QT_TRANSLATE_NOOP("review", "Skip: give the report back and move on"),
        DECIDE,
    ),
    Key("next", ("N",), QT_TRANSLATE_NOOP("review", "Next: check the queue now"), DECIDE),
    Key(
        "group_next",
        ("M",),
        QT_TRANSLATE_NOOP("review", "Group: select the next similar report (always blurred)"),
        DECIDE,
    ),
    Key(
        "group_toggle",
        ("X",),
        QT_TRANSLATE_NOOP(
            "review", "Group: take the selected report out (it is reviewed on its own) or back"
        ),
        DECIDE,
    ),
    Key(
        "reporter_text",
        ("I",),
        QT_TRANSLATE_NOOP("review", "Show or hide the reporter's text"),
        REPORT,
    ),
    Key("help", ("F1",), QT_TRANSLATE_NOOP("review", "Show or hide this help"), REPORT),
)
BY_NAME = {k.name: k for k in KEYS}


def make_action(parent: QWidget, key: Key, slot: Callable[[], None]) -> QAction:
    """A window-wide action for `key` (text fields keep their own typing keys)."""
    action = QAction(key.shown_text, parent)
    action.setShortcuts([QKeySequence(k) for k in key.keys if k not in ("1-9", "Space")])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(f"{key.shown_text} ({key.label})")
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


def tooltip(name: str) -> str:
    key = BY_NAME[name]
    return f"{key.shown_text} ({key.label})"
