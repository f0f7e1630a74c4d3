"""What a person can read on a screen, and which of it is still the English of the catalog.

`visible_texts(widget)` walks a window's visible widgets: labels, buttons, actions and menus,
window titles, table headers, placeholders and tooltips. `untranslated(texts)` picks the ones
equal to an English source text of the Korean catalog, a `{placeholder}` template included
("Report {ref}" matches "Report DEMO-1"), or reading as English words with no Hangul at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from moderator.ui.i18n_build import ts_file

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A word of English prose: letters only, between spaces or punctuation (not inside an id,
# a file name, a URL or a code such as "kr-illegal-filming" or "SHA-256").
_WORD = re.compile(r"(?<![\w.\-/@+])[A-Za-z]{3,}(?![\w.\-/@+])")


def visible_texts(top: QWidget) -> list[str]:
    """Every text shown by `top` and its visible descendants (and the menu bar's actions)."""
    out: list[str] = []

    def add(text: str | None) -> None:
        if text and text.strip():
            out.append(text.replace("&", "").strip())

    add(top.windowTitle())
    widgets = [top, *top.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(top) and w is not top:
            continue
        add(w.toolTip())
        if (
            isinstance(w, QLabel)
            and w.textFormat() != Qt.TextFormat.RichText
            or isinstance(w, QAbstractButton)
        ):
            add(w.text())
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            add(w.placeholderText())
        elif isinstance(w, QGroupBox):
            add(w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w.tabText(i))
        elif isinstance(w, QTableView | QTreeView) and w.model() is not None:
            header = w.horizontalHeader() if isinstance(w, QTableView) else w.header()
            for section in range(header.count()):
                if not header.isSectionHidden(section):
                    add(w.model().headerData(section, Qt.Orientation.Horizontal))
        for action in w.actions():
            add(action.text())
            add(action.toolTip())
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            add(action.text())
            menu = action.menu()
            for sub in menu.actions() if menu is not None else []:
                add(sub.text())
    return out


@cache
def catalog_sources() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The English sources of the Korean catalog: exact texts, and templates as patterns."""
    exact: set[str] = set()
    templates: list[re.Pattern[str]] = []
    for message in ET.parse(ts_file("ko")).getroot().iter("message"):
        source = message.findtext("source") or ""
        if "{" in source:
            parts = re.split(r"\{\w+\}", source)
            templates.append(re.compile("(?s)" + ".+?".join(re.escape(p) for p in parts) + "$"))
        elif len(re.findall(r"[A-Za-z]", source)) >= 3:  # "2", "SLA" and the like are no proof
            exact.add(source.replace("&", ""))
    return frozenset(exact), tuple(templates)


def from_catalog(text: str) -> bool:
    exact, templates = catalog_sources()
    if text in exact:
        return True
    lines = [text, *text.splitlines()]
    return any(t.match(line) for t in templates for line in lines if len(line) > 8)


def reads_english(text: str) -> bool:
    """Two or more English words and no Hangul: a sentence nobody translated."""
    return not HANGUL.search(text) and len(_WORD.findall(text)) >= 2


def untranslated(texts: list[str], allowed: frozenset[str] = frozenset()) -> list[str]:
    return sorted({t for t in texts if t not in allowed and (from_catalog(t) or reads_english(t))})
