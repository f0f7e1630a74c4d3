"""The console's layout: filter bar, the log table, details, chain status and export controls.

Behaviour lives in `moderator.ui.supervisor.console.ConsoleWindow`; this class only builds
widgets and offers small methods to put values into them.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moderator.ui.common import i18n, style
from moderator.ui.common.i18n import translate

ANY_DATE = QDate(2000, 1, 1)
# A typical cell of each column (time … seq, as the model's columns), measured in the font in
# use: fixed widths, since measuring a million rows is not an option. Longer ones elide, with
# a tooltip.
SAMPLES = (
    "2026-12-01 23:59:59",
    "demo.supervisor",
    "second_review",
    "DEMO-H00078 (gold)",
    "Not child abuse imagery",
    "kr-illegal-filming",
    "region 10.0 s",
    "demo.supervisor · 6e49e1",
    "99999",
)
PADDING = 14  # a cell's margins, both sides
EXTRA = """
QComboBox, QDateEdit { background: #25292d; border: 1px solid #464d53; border-radius: 4px;
                       padding: 3px 6px; min-width: 90px; }
QTableView::item:selected, QTableWidget::item:selected { background: #3e5361; color: #e8ebed; }
QProgressBar { background: #25292d; border: 1px solid #464d53; border-radius: 4px;
               text-align: center; height: 14px; }
QProgressBar::chunk { background: #5d7f90; border-radius: 3px; }
"""


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _choice(any_text: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(any_text, "")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _date() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(ANY_DATE)
    # shown while the date is the minimum: no bound
    edit.setSpecialValueText(translate("supervisor", "any"))
    edit.setDate(ANY_DATE)
    calendar = edit.calendarWidget()
    if calendar is not None:
        style.calm_calendar(calendar)
    return edit


class ConsoleView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(translate("common", "Audit console"))
        self.setObjectName("surface")
        self.setStyleSheet(style.SHEET + EXTRA)
        self.resize(1400, 860)
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        root.setSpacing(10)
        root.addLayout(self._filter_bar())
        self.status_label = _label("", "muted")
        root.addWidget(self.status_label)
        # The log takes the whole width (nine columns, every header whole); the event's
        # details and the chains' state sit under it, side by side.
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self._details())
        below.addWidget(self._chains())
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._log_table())
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([480, 300])
        root.addWidget(split, 1)
        root.addLayout(self._export_bar())

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.reviewer_combo = QComboBox()
        self.reviewer_combo.setEditable(True)
        editor = self.reviewer_combo.lineEdit()
        assert editor is not None
        editor.setPlaceholderText(translate("supervisor", "any reviewer"))
        self.reviewer_combo.setMinimumContentsLength(16)
        self.reviewer_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.report_edit = QLineEdit()
        self.report_edit.setPlaceholderText(translate("supervisor", "reference, e.g. NC-101"))
        self.report_edit.setMinimumWidth(170)
        self.kind_combo = _choice(translate("supervisor", "any event"))
        self.outcome_combo = _choice(translate("supervisor", "any outcome"))
        # Outcome labels are sentences: the box stays narrow, its list shows them whole.
        self.outcome_combo.setMinimumContentsLength(16)
        self.outcome_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.policy_combo = _choice(translate("supervisor", "any policy"))
        self.from_edit, self.to_edit = _date(), _date()
        self.apply_button = QPushButton(translate("supervisor", "Apply"))
        self.apply_button.setObjectName("submit")
        self.clear_button = QPushButton(translate("supervisor", "Clear"))
        for text, widget in (
            (translate("supervisor", "Reviewer"), self.reviewer_combo),
            (translate("supervisor", "Report"), self.report_edit),
            (translate("supervisor", "Event"), self.kind_combo),
            (translate("supervisor", "Outcome"), self.outcome_combo),
            (translate("supervisor", "Policy"), self.policy_combo),
            (translate("supervisor", "From"), self.from_edit),
            (translate("supervisor", "To"), self.to_edit),
        ):
            bar.addWidget(_label(text, "muted"))
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.apply_button)
        return bar

    def _log_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("audit-log")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures a million rows to lay them out.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(24)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setDefaultSectionSize(110)
        table.horizontalHeader().setMinimumSectionSize(40)
        self.table = table
        return table

    def _details(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 6, 8, 0)
        layout.addWidget(_label(translate("supervisor", "Event details"), "heading"))
        self.details_text = QPlainTextEdit()
        self.details_text.setObjectName("details")
        self.details_text.setReadOnly(True)
        self.details_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.details_text.setFont(mono)
        self.details_text.setPlainText(
            translate("supervisor", "Select an event to see its details.")
        )
        layout.addWidget(self.details_text, 1)
        return side

    def _chains(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("panel")
        inner = QVBoxLayout(panel)
        head = QHBoxLayout()
        head.addWidget(_label(translate("supervisor", "Chain verification"), "heading"))
        head.addStretch(1)
        self.verify_button = QPushButton(translate("supervisor", "Verify now"))
        head.addWidget(self.verify_button)
        inner.addLayout(head)
        self.verify_label = _label("", "muted")
        self.verify_label.setWordWrap(True)
        inner.addWidget(self.verify_label)
        self.chains_table = QTableWidget(0, 4)
        self.chains_table.setObjectName("chains")
        self.chains_table.setHorizontalHeaderLabels(
            [
                translate("supervisor", "Workstation"),
                translate("supervisor", "Events"),
                translate("supervisor", "Signed up to"),
                translate("supervisor", "State"),
            ]
        )
        self.chains_table.verticalHeader().setVisible(False)
        self.chains_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        heads = self.chains_table.horizontalHeader()
        heads.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        heads.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name gives way
        self.chains_table.setWordWrap(False)
        inner.addWidget(self.chains_table)
        return panel

    def _export_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.csv_button = QPushButton(translate("supervisor", "Export CSV…"))
        self.jsonl_button = QPushButton(translate("supervisor", "Export JSONL…"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.cancel_button = QPushButton(translate("supervisor", "Cancel export"))
        self.cancel_button.hide()
        self.export_label = _label("", "muted")
        bar.addWidget(self.csv_button)
        bar.addWidget(self.jsonl_button)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.export_label, 1)
        return bar

    # --- putting values in -------------------------------------------------------------------

    def size_columns(self) -> None:
        """Widths that fit a typical cell and the whole header, in the font in use."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(SAMPLES):
            # Never narrower than the header's own text: a cut-off header names nothing.
            label = header.sectionSizeFromContents(column).width()
            width = max(metrics.horizontalAdvance(sample) + PADDING, label)
            self.table.setColumnWidth(column, width)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def fill_choices(
        self,
        actors: list[str],
        kinds: list[str],
        outcomes: list[tuple[str, str]],
        policies: list[str],
    ) -> None:
        """Fill the dropdowns; `outcomes` are (code, label): the label is shown."""
        typed = self.reviewer_combo.currentText()
        self.reviewer_combo.clear()
        self.reviewer_combo.addItems(["", *actors])
        self.reviewer_combo.setCurrentText(typed)
        for combo, values in (
            (self.kind_combo, [(k, k) for k in kinds]),
            (self.outcome_combo, outcomes),
            (self.policy_combo, [(p, p) for p in policies]),
        ):
            chosen = combo.currentData()
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in values:
                combo.addItem(text, value)
                combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        view = self.outcome_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)

    def choose(self, combo: QComboBox, value: str) -> None:
        """Select `value` in a filter dropdown (adding it if the list does not have it yet)."""
        index = combo.findData(value)
        if index < 0:
            combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def reset_filters(self) -> None:
        self.reviewer_combo.setCurrentText("")
        self.report_edit.clear()
        for combo in (self.kind_combo, self.outcome_combo, self.policy_combo):
            combo.setCurrentIndex(0)
        self.from_edit.setDate(ANY_DATE)
        self.to_edit.setDate(ANY_DATE)

    def show_chains(self, rows: list[tuple[str, str, str, str]], oks: list[bool]) -> None:
        self.chains_table.setRowCount(len(rows))
        for r, (cells, ok) in enumerate(zip(rows, oks, strict=True)):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not ok and c == 3:
                    item.setForeground(style.PLACEHOLDER_TITLE)  # calm: words, not red
                self.chains_table.setItem(r, c, item)

    def show_export_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1) if total else 0)  # 0..0: busy until counted
        self.progress.setValue(done)
        self.progress.show()
        self.cancel_button.show()
        self.csv_button.setEnabled(False)
        self.jsonl_button.setEnabled(False)
        self.export_label.setText(
            translate("supervisor", "Exporting… {done} of {total}").format(
                done=i18n.number(done), total=i18n.number(total)
            )
            if total
            else translate("supervisor", "Exporting…")
        )

    def hide_export_progress(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.csv_button.setEnabled(True)
        self.jsonl_button.setEnabled(True)

    def set_export_message(self, text: str) -> None:
        self.export_label.setText(text)
