"""A calm look: muted greys, one quiet accent, no alarm colours, nothing that blinks."""

from __future__ import annotations

from PySide6.QtGui import QColor

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
"""
