"""The adjudication window (supervisors): second reviews that disagree, side by side.

Supervisors are not blind: each row shows both reviewers, their outcomes and checklist
answers. No media is shown here. The supervisor picks the final outcome, writes a note and
records it (audited). `AdjudicationView` lays the widgets out; `AdjudicationWindow` does the
work, every database call on the Tasks DB lane.
"""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.policy import Policy
from moderator.domain.rows import ReviewSide
from moderator.services.quality import Disagreement, QualityService
from moderator.services.review_view import policy_for
from moderator.ui.common import style
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.text import plain
from moderator.ui.common.tools import ToolContext

Index = QModelIndex | QPersistentModelIndex


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%d %b %Y %H:%M") if value else "—"


def outcome_label(policy: Policy, outcome: str) -> str:
    return next((o.label for o in policy.outcomes if o.id == outcome), outcome)


def answer_lines(policy: Policy, answers_json: str) -> list[str]:
    """The checklist answers as "question: answer" lines, in the policy's order."""
    answers = json.loads(answers_json or "{}")
    lines = []
    for q in policy.questions:
        if q.id not in answers:
            continue
        labels = {c.id: c.label for c in q.choices} | {"yes": "Yes", "no": "No"}
        value = answers[q.id]
        values = value if isinstance(value, list) else [value]
        lines.append(f"{q.text}  {', '.join(labels.get(str(v), str(v)) for v in values)}")
    return lines


class SideView(QFrame):
    """One review: who, when, the outcome, the checklist answers and notes."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("panel")
        col = QVBoxLayout(self)
        col.addWidget(plain(title, "heading"))
        self.who, self.outcome, self.answers = plain(name="muted"), plain(), plain()
        self.notes = plain(name="muted")
        for label in (self.who, self.outcome, self.answers, self.notes):
            col.addWidget(label)
        col.addStretch(1)

    def show_side(self, policy: Policy, side: ReviewSide) -> None:
        self.who.setText(f"{side.reviewer} · {when(side.decided_at)}")
        self.outcome.setText(outcome_label(policy, side.outcome))
        self.answers.setText("\n".join(answer_lines(policy, side.answers)) or "No answers")
        self.notes.setText(f"Notes: {side.notes}" if side.notes else "")


class AdjudicationView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Adjudication")
        self.setStyleSheet(style.SHEET)
        self.resize(1180, 700)
        self.model = RowsModel(
            ("Report", "Queue", "First review", "Second review", "Second decided", "Final"),
            lambda d: (
                d.external_ref,
                d.queue,
                f"{d.first.reviewer}: {d.first.outcome}",
                f"{d.second.reviewer}: {d.second.outcome}",
                when(d.second.decided_at),
                d.adjudicated_outcome or "waiting",
            ),
        )
        self.list = table(self.model)
        self.show_done = QCheckBox("Show adjudicated")
        self.heading = plain("Select a disagreement", "heading")
        self.policy = plain(name="muted")
        self.first, self.second = SideView("First review"), SideView("Second review")
        self.final = QComboBox()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Why this outcome (kept with the adjudication)")
        self.note.setMaximumHeight(90)
        self.record = QPushButton("Record adjudication")
        self.record.setObjectName("submit")
        self.status = plain(name="muted")
        top = QHBoxLayout()
        top.addWidget(plain("Second reviews that disagree", "heading"), 1)
        top.addWidget(self.show_done)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.addLayout(top)
        lcol.addWidget(self.list, 1)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.addWidget(self.heading)
        rcol.addWidget(self.policy)
        sides = QGridLayout()
        sides.addWidget(self.first, 0, 0)
        sides.addWidget(self.second, 0, 1)
        rcol.addLayout(sides, 1)
        rcol.addWidget(plain("Final outcome", "heading"))
        rcol.addWidget(self.final)
        rcol.addWidget(self.note)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.record)
        rcol.addLayout(actions)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 660])
        QVBoxLayout(self).addWidget(split)


class AdjudicationWindow(AdjudicationView):
    def __init__(self, service: QualityService, tasks: Tasks) -> None:
        super().__init__()
        self.service, self.tasks = service, tasks
        self.current: Disagreement | None = None
        self.list.selectionModel().currentRowChanged.connect(self._on_list_current)
        self.show_done.toggled.connect(lambda _on: self.reload())
        self.record.clicked.connect(self._on_record_clicked)
        self._show(None)
        self.reload()

    def reload(self, select_uid: str | None = None) -> None:
        include = self.show_done.isChecked()
        self.tasks.run(
            DB,
            lambda: self.service.disagreements(include_adjudicated=include),
            on_done=lambda rows: self._on_loaded(rows, select_uid),
            on_failed=self._on_failed,
        )

    def select(self, row: int) -> None:
        self.list.selectRow(row)

    def _on_loaded(self, rows: list[Disagreement], select_uid: str | None) -> None:
        keep = select_uid or (self.current.report_uid if self.current else None)
        self.model.set_rows(rows)
        self.status.setText("" if rows else "Nothing to adjudicate.")
        index = next((i for i, r in enumerate(rows) if r.report_uid == keep), None)
        if index is not None:
            self.list.selectRow(index)
        else:
            self._show(None)

    def _on_list_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rows = self.model.rows
        self._show(rows[current.row()] if current.isValid() and current.row() < len(rows) else None)

    def _show(self, case: Disagreement | None) -> None:
        self.current = case
        for widget in (self.first, self.second, self.final, self.note, self.record):
            widget.setVisible(case is not None)
        if case is None:
            self.heading.setText("Select a disagreement")
            self.policy.setText("")
            return
        policy = policy_for(case.policy_id)
        self.heading.setText(f"Report {case.external_ref} · {case.queue}")
        self.policy.setText(f"Policy: {policy.title}")
        self.first.show_side(policy, case.first)
        self.second.show_side(policy, case.second)
        self.final.clear()
        for outcome in policy.outcomes:
            self.final.addItem(outcome.label, outcome.id)
        done = case.adjudicated_outcome is not None
        chosen = case.adjudicated_outcome or case.first.outcome
        self.final.setCurrentIndex(max(0, self.final.findData(chosen)))
        self.note.setPlainText(case.note)
        for widget in (self.final, self.note, self.record):
            widget.setEnabled(not done)
        self.status.setText(f"Adjudicated by {case.adjudicated_by}" if done else "")

    def _on_record_clicked(self) -> None:
        case = self.current
        if case is None:
            return
        outcome, note = self.final.currentData(), self.note.toPlainText().strip()
        self.record.setEnabled(False)
        self.status.setText("Recording…")
        self.tasks.run(
            DB,
            self.service.adjudicate,
            case.report_uid,
            outcome,
            note,
            on_done=lambda _uid: self._on_recorded(case),
            on_failed=self._on_failed,
        )

    def _on_recorded(self, case: Disagreement) -> None:
        self.status.setText(f"Recorded for report {case.external_ref}.")
        self.current = None
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self.record.setEnabled(self.current is not None)
        self.status.setText(f"Could not do that: {exc}")


def open_adjudication(context: ToolContext) -> QWidget:
    service = QualityService(context.workspace, context.reviewer.username)
    window = AdjudicationWindow(service, context.tasks)
    window.setParent(context.parent, window.windowFlags() | Qt.WindowType.Window)
    window.show()
    return window
