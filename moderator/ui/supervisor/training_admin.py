"""The training admin window (supervisors): courses, records by reviewer and status, CSV import.

`TrainingAdminView` lays the widgets out; `TrainingAdminWindow` does the work, every database
call on the Tasks DB lane, one audited transaction per change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.rows import CourseRow
from moderator.services.supervision import TrainingRecords
from moderator.services.training import STATES, SUPERSEDED, AdminRow
from moderator.services.training_csv import ImportResult, local_zone
from moderator.ui.common import i18n, style
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.text import plain
from moderator.ui.common.tools import ToolContext
from moderator.ui.supervisor.training_dialogs import CourseDialog, ImportResultDialog, RecordDialog

Index = QModelIndex | QPersistentModelIndex
ALL_REVIEWERS = QT_TRANSLATE_NOOP("supervisor", "All reviewers")
ALL_STATES = QT_TRANSLATE_NOOP("supervisor", "All states")
# A record's state in the supervisor's words (the filter keeps the codes).
STATE_NAMES = {
    "valid": QT_TRANSLATE_NOOP("supervisor", "valid"),
    "expiring": QT_TRANSLATE_NOOP("supervisor", "expiring"),
    "expired": QT_TRANSLATE_NOOP("supervisor", "expired"),
    "missing": QT_TRANSLATE_NOOP("supervisor", "missing"),
    "superseded": QT_TRANSLATE_NOOP("supervisor", "superseded"),
}


def _day(value: datetime | None, tz: tzinfo | None) -> str:
    if value is None:
        return "—"
    return i18n.day(value.astimezone(tz))


class TrainingAdminView(QWidget):
    def __init__(self, tz: tzinfo | None) -> None:
        super().__init__()
        self.setWindowTitle(translate("common", "Training records"))
        self.setStyleSheet(style.SHEET)
        self.resize(1100, 640)
        self.records_model = RowsModel(
            (
                translate("supervisor", "Reviewer"),
                translate("supervisor", "Course"),
                translate("supervisor", "Status"),
                translate("supervisor", "Completed"),
                translate("supervisor", "Expires"),
                translate("supervisor", "Evidence"),
                translate("supervisor", "Source"),
            ),
            lambda r: (
                r.reviewer,
                f"{r.course_code} · {r.course_title}",
                translate("supervisor", STATE_NAMES.get(r.state, r.state)),
                _day(r.completed_at, tz),
                _day(r.expires_at, tz),
                r.record.evidence if r.record else "",
                r.record.source if r.record else "",
            ),
        )
        self.courses_model = RowsModel(
            (
                translate("supervisor", "Code"),
                translate("supervisor", "Title"),
                translate("supervisor", "Valid for"),
                translate("supervisor", "Needed by queues"),
                translate("supervisor", "Categories"),
            ),
            lambda c: (
                c.code,
                c.title,
                translate("supervisor", "{days} days").format(days=c.validity_days),
                ", ".join(c.queues) or "—",
                ", ".join(c.categories) or "—",
            ),
        )
        self.reviewer_filter, self.state_filter = QComboBox(), QComboBox()
        # Shown in words, filtered by code: the item's data ("" for all).
        self.reviewer_filter.addItem(translate("supervisor", ALL_REVIEWERS), "")
        self.state_filter.addItem(translate("supervisor", ALL_STATES), "")
        for code in (*STATES, SUPERSEDED):
            self.state_filter.addItem(translate("supervisor", code), code)
        self.records_view, self.courses_view = (
            table(self.records_model),
            table(self.courses_model),
        )
        self.add_record = QPushButton(translate("supervisor", "Add record…"))
        self.edit_record = QPushButton(translate("supervisor", "Edit…"))
        self.delete_record = QPushButton(translate("supervisor", "Delete"))
        self.import_button = QPushButton(translate("supervisor", "Import CSV…"))
        self.add_course = QPushButton(translate("supervisor", "Add course…"))
        self.edit_course = QPushButton(translate("supervisor", "Edit…"))
        self.delete_course = QPushButton(translate("supervisor", "Delete"))
        records = QWidget()
        col = QVBoxLayout(records)
        col.addLayout(_row(self.reviewer_filter, self.state_filter, None, self.import_button))
        col.addWidget(self.records_view, 1)
        col.addLayout(_row(self.add_record, self.edit_record, self.delete_record, None))
        courses = QWidget()
        col = QVBoxLayout(courses)
        col.addWidget(self.courses_view, 1)
        col.addLayout(_row(self.add_course, self.edit_course, self.delete_course, None))
        self.tabs = QTabWidget()
        self.tabs.addTab(records, translate("supervisor", "Records"))
        self.tabs.addTab(courses, translate("supervisor", "Courses"))
        self.message = plain(name="muted")
        column = QVBoxLayout(self)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.message)


def _row(*widgets: QWidget | None) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    return row


class TrainingAdminWindow(TrainingAdminView):
    """Loads and changes courses and records in the background; never waits on the database."""

    def __init__(self, admin: TrainingRecords, tasks: Tasks, tz: tzinfo | None = None) -> None:
        super().__init__(tz)
        self.admin, self.tasks, self.tz = admin, tasks, tz
        self.all_rows: list[AdminRow] = []
        self.reviewers: list[str] = []
        self.validity: dict[str, int] = {}
        self.queues: list[str] = []
        self.dialog: Any = None  # the open dialog, for tests and to keep it alive
        # Asked before a delete; tests answer it without a modal box.
        self.confirm: Callable[[str], bool] = self._ask
        self.reviewer_filter.currentTextChanged.connect(self._apply_filter)
        self.state_filter.currentTextChanged.connect(self._apply_filter)
        self.add_record.clicked.connect(lambda: self.open_record_dialog(None))
        self.edit_record.clicked.connect(lambda: self.open_record_dialog(self.selected_row()))
        self.records_view.doubleClicked.connect(
            lambda _i: self.open_record_dialog(self.selected_row())
        )
        self.delete_record.clicked.connect(self._on_delete_record_clicked)
        self.add_course.clicked.connect(lambda: self.open_course_dialog(None))
        self.edit_course.clicked.connect(lambda: self.open_course_dialog(self.selected_course()))
        self.delete_course.clicked.connect(self._on_delete_course_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.reload()

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self.tasks.run(DB, self._read, on_done=self._on_loaded, on_failed=self._on_failed)

    def _read(self) -> tuple[list[AdminRow], list[CourseRow], list[str], list[str]]:
        people, _codes, queues = self.admin.choices()
        return self.admin.rows(), self.admin.courses(), people, queues

    def _on_loaded(
        self, loaded: tuple[list[AdminRow], list[CourseRow], list[str], list[str]]
    ) -> None:
        self.all_rows, courses, self.reviewers, self.queues = loaded
        self.validity = {c.code: c.validity_days for c in courses}
        self.courses_model.set_rows(courses)
        current = self.reviewer_filter.currentText()
        self.reviewer_filter.blockSignals(True)
        self.reviewer_filter.clear()
        self.reviewer_filter.addItem(translate("supervisor", ALL_REVIEWERS), "")
        for name in self.reviewers:
            self.reviewer_filter.addItem(name, name)
        self.reviewer_filter.setCurrentText(current)
        self.reviewer_filter.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        who, state = self.reviewer_filter.currentData() or "", self.state_filter.currentData() or ""
        self.records_model.set_rows(
            [
                r
                for r in self.all_rows
                if (not who or r.reviewer == who) and (not state or r.state == state)
            ]
        )

    def selected_row(self) -> AdminRow | None:
        rows = self.records_view.selectionModel().selectedRows()
        return self.records_model.rows[rows[0].row()] if rows else None

    def selected_course(self) -> CourseRow | None:
        rows = self.courses_view.selectionModel().selectedRows()
        return self.courses_model.rows[rows[0].row()] if rows else None

    # --- changes ----------------------------------------------------------------------------

    def _change(self, fn: Callable[..., Any], *args: Any, done: str) -> None:
        self.message.setText(translate("supervisor", "Saving…"))
        self.tasks.run(
            DB, fn, *args, on_done=lambda _r: self._on_changed(done), on_failed=self._on_failed
        )

    def _on_changed(self, done: str) -> None:
        self.message.setText(done)
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setText(translate("supervisor", "Not saved: {problem}").format(problem=exc))

    def open_record_dialog(self, row: AdminRow | None) -> RecordDialog:
        record = row.record if row is not None else None
        dialog = RecordDialog(
            self.reviewers,
            self.validity,
            record,
            today=self.admin.now().astimezone(self.tz).date(),
            tz=self.tz,
            parent=self,
        )
        if row is not None and record is None:  # a missing course: add it for that person
            dialog.reviewer.setCurrentText(row.reviewer)
            dialog.course.setCurrentText(row.course_code)
        dialog.accepted.connect(lambda: self._on_record_accepted(dialog, record))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_record_accepted(self, dialog: RecordDialog, record: Any) -> None:
        value = dialog.value()
        if record is None:
            self._change(
                self.admin.add_record,
                value,
                done=translate("supervisor", "Record added for {who}.").format(who=value.reviewer),
            )
        else:
            self._change(
                self.admin.update_record,
                record.id,
                value,
                done=translate("supervisor", "Record saved."),
            )

    def open_course_dialog(self, course: CourseRow | None) -> CourseDialog:
        dialog = CourseDialog(self.queues, course, parent=self)
        dialog.accepted.connect(
            lambda: self._change(
                self.admin.save_course,
                dialog.value(),
                done=translate("supervisor", "Course {code} saved.").format(
                    code=dialog.value().code
                ),
            )
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_delete_record_clicked(self) -> None:
        row = self.selected_row()
        if row is None or row.record is None:
            self.message.setText(
                translate("supervisor", "Select a record to delete (a missing course has none).")
            )
            return
        what = translate("supervisor", "{who}'s {course} record completed {day}").format(
            who=row.reviewer, course=row.course_code, day=_day(row.completed_at, self.tz)
        )
        question = translate("supervisor", "Delete {what}? This is recorded in the audit log.")
        if self.confirm(question.format(what=what)):
            done = translate("supervisor", "Deleted {what}.").format(what=what)
            self._change(self.admin.delete_record, row.record.id, done=done)

    def _on_delete_course_clicked(self) -> None:
        course = self.selected_course()
        if course is None:
            self.message.setText(translate("supervisor", "Select a course to delete."))
            return
        if self.confirm(
            translate(
                "supervisor", "Delete the course {code}? This is recorded in the audit log."
            ).format(code=course.code)
        ):
            done = translate("supervisor", "Deleted {what}.").format(what=course.code)
            self._change(self.admin.delete_course, course.code, done=done)

    def _ask(self, question: str) -> bool:
        # No icon: Qt's question mark is drawn for a light theme and says nothing here.
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, translate("common", "Training records"), question, parent=self
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    # --- import -----------------------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            translate("supervisor", "Import training CSV"),
            "",
            translate("supervisor", "CSV files (*.csv);;All files (*)"),
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self.message.setText(translate("supervisor", "Importing {name}…").format(name=path.name))
        self.tasks.run(
            DB, self.admin.import_csv, path, self.tz or local_zone(),
            on_done=self._on_imported, on_failed=self._on_failed,
        )  # fmt: skip

    def _on_imported(self, result: ImportResult) -> None:
        self.message.setText(result.summary())
        self.dialog = ImportResultDialog(result, self)
        self.dialog.open()
        self.reload()


def open_training_admin(context: ToolContext) -> QWidget:
    """The Tools menu's "Training records" window."""
    window = TrainingAdminWindow(context.services.training, context.tasks, context.tz)
    window.setParent(context.parent, Qt.WindowType.Window)
    window.show()
    return window
