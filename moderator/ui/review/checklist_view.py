"""The decision form's layout, generated from a policy; behaviour lives in `Checklist`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.policy import Question, QuestionKind
from moderator.ui.common.i18n import translate
from moderator.ui.review.actions import tooltip
from moderator.ui.review.checklist import Checklist
from moderator.ui.review.choices import ChoiceRow


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


def shown_reason(reason: str) -> str:
    """The checklist's own reasons (domain.policy.check) in the window's language; a rule's
    message comes translated with its policy."""
    if reason.startswith("Answer: "):
        return translate("review", "Answer: {question}").format(question=reason[8:])
    if reason == "Choose an outcome":
        return translate("review", "Choose an outcome")
    if reason == "Add a note explaining the decision":
        return translate("review", "Add a note explaining the decision")
    return reason


class ChecklistView(QWidget):
    def __init__(self, checklist: Checklist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        policy = checklist.policy
        self._items: list[QFrame] = []
        self._titles: list[QLabel] = []  # the numbered title of each item
        self._groups: dict[str, QButtonGroup] = {}
        self._rows: dict[QAbstractButton, ChoiceRow] = {}
        self._editors: dict[str, QPlainTextEdit] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(4)
        for question in policy.questions:
            column.addWidget(self._question(question))
        column.addWidget(self._outcomes())
        column.addWidget(_label(translate("review", "Notes"), "muted"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(translate("review", "Notes (F2 to write, Esc to leave)"))
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
        # Never sideways: everything wraps to the pane's width, and a scroll that would
        # move the form left (ensureWidgetVisible on a wide child) is put back.
        self.scroll_area.horizontalScrollBar().valueChanged.connect(self._on_sideways)
        body.installEventFilter(self)
        self.reason = _label("", "reason")
        self.submit = QPushButton(translate("review", "Submit decision"))
        self.submit.setObjectName("submit")
        self.submit.setToolTip(tooltip("submit"))
        _quiet(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        heading = QHBoxLayout()  # the title and, quietly beside it, which policy version
        heading.addWidget(_label(policy.title, "heading"), 1)
        version = _label(f"{policy.id} {policy.version}", "muted")
        version.setWordWrap(False)
        version.setToolTip(
            translate("review", "Policy {id}, version {version}").format(
                id=policy.id, version=policy.version
            )
        )
        heading.addWidget(version, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(heading)
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

    def _question(self, question: Question) -> QFrame:
        frame, layout = self._frame()
        title = _label(question.text)
        title.setToolTip(question.help)
        self._titles.append(title)
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
        multiple = question.kind is QuestionKind.MULTIPLE
        for key, choice in enumerate(question.choices, 1):
            option = ChoiceRow(f"{key}  {choice.label}", choice.id, multiple=multiple)
            self._rows[option.button] = option
            group.addButton(option.button)
            row.addWidget(option)
        if isinstance(row, QHBoxLayout):
            row.addStretch(1)
        group.buttonClicked.connect(lambda b, q=question: self._on_choice(q, b))
        self._groups[question.id] = group
        layout.addLayout(row)
        return frame

    def _outcomes(self) -> QFrame:
        frame, layout = self._frame()
        title = _label("Outcome")
        self._titles.append(title)
        layout.addWidget(title)
        group = QButtonGroup(frame)
        for key, outcome in enumerate(self.checklist.policy.outcomes, 1):
            option = ChoiceRow(f"{key}  {outcome.label}", outcome.id)
            basis = "\n".join(outcome.legal_basis)
            option.set_hint("\n".join(t for t in (outcome.description, basis) if t))
            self._rows[option.button] = option
            group.addButton(option.button)
            layout.addWidget(option)
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
                    self._rows[button].setEnabled(not reason or choice in picked)
                    button.setStatusTip(reason)
            group.setExclusive(exclusive)
        self._show_applicable()
        for qid, editor in self._editors.items():
            self._set_text(editor, str(c.answers.get(qid) or ""))
        self._set_text(self.notes, c.notes)
        self.notes.setPlaceholderText(
            translate("review", "A note is required (F2 to write)")
            if c.verdict.notes_required
            else translate("review", "Notes (F2)")
        )
        cannot = translate("review", "Cannot submit yet: {reason}")
        reason = shown_reason(c.verdict.reason)
        self.reason.setText(cannot.format(reason=reason) if c.verdict.issues else "")
        self.submit.setEnabled(c.verdict.ok)

    def _show_applicable(self) -> None:
        """Hide the questions that cannot apply to the answers given; number the rest."""
        shown = self.checklist.shown
        number = 0
        for question, frame, title in zip(
            self.checklist.policy.questions, self._items, self._titles, strict=False
        ):
            visible = question.id in shown
            frame.setVisible(visible)
            if visible:
                number += 1
                suffix = "" if question.required else "  " + translate("review", "(optional)")
                title.setText(f"{number}. {question.text}{suffix}")
        self._titles[-1].setText(f"{number + 1}. " + translate("review", "Outcome"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LayoutRequest:
            self._on_sideways()
        return False

    def _on_sideways(self, _value: int = 0) -> None:
        bar = self.scroll_area.horizontalScrollBar()
        if bar.value() != 0:
            bar.setValue(0)

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
            self._on_sideways()

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
