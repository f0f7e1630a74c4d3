"""The training admin's dialogs: a course, a record, and the result of a CSV import.

Each dialog checks what it can before it lets Save through (and says why not); what only the
database knows (a duplicate record, say) comes back as a message in the admin window.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.clock import utc
from moderator.domain.rows import CourseInput, CourseRow, RecordInput, RecordRow
from moderator.services.training_csv import ImportResult
from moderator.ui.common import i18n, style
from moderator.ui.common.forms import FormDialog
from moderator.ui.common.i18n import translate
from moderator.ui.common.text import plain


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _midnight(value: QDate, tz: tzinfo | None) -> datetime:
    """A date picked in the dialog means local midnight, as a CSV date does."""
    local = datetime(value.year(), value.month(), value.day())
    return utc(local.replace(tzinfo=tz) if tz else local.astimezone())


_Form = FormDialog


class CourseDialog(_Form):
    def __init__(
        self, queues: list[str], course: CourseRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            translate("supervisor", "Edit course")
            if course
            else translate("supervisor", "Add course"),
            parent,
        )
        self.code, self.title = QLineEdit(), QLineEdit()
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(365)
        self.days.setSuffix(translate("supervisor", " days"))
        self.queues = QListWidget()
        for name in queues:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.queues.addItem(item)
        self.queues.setMaximumHeight(120)
        self.categories = QLineEdit()
        self.categories.setPlaceholderText(
            translate("supervisor", "report categories, separated by spaces")
        )
        self.form.addRow(translate("supervisor", "Code"), self.code)
        self.form.addRow(translate("supervisor", "Title"), self.title)
        self.form.addRow(translate("supervisor", "Valid for"), self.days)
        self.form.addRow(translate("supervisor", "Needed by queues"), self.queues)
        self.form.addRow(translate("supervisor", "…and categories"), self.categories)
        if course is not None:
            self.code.setText(course.code)
            self.code.setReadOnly(True)  # the code is the key records point at
            self.title.setText(course.title)
            self.days.setValue(course.validity_days)
            self.categories.setText(" ".join(course.categories))
            for i in range(self.queues.count()):
                item = self.queues.item(i)
                if item.text() in course.queues:
                    item.setCheckState(Qt.CheckState.Checked)
        for edit in (self.code, self.title):
            edit.textChanged.connect(self._on_changed)
        self._on_changed()

    def check(self) -> str:
        if not self.code.text().strip():
            return translate("supervisor", "Give the course a code, e.g. CSAM-CERT.")
        if not self.title.text().strip():
            return translate("supervisor", "Give the course a title.")
        return ""

    def value(self) -> CourseInput:
        checked = [
            self.queues.item(i).text()
            for i in range(self.queues.count())
            if self.queues.item(i).checkState() == Qt.CheckState.Checked
        ]
        return CourseInput(
            self.code.text().strip(),
            self.title.text().strip(),
            self.days.value(),
            tuple(checked),
            tuple(self.categories.text().replace(";", " ").split()),
        )


class RecordDialog(_Form):
    def __init__(
        self,
        reviewers: list[str],
        courses: dict[str, int],  # code -> validity days
        record: RecordRow | None = None,
        *,
        today: date,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            translate("supervisor", "Edit training record")
            if record
            else translate("supervisor", "Add training record"),
            parent,
        )
        self.tz, self.validity = tz, courses
        self.reviewer, self.course = QComboBox(), QComboBox()
        self.reviewer.addItems(reviewers)
        self.course.addItems(list(courses))
        self.completed, self.expires = QDateEdit(), QDateEdit()
        for edit in (self.completed, self.expires):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy. M. d." if i18n.current() == "ko" else "d MMM yyyy")
            if (calendar := edit.calendarWidget()) is not None:
                style.calm_calendar(calendar)
        self.today = _qdate(today)
        self.completed.setDate(self.today)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText(
            translate("supervisor", "certificate number, attendance list, …")
        )
        self.form.addRow(translate("supervisor", "Reviewer"), self.reviewer)
        self.form.addRow(translate("supervisor", "Course"), self.course)
        self.form.addRow(translate("supervisor", "Completed on"), self.completed)
        self.form.addRow(translate("supervisor", "Expires on"), self.expires)
        self.form.addRow(translate("supervisor", "Evidence"), self.evidence)
        self.source = "admin window"
        if record is not None:
            self.reviewer.setCurrentText(record.reviewer)
            self.course.setCurrentText(record.course_code)
            self.completed.setDate(_qdate(record.completed_at.astimezone(tz).date()))
            self.expires.setDate(_qdate(record.expires_at.astimezone(tz).date()))
            self.evidence.setText(record.evidence)
            self.source = record.source or self.source
        else:
            self._on_course_changed()
        self.course.currentTextChanged.connect(self._on_course_changed)
        self.completed.dateChanged.connect(self._on_completed_changed)
        self.expires.dateChanged.connect(self._on_changed)
        self._on_changed()

    def _on_course_changed(self) -> None:
        self._on_completed_changed()

    def _on_completed_changed(self) -> None:
        days = self.validity.get(self.course.currentText(), 365)
        self.expires.setDate(self.completed.date().addDays(days))
        self._on_changed()

    def check(self) -> str:
        if not self.reviewer.currentText() or not self.course.currentText():
            return translate("supervisor", "Choose a reviewer and a course.")
        if self.expires.date() <= self.completed.date():
            return translate("supervisor", "The expiry must be after the completion.")
        if self.completed.date() > self.today:
            return translate("supervisor", "The completion cannot be in the future.")
        return ""

    def value(self) -> RecordInput:
        return RecordInput(
            self.reviewer.currentText(),
            self.course.currentText(),
            _midnight(self.completed.date(), self.tz),
            _midnight(self.expires.date(), self.tz),
            self.evidence.text().strip(),
            self.source,
        )


class ImportResultDialog(QDialog):
    """What an import did, and every rejected row with its line and reason."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("supervisor", "Imported {file}").format(file=result.file))
        self.setStyleSheet(style.SHEET)
        self.resize(640, 360)
        self.summary = plain(result.summary(), name="heading")
        self.table = QTableWidget(len(result.problems), 2)
        self.table.setHorizontalHeaderLabels(
            [translate("supervisor", "Line"), translate("supervisor", "Why it was not imported")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for i, problem in enumerate(result.problems):
            self.table.setItem(i, 0, QTableWidgetItem(str(problem.line)))
            self.table.setItem(i, 1, QTableWidgetItem(problem.reason))
        self.table.setVisible(bool(result.problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
