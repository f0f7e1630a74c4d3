"""The decision form's layout, generated from a policy; behaviour lives in `Checklist`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.policy import Question, QuestionKind
from moderator.ui.review.actions import tooltip
from moderator.ui.review.checklist import Checklist


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _quiet(button: QAbstractButton) -> QAbstractButton:
    # Buttons never take keyboard focus: Space must stay the reveal key.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class ChecklistView(QWidget):
    def __init__(self, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        policy = checklist.policy
        self._items: list[QFrame] = []
        self._groups: dict[str, QButtonGroup] = {}
        self._editors: dict[str, QPlainTextEdit] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(6)
        for number, question in enumerate(policy.questions, 1):
            column.addWidget(self._question(number, question))
        column.addWidget(self._outcomes())
        column.addWidget(_label("Notes", "muted"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes (F2 to write, Esc to leave)")
        self.notes.setFixedHeight(64)
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._on_notes_changed)
        column.addWidget(self.notes)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reason = _label("", "reason")
        self.submit = QPushButton("Submit decision")
        self.submit.setObjectName("submit")
        self.submit.setToolTip(tooltip("submit"))
        _quiet(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_label(policy.title, "heading"))
        layout.addWidget(_label(f"Policy {policy.id} · version {policy.version}", "muted"))
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.submit)
        checklist.changed.connect(self.refresh)
        checklist.current_changed.connect(self._on_checklist_current_changed)
        checklist.edit_requested.connect(self.focus_editor)
        self.refresh()
        self._on_checklist_current_changed(checklist.current)

    # --- building ------------------------------------------------------------------------------

    def _frame(self) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setProperty("current", False)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        self._items.append(frame)
        return frame, layout

    def _question(self, number: int, question: Question) -> QFrame:
        frame, layout = self._frame()
        suffix = "" if question.required else "  (optional)"
        title = _label(f"{number}. {question.text}{suffix}")
        title.setToolTip(question.help)
        layout.addWidget(title)
        if question.kind is QuestionKind.TEXT:
            editor = QPlainTextEdit()
            editor.setFixedHeight(52)
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(lambda q=question.id, e=editor: self._on_text(q, e))
            self._editors[question.id] = editor
            layout.addWidget(editor)
            return frame
        group = QButtonGroup(frame)
        group.setExclusive(question.kind is not QuestionKind.MULTIPLE)
        row = QHBoxLayout() if question.kind is QuestionKind.YES_NO else QVBoxLayout()
        row.setSpacing(24 if question.kind is QuestionKind.YES_NO else 0)
        for key, choice in enumerate(question.choices, 1):
            cls = QCheckBox if question.kind is QuestionKind.MULTIPLE else QRadioButton
            button = _quiet(cls(f"{key}  {choice.label}"))
            button.setProperty("choice", choice.id)
            group.addButton(button)
            row.addWidget(button)
        if isinstance(row, QHBoxLayout):
            row.addStretch(1)
        group.buttonClicked.connect(lambda b, q=question: self._on_choice(q, b))
        self._groups[question.id] = group
        layout.addLayout(row)
        return frame

    def _outcomes(self) -> QFrame:
        frame, layout = self._frame()
        layout.addWidget(_label(f"{len(self._items)}. Outcome"))
        group = QButtonGroup(frame)
        for key, outcome in enumerate(self.checklist.policy.outcomes, 1):
            button = _quiet(QRadioButton(f"{key}  {outcome.label}"))
            button.setProperty("choice", outcome.id)
            basis = "\n".join(outcome.legal_basis)
            button.setToolTip("\n".join(t for t in (outcome.description, basis) if t))
            group.addButton(button)
            layout.addWidget(button)
        group.buttonClicked.connect(
            lambda b: self.checklist.choose_outcome(str(b.property("choice")))
        )
        self._groups[""] = group
        return frame

    # --- syncing from the Checklist ------------------------------------------------------------

    def refresh(self) -> None:
        c = self.checklist
        for qid, group in self._groups.items():
            chosen = c.outcome if qid == "" else c.answers.get(qid)
            picked = {chosen} if isinstance(chosen, str) else set(chosen or ())
            exclusive = group.exclusive()
            group.setExclusive(False)  # lets every button be unchecked
            for button in group.buttons():
                choice = str(button.property("choice"))
                button.setChecked(choice in picked)
                if qid == "":
                    reason = c.verdict.forbidden.get(choice, "")
                    button.setEnabled(not reason or choice in picked)
                    button.setStatusTip(reason)
            group.setExclusive(exclusive)
        for qid, editor in self._editors.items():
            self._set_text(editor, str(c.answers.get(qid) or ""))
        self._set_text(self.notes, c.notes)
        self.notes.setPlaceholderText(
            "A note is required (F2 to write)" if c.verdict.notes_required else "Notes (F2)"
        )
        self.reason.setText(f"Cannot submit yet: {c.verdict.reason}" if c.verdict.issues else "")
        self.submit.setEnabled(c.verdict.ok)

    def focus_editor(self, question_id: str) -> None:
        editor = self._editors.get(question_id, self.notes)
        editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.scroll_area.ensureWidgetVisible(editor)

    def current_editor(self) -> QPlainTextEdit:
        questions = self.checklist.policy.questions
        index = self.checklist.current
        if index < len(questions) and questions[index].id in self._editors:
            return self._editors[questions[index].id]
        return self.notes

    @staticmethod
    def _set_text(editor: QPlainTextEdit, text: str) -> None:
        if editor.toPlainText() != text:
            editor.blockSignals(True)
            editor.setPlainText(text)
            editor.blockSignals(False)

    def _on_checklist_current_changed(self, index: int) -> None:
        for i, frame in enumerate(self._items):
            frame.setProperty("current", i == index)
            frame.style().unpolish(frame)
            frame.style().polish(frame)
        if 0 <= index < len(self._items):
            self.scroll_area.ensureWidgetVisible(self._items[index], 0, 40)

    def _on_choice(self, question: Question, button: QAbstractButton) -> None:
        choice = str(button.property("choice"))
        self.checklist.go_to(self.checklist.policy.questions.index(question))
        if question.kind is QuestionKind.MULTIPLE:
            self.checklist.toggle(question.id, choice)
        else:
            self.checklist.set_answer(question.id, choice)

    def _on_text(self, question_id: str, editor: QPlainTextEdit) -> None:
        self.checklist.set_answer(question_id, editor.toPlainText())

    def _on_notes_changed(self) -> None:
        self.checklist.set_notes(self.notes.toPlainText())
