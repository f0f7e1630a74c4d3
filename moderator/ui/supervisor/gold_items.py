"""The gold items window (supervisors): mark decided reports as gold, retire gold items, and
set each queue's gold rate and second-review share.

No media is shown. `GoldView` lays the widgets out; `GoldWindow` does the work, every
database call on the Tasks DB lane, one audited transaction per change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from moderator.services.quality import DecidedReport, GoldItemRow, QueueQa
from moderator.services.supervision import GoldItems
from moderator.ui.common import style
from moderator.ui.common.i18n import translate
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.text import plain
from moderator.ui.common.tools import ToolContext
from moderator.ui.supervisor.adjudication import when


def _share() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.0, 100.0)
    box.setDecimals(1)
    box.setSuffix(" %")
    return box


class GoldView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(translate("supervisor", "Gold items and QA settings"))
        self.setStyleSheet(style.SHEET)
        self.resize(1100, 640)
        self.decided_model = RowsModel(
            (
                translate("supervisor", "Report"),
                translate("supervisor", "Queue"),
                translate("supervisor", "Outcome"),
                translate("supervisor", "Decided by"),
                translate("supervisor", "Decided"),
                translate("supervisor", "Gold"),
            ),
            lambda r: (
                r.external_ref,
                r.queue,
                r.outcome,
                r.reviewer,
                when(r.decided_at),
                translate("supervisor", "gold") if r.is_gold else "",
            ),
        )
        self.gold_model = RowsModel(
            (
                translate("supervisor", "Report"),
                translate("supervisor", "Queue"),
                translate("supervisor", "Expected"),
                translate("supervisor", "Served"),
                translate("supervisor", "Right"),
                translate("supervisor", "Marked by"),
                translate("supervisor", "Status"),
            ),
            lambda g: (
                g.external_ref,
                g.queue,
                g.expected_outcome,
                str(g.served),
                translate("supervisor", "{correct} of {answered}").format(
                    correct=g.correct, answered=g.answered
                ),
                g.created_by,
                translate("supervisor", "retired {day}").format(day=when(g.retired_at))
                if g.retired_at
                else translate("supervisor", "serving"),
            ),
        )
        self.decided_view, self.gold_view = table(self.decided_model), table(self.gold_model)
        self.expected, self.note = QComboBox(), QLineEdit()
        self.note.setPlaceholderText(translate("supervisor", "Why this outcome (supervisors only)"))
        self.mark = QPushButton(translate("supervisor", "Mark as gold"))
        self.mark.setObjectName("submit")
        self.retire = QPushButton(translate("supervisor", "Retire"))
        self.queue, self.gold_rate, self.second = QComboBox(), _share(), _share()
        self.save_settings = QPushButton(translate("supervisor", "Save"))
        self.status = plain(name="muted")

        decided = QWidget()
        col = QVBoxLayout(decided)
        col.addWidget(
            plain(
                translate("supervisor", "Decided reports: mark one whose outcome you vouch for"),
                "muted",
            )
        )
        col.addWidget(self.decided_view, 1)
        row = QHBoxLayout()
        row.addWidget(plain(translate("supervisor", "Expected outcome")))
        row.addWidget(self.expected, 1)
        row.addWidget(self.note, 2)
        row.addWidget(self.mark)
        col.addLayout(row)
        gold = QWidget()
        gcol = QVBoxLayout(gold)
        gcol.addWidget(self.gold_view, 1)
        grow = QHBoxLayout()
        grow.addStretch(1)
        grow.addWidget(self.retire)
        gcol.addLayout(grow)
        self.tabs = QTabWidget()
        self.tabs.addTab(decided, translate("supervisor", "Decided reports"))
        self.tabs.addTab(gold, translate("common", "Gold items"))
        settings = QHBoxLayout()
        settings.addWidget(plain(translate("supervisor", "Queue")))
        settings.addWidget(self.queue, 2)
        settings.addWidget(plain(translate("supervisor", "Gold rate")))
        settings.addWidget(self.gold_rate)
        settings.addWidget(plain(translate("supervisor", "Second review")))
        settings.addWidget(self.second)
        settings.addWidget(self.save_settings)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs, 1)
        outer.addLayout(settings)
        outer.addWidget(self.status)


class GoldWindow(GoldView):
    def __init__(self, service: GoldItems, tasks: Tasks) -> None:
        super().__init__()
        self.service, self.tasks = service, tasks
        self.settings_rows: list[QueueQa] = []
        self.decided_view.selectionModel().currentRowChanged.connect(self._on_decided_current)
        self.mark.clicked.connect(self._on_mark_clicked)
        self.retire.clicked.connect(self._on_retire_clicked)
        self.queue.currentIndexChanged.connect(self._on_queue_changed)
        self.save_settings.clicked.connect(self._on_save_settings_clicked)
        self.mark.setEnabled(False)
        self.reload()

    def _db(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        self.tasks.run(DB, fn, *args, on_done=done, on_failed=self._on_failed)

    def reload(self) -> None:
        service = self.service
        self._db(
            lambda: (service.decided_reports(), service.gold_items(include_retired=True)),
            done=self._on_loaded,
        )
        self._db(service.settings, done=self._on_settings)

    def _on_loaded(self, loaded: tuple[list[DecidedReport], list[GoldItemRow]]) -> None:
        decided, gold = loaded
        self.decided_model.set_rows(decided)
        self.gold_model.set_rows(gold)
        self.mark.setEnabled(False)
        self.expected.clear()

    def _on_settings(self, rows: list[QueueQa]) -> None:
        self.settings_rows = rows
        current = self.queue.currentText()
        self.queue.blockSignals(True)
        self.queue.clear()
        self.queue.addItems([r.queue for r in rows])
        self.queue.blockSignals(False)
        self.queue.setCurrentIndex(max(0, self.queue.findText(current)))
        self._on_queue_changed(self.queue.currentIndex())

    def _on_queue_changed(self, index: int) -> None:
        if 0 <= index < len(self.settings_rows):
            row = self.settings_rows[index]
            self.gold_rate.setValue(row.gold_rate * 100)
            self.second.setValue(row.second_review * 100)

    def _on_decided_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rows = self.decided_model.rows
        if not current.isValid() or current.row() >= len(rows):
            return
        report: DecidedReport = rows[current.row()]
        self.expected.clear()
        for outcome_id, label in report.outcomes:
            self.expected.addItem(label, outcome_id)
        self.expected.setCurrentIndex(max(0, self.expected.findData(report.outcome)))
        self.mark.setEnabled(not report.is_gold)

    def _selected(self, view: Any, model: RowsModel) -> Any:
        index = view.selectionModel().currentIndex()
        return model.rows[index.row()] if index.isValid() else None

    def _on_mark_clicked(self) -> None:
        report = self._selected(self.decided_view, self.decided_model)
        if report is None:
            return
        self.mark.setEnabled(False)
        self._db(
            self.service.mark_gold,
            report.uid,
            self.expected.currentData(),
            self.note.text().strip(),
            done=lambda item: self._on_changed(
                translate("supervisor", "Report {ref} is now a gold item.").format(
                    ref=item.external_ref
                )
            ),
        )

    def _on_retire_clicked(self) -> None:
        item = self._selected(self.gold_view, self.gold_model)
        if item is None or item.retired_at is not None:
            return
        self._db(
            self.service.retire_gold,
            item.uid,
            done=lambda g: self._on_changed(
                translate("supervisor", "Gold item {ref} retired.").format(ref=g.external_ref)
            ),
        )

    def _on_save_settings_clicked(self) -> None:
        queue = self.queue.currentText()
        if not queue:
            return
        # Read the widgets here, on the GUI thread; the worker only gets plain values.
        gold, second = round(self.gold_rate.value() / 100, 4), round(self.second.value() / 100, 4)
        service = self.service
        self._db(
            lambda: service.set_settings(queue, gold_rate=gold, second_review=second),
            done=lambda row: self._on_changed(
                translate("supervisor", "QA settings of {queue} saved.").format(queue=row.queue)
            ),
        )

    def _on_changed(self, message: str) -> None:
        self.status.setText(message)
        self.note.clear()
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(
            translate("supervisor", "Could not do that: {problem}").format(problem=exc)
        )


def open_gold_items(context: ToolContext) -> QWidget:
    window = GoldWindow(context.services.gold, context.tasks)
    window.setParent(context.parent, window.windowFlags() | Qt.WindowType.Window)
    window.show()
    return window
