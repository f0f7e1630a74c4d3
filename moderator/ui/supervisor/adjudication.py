"""The adjudication window (supervisors): second reviews that disagree, side by side.

Supervisors are not blind: each row shows both reviewers, their outcomes and checklist
answers, and the report's media, blurred, with the usual held reveal counted as exposure
(`case_media.py`). Nothing is preselected: the supervisor picks the final outcome, must say
why, and records it (audited). Nobody adjudicates a report they decided in any round (the
service refuses it; the window says so first). `AdjudicationView` lays the widgets out;
`AdjudicationWindow` does the work, every database call on the Tasks DB lane.
"""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
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
from moderator.domain.policy_i18n import localised
from moderator.domain.rows import ReviewSide
from moderator.services.desktop import LocalMedia
from moderator.services.exposure import ExposureLog
from moderator.services.quality import Disagreement, QualityService
from moderator.services.supervision import Adjudications, AdjudicationTools
from moderator.services.wellbeing import WellbeingService
from moderator.ui.common import i18n, style
from moderator.ui.common.i18n import translate
from moderator.ui.common.models import RowsModel, table
from moderator.ui.common.tasks import DB, Tasks
from moderator.ui.common.text import plain
from moderator.ui.common.tools import ToolContext, local_only
from moderator.ui.supervisor.case_media import CaseMediaPanel

Index = QModelIndex | QPersistentModelIndex


def when(value: datetime | None) -> str:
    return i18n.moment(value.astimezone()) if value else "—"


def outcome_label(policy: Policy, outcome: str) -> str:
    return next((o.label for o in policy.outcomes if o.id == outcome), outcome)


def answer_lines(policy: Policy, answers_json: str) -> list[str]:
    """The checklist answers as "question: answer" lines, in the policy's order."""
    answers = json.loads(answers_json or "{}")
    lines = []
    for q in policy.questions:
        if q.id not in answers:
            continue
        labels = {c.id: c.label for c in q.choices} | {
            "yes": translate("supervisor", "Yes"),
            "no": translate("supervisor", "No"),
        }
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
        self.answers.setText(
            "\n".join(answer_lines(policy, side.answers)) or translate("supervisor", "No answers")
        )
        self.notes.setText(
            translate("supervisor", "Notes: {notes}").format(notes=side.notes) if side.notes else ""
        )


class AdjudicationView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(translate("common", "Adjudication"))
        self.setStyleSheet(style.SHEET)
        self.resize(1180, 700)
        self.model = RowsModel(
            (
                translate("supervisor", "Report"),
                translate("supervisor", "Queue"),
                translate("supervisor", "First review"),
                translate("supervisor", "Second review"),
                translate("supervisor", "Second decided"),
                translate("supervisor", "Final"),
            ),
            lambda d: (
                d.external_ref,
                d.queue,
                f"{d.first.reviewer}: {d.first.outcome}",
                f"{d.second.reviewer}: {d.second.outcome}",
                when(d.second.decided_at),
                d.adjudicated_outcome or translate("supervisor", "waiting"),
            ),
        )
        self.list = table(self.model)
        self.show_done = QCheckBox(translate("supervisor", "Show adjudicated"))
        self.heading = plain(translate("supervisor", "Select a disagreement"), "heading")
        self.policy = plain(name="muted")
        self.first, self.second = (
            SideView(translate("supervisor", "First review")),
            SideView(translate("supervisor", "Second review")),
        )
        self.final = QComboBox()
        self.final.setPlaceholderText(translate("supervisor", "Choose the final outcome"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            translate("supervisor", "Why this outcome (required; kept with the adjudication)")
        )
        self.note.setMaximumHeight(90)
        self.record = QPushButton(translate("supervisor", "Record adjudication"))
        self.record.setObjectName("submit")
        self.status = plain(name="muted")
        top = QHBoxLayout()
        top.addWidget(plain(translate("supervisor", "Second reviews that disagree"), "heading"), 1)
        top.addWidget(self.show_done)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.addLayout(top)
        lcol.addWidget(self.list, 1)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.addWidget(self.heading)
        rcol.addWidget(self.policy)
        self.media_slot = QVBoxLayout()
        rcol.addLayout(self.media_slot, 3)
        sides = QGridLayout()
        sides.addWidget(self.first, 0, 0)
        sides.addWidget(self.second, 0, 1)
        rcol.addLayout(sides, 2)
        rcol.addWidget(plain(translate("supervisor", "Final outcome"), "heading"))
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
    def __init__(
        self, service: Adjudications, tasks: Tasks, media: CaseMediaPanel | None = None
    ) -> None:
        super().__init__()
        self.service, self.tasks, self.media = service, tasks, media
        self.current: Disagreement | None = None
        self.policies: dict[str, Policy] = {}  # by hash: each case's own policy version
        if media is not None:
            self.media_slot.addWidget(media)
            media.failed.connect(self.status.setText)
        self.list.selectionModel().currentRowChanged.connect(self._on_list_current)
        self.show_done.toggled.connect(lambda _on: self.reload())
        self.record.clicked.connect(self._on_record_clicked)
        self.final.currentIndexChanged.connect(lambda _i: self._update_record())
        self.note.textChanged.connect(self._update_record)
        self._show(None)
        self.reload()

    def reload(self, select_uid: str | None = None) -> None:
        include = self.show_done.isChecked()

        def read() -> tuple[list[Disagreement], dict[str, Policy]]:
            rows = self.service.disagreements(include_adjudicated=include)
            return rows, self.service.policies_of(rows)

        self.tasks.run(
            DB, read, on_done=lambda found: self._on_loaded(found[0], found[1], select_uid),
            on_failed=self._on_failed,
        )  # fmt: skip

    def select(self, row: int) -> None:
        self.list.selectRow(row)

    def _on_loaded(
        self, rows: list[Disagreement], found: dict[str, Policy], select_uid: str | None
    ) -> None:
        self.policies = found
        keep = select_uid or (self.current.report_uid if self.current else None)
        self.model.set_rows(rows)
        self.status.setText("" if rows else translate("supervisor", "Nothing to adjudicate."))
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
        if self.media is not None:
            self.media.show_case(case.report_uid if case else None)
        for widget in (self.first, self.second, self.final, self.note, self.record):
            widget.setVisible(case is not None)
        if case is None:
            self.heading.setText(translate("supervisor", "Select a disagreement"))
            self.policy.setText("")
            return
        policy = localised(self.policies[case.policy_hash], i18n.current())
        self.heading.setText(
            translate("supervisor", "Report {ref} · {queue}").format(
                ref=case.external_ref, queue=case.queue
            )
        )
        self.policy.setText(translate("supervisor", "Policy: {title}").format(title=policy.title))
        self.first.show_side(policy, case.first)
        self.second.show_side(policy, case.second)
        self.final.clear()
        for outcome in policy.outcomes:
            self.final.addItem(outcome.label, outcome.id)
        done = case.adjudicated_outcome is not None
        # Nothing preselected: neither reviewer's outcome is the default answer.
        self.final.setCurrentIndex(self.final.findData(case.adjudicated_outcome) if done else -1)
        self.note.setPlainText(case.note)
        own = self.own_round(case)
        for widget in (self.final, self.note):
            widget.setEnabled(not done and not own)
        if done:
            self.status.setText(
                translate("supervisor", "Adjudicated by {who}").format(who=case.adjudicated_by)
            )
        elif own:
            self.status.setText(
                translate(
                    "supervisor",
                    "You decided this report (first review): another supervisor adjudicates it.",
                )
                if own == "first"
                else translate(
                    "supervisor",
                    "You decided this report (second review): another supervisor adjudicates it.",
                )
            )
        self._update_record()

    def own_round(self, case: Disagreement) -> str:
        """Which review of `case` the signed-in supervisor made ("" for none)."""
        me = self.service.username
        return (
            "first" if case.first.reviewer == me else "second" if case.second.reviewer == me else ""
        )

    def _update_record(self) -> None:
        case = self.current
        ready = (
            case is not None
            and case.adjudicated_outcome is None
            and not self.own_round(case)
            and self.final.currentIndex() >= 0
            and bool(self.note.toPlainText().strip())
        )
        self.record.setEnabled(ready)
        if case is not None and case.adjudicated_outcome is None and not self.own_round(case):
            self.status.setText(
                "" if ready else translate("supervisor", "Choose the final outcome and say why.")
            )

    def _on_record_clicked(self) -> None:
        case = self.current
        if case is None or not self.record.isEnabled():
            return
        outcome, note = self.final.currentData(), self.note.toPlainText().strip()
        self.record.setEnabled(False)
        self.status.setText(translate("supervisor", "Recording…"))
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
        self.status.setText(
            translate("supervisor", "Recorded for report {ref}.").format(ref=case.external_ref)
        )
        self.current = None
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self._update_record()
        self.status.setText(
            translate("supervisor", "Could not do that: {problem}").format(problem=exc)
        )

    # --- the held reveal and closing -----------------------------------------------------------

    def _typing(self) -> bool:
        return self.focusWidget() is self.note

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.media and event.key() == Qt.Key.Key_Space and not self._typing():
            if not event.isAutoRepeat():
                self.media.hold()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.media and event.key() == Qt.Key.Key_Space and not self._typing():
            if not event.isAutoRepeat():
                self.media.release()
            return
        super().keyReleaseEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.media is not None:
            self.media.leave("closed")
        super().closeEvent(event)


def _local_tools(context: ToolContext) -> AdjudicationTools:
    workspace = context.workspace
    assert workspace is not None
    return AdjudicationTools(
        QualityService(workspace, context.reviewer.username),
        WellbeingService(workspace, context.reviewer),
        ExposureLog(workspace, context.reviewer),
        LocalMedia(context.renderer) if context.renderer is not None else None,
    )


def open_adjudication(context: ToolContext) -> QWidget:
    """The window over the workspace, or over the team server (its services, in team mode)."""
    team = context.supervision.adjudication if context.supervision is not None else None
    if team is None:
        title = translate("common", "Adjudication")
        if (notice := local_only(context, "adjudication", title, "qa")) is not None:
            return notice
    tools = team if team is not None else _local_tools(context)
    media = CaseMediaPanel(tools.cases, tools.wellbeing, tools.exposure, tools.media, context.tasks)
    window = AdjudicationWindow(tools.cases, context.tasks, media)
    window.setParent(context.parent, window.windowFlags() | Qt.WindowType.Window)
    window.show()
    return window
