"""A calm look: muted greys, one quiet accent, no alarm colours, nothing that blinks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget

from moderator.domain import shipped

PREVIEW_BG = QColor("#24282c")
PLACEHOLDER_TITLE = QColor("#d5d9dc")
PLACEHOLDER_TEXT = QColor("#a9b0b6")
RING = QColor(220, 226, 230, 150)
TAG_BG = QColor(30, 34, 38, 200)
TAG_TEXT = QColor("#d5d9dc")

SHEET = """
QWidget { background: #2c3135; color: #dde1e4; font-size: 10pt; }
QMainWindow, #surface { background: #2c3135; }
QLabel, QRadioButton, QCheckBox { background: transparent; }
QLabel#muted { color: #a3abb2; }
QLabel#heading { font-size: 11pt; font-weight: 600; color: #e8ebed; }
QLabel#reason { color: #d9c9a3; }
QFrame#panel { background: #31373c; border-radius: 6px; }
QFrame#banner { background: #3d4147; border-left: 3px solid #b9a57a; border-radius: 4px; }
QFrame#undo { background: #34414a; border-radius: 4px; }
QFrame[current="true"] { background: #38434b; border-left: 3px solid #7fa7bd;
                         border-radius: 4px; }
QFrame[current="false"] { background: transparent; border-left: 3px solid transparent;
                          border-radius: 4px; }
QPushButton { background: #3b4248; border: 1px solid #4a5258; border-radius: 4px;
              padding: 5px 12px; }
QPushButton:disabled { color: #7d868d; background: #33393e; border-color: #3d4348; }
QPushButton#submit:enabled { background: #4b6a7a; border-color: #5d7f90; }
QRadioButton, QCheckBox { spacing: 8px; padding: 2px 0; }
QRadioButton:disabled, QCheckBox:disabled { color: #6f777e; }
QRadioButton::indicator, QCheckBox::indicator { width: 12px; height: 12px;
    border: 1px solid #7d878f; background: #25292d; }
QRadioButton::indicator { border-radius: 7px; }
QCheckBox::indicator { border-radius: 3px; }
QRadioButton::indicator:checked, QCheckBox::indicator:checked { background: #8fb3c6;
    border-color: #8fb3c6; }
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled { border-color: #4a5258; }
QPlainTextEdit, QLineEdit { background: #25292d; border: 1px solid #464d53;
                            border-radius: 4px; padding: 4px; }
QTableView { background: #2a2f33; gridline-color: #3a4045; border: none;
             selection-background-color: #3f5561; selection-color: #e8ebed; }
QHeaderView::section { background: #31373c; color: #a3abb2; border: none; padding: 3px; }
QScrollArea { border: none; }
QStatusBar { background: #262a2e; color: #a3abb2; }
QSlider::groove:horizontal { height: 4px; background: #454c52; border-radius: 2px; }
QSlider::handle:horizontal { width: 12px; margin: -5px 0; border-radius: 6px;
                             background: #8aa4b3; }
QScrollBar:vertical { background: transparent; width: 10px; margin: 0; }
QScrollBar:horizontal { background: transparent; height: 10px; margin: 0; }
QScrollBar::handle { background: #4a5258; border-radius: 4px; min-height: 24px; min-width: 24px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
QSplitter::handle { background: transparent; }
QToolTip { background: #3b4248; color: #e8ebed; border: 1px solid #4a5258; }
QLabel#choice:disabled { color: #6f777e; }
QComboBox, QAbstractSpinBox { background: #25292d; border: 1px solid #464d53; border-radius: 4px;
                              padding: 3px 6px; }
QComboBox:disabled, QAbstractSpinBox:disabled { color: #7d868d; }
QComboBox QAbstractItemView { background: #2c3135; border: 1px solid #4a5258;
                              selection-background-color: #3f5561; }
QMenuBar { background: #262a2e; }
QMenuBar::item:selected, QMenu::item:selected { background: #3f5561; }
QMenu { background: #31373c; border: 1px solid #4a5258; }
QTabWidget::pane { border: 1px solid #3d4348; border-radius: 4px; top: -1px; }
QTabBar::tab { background: #2a2f33; color: #a3abb2; border: 1px solid #3d4348;
               border-bottom: none; padding: 5px 14px; border-top-left-radius: 4px;
               border-top-right-radius: 4px; }
QTabBar::tab:selected { background: #31373c; color: #e8ebed; }
"""


def icon_path(name: str) -> str | None:
    """A shipped icon's file (`resources/icons/NAME`), or None if it is not on disk."""
    found = shipped.folder("icons").joinpath(name)
    return str(found) if isinstance(found, Path) and found.is_file() else None


def app_icon() -> QIcon:
    path = icon_path("moderator.svg")
    return QIcon(path) if path else QIcon()


def _icon_rules() -> str:
    """Arrows drawn for this theme: Qt's own are dark on dark (barely there)."""
    names = ("down", "up", "left", "right", "down-disabled")
    icons = {n: icon_path(f"chevron-{n}.svg") for n in names}
    if not all(icons.values()):
        return ""  # not installed as files (a zipped install): Qt's arrows, still usable

    def url(name: str) -> str:
        return f'url("{icons[name]}")'

    return f"""
QComboBox::drop-down, QDateEdit::drop-down {{ subcontrol-origin: padding;
    subcontrol-position: center right; width: 18px; border: none; background: transparent; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: {url("down")}; width: 10px;
    height: 10px; }}
QComboBox::down-arrow:disabled, QDateEdit::down-arrow:disabled {{ image: {url("down-disabled")}; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: border;
    width: 16px; border: none; background: transparent; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: {url("up")}; width: 9px; height: 9px; }}
QAbstractSpinBox::down-arrow {{ image: {url("down")}; width: 9px; height: 9px; }}
QHeaderView::down-arrow {{ image: {url("down")}; width: 10px; height: 10px; }}
QHeaderView::up-arrow {{ image: {url("up")}; width: 10px; height: 10px; }}
QCalendarWidget QToolButton {{ background: transparent; border: none; color: #dde1e4; }}
QCalendarWidget QToolButton#qt_calendar_prevmonth {{ qproperty-icon: {url("left")}; }}
QCalendarWidget QToolButton#qt_calendar_nextmonth {{ qproperty-icon: {url("right")}; }}
QCalendarWidget QWidget#qt_calendar_navigationbar {{ background: #31373c; }}
QCalendarWidget QToolButton::menu-indicator {{ image: {url("down")}; width: 8px; height: 8px;
    subcontrol-position: right center; }}
QCalendarWidget QWidget {{ alternate-background-color: #31373c; }}
QCalendarWidget QAbstractItemView {{ background: #25292d; color: #dde1e4;
    selection-background-color: #3f5561; selection-color: #e8ebed; }}
QCalendarWidget QAbstractItemView:disabled {{ color: #6f777e; }}
"""


def calm_calendar(calendar: QCalendarWidget) -> None:
    """Weekends in the same quiet text as weekdays (Qt paints them red), the day names muted:
    a date picker has nothing to alarm anyone about."""
    weekday = QTextCharFormat()
    weekday.setForeground(QColor("#dde1e4"))
    for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        calendar.setWeekdayTextFormat(day, weekday)
    header = QTextCharFormat()
    header.setForeground(QColor("#a3abb2"))
    calendar.setHeaderTextFormat(header)


SHEET += _icon_rules()
