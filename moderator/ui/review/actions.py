"""Every keyboard action: one table feeds the shortcuts, the tooltips and the F1 help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Key:
    name: str
    keys: tuple[str, ...]
    text: str
    group: str

    @property
    def label(self) -> str:
        return " / ".join(self.keys)


HOLD = Key("hold", ("Space",), "Reveal while held (re-blurs on release)", "Reveal")
KEYS = (
    HOLD,
    Key("region", ("R",), "Region reveal: a circle under the pointer (toggle)", "Reveal"),
    Key("timed", ("T",), "Timed reveal: re-blurs by itself after a few seconds", "Reveal"),
    Key("grayscale", ("G",), "Grayscale on / off", "Reveal"),
    Key("blur_more", ("]",), "More blur", "Reveal"),
    Key("blur_less", ("[",), "Less blur", "Reveal"),
    Key("media_next", ("PgDown",), "Next media item of the report", "Reveal"),
    Key("media_prev", ("PgUp",), "Previous media item", "Reveal"),
    Key("frame_next", (".",), "Video: next keyframe (blurred)", "Reveal"),
    Key("frame_prev", (",",), "Video: previous keyframe; back to the contact sheet", "Reveal"),
    Key("answer", ("1-9",), "Answer the current checklist item", "Checklist"),
    Key("question_next", ("Down",), "Next checklist item", "Checklist"),
    Key("question_prev", ("Up",), "Previous checklist item", "Checklist"),
    Key("notes", ("F2",), "Write in the current text field or the notes", "Checklist"),
    Key("leave", ("Esc",), "Leave a text field; end a reveal; close this help", "Checklist"),
    Key("submit", ("Ctrl+Return",), "Submit the decision (when the form is valid)", "Decide"),
    Key("undo", ("Ctrl+Z",), "Undo the last decision during its grace period", "Decide"),
    Key("escalate", ("E",), "Escalate to a supervisor (asks for a reason)", "Decide"),
    Key("skip", ("S",), "Skip: give the report back and move on", "Decide"),
    Key("next", ("N",), "Next: check the queue now", "Decide"),
    Key("reporter_text", ("I",), "Show or hide the reporter's text", "Report"),
    Key("help", ("F1",), "Show or hide this help", "Report"),
)
BY_NAME = {k.name: k for k in KEYS}


def make_action(parent: QWidget, key: Key, slot: Callable[[], None]) -> QAction:
    """A window-wide action for `key` (text fields keep their own typing keys)."""
    action = QAction(key.text, parent)
    action.setShortcuts([QKeySequence(k) for k in key.keys if k not in ("1-9", "Space")])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(f"{key.text} ({key.label})")
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


def tooltip(name: str) -> str:
    key = BY_NAME[name]
    return f"{key.text} ({key.label})"
