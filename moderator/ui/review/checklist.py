"""The decision form's behaviour: answers, the current item, number keys, validation.

Items are the policy's questions followed by one "outcome" item; the number keys answer the
current item and move on. Validation is the policy's own `check`, so the rules the window
enforces are exactly the ones the tests of the policy file check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from moderator.domain.policy import Policy, QuestionKind, Verdict, answers_record, check
from moderator.domain.rows import DecisionInput


@dataclass(frozen=True)
class Draft:
    """What the reviewer has entered, kept per report so nothing is lost when it comes back."""

    answers: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = None
    notes: str = ""


class Checklist(QObject):
    changed = Signal()  # answers, outcome, notes or the verdict changed
    current_changed = Signal(int)
    refused = Signal(str)  # a key press that cannot be applied, and why
    edit_requested = Signal(str)  # a text question (or "notes") wants the keyboard

    def __init__(self, policy: Policy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.answers: dict[str, Any] = {}
        self.outcome: str | None = None
        self.notes = ""
        self.current = 0
        self.verdict: Verdict = check(policy, {}, None)

    @property
    def outcome_index(self) -> int:
        return len(self.policy.questions)

    @property
    def shown(self) -> frozenset[str]:
        """The questions that can apply to the answers so far (the others are hidden)."""
        return self.verdict.applicable

    def _visible(self, index: int) -> bool:
        return index >= self.outcome_index or self.policy.questions[index].id in self.shown

    # --- keyboard ------------------------------------------------------------------------------

    def press(self, number: int) -> None:
        """Number key `number` (1-9) on the current item."""
        if self.current == self.outcome_index:
            outcomes = self.policy.outcomes
            if 1 <= number <= len(outcomes):
                self.choose_outcome(outcomes[number - 1].id)
            return
        question = self.policy.questions[self.current]
        if question.kind is QuestionKind.TEXT:
            self.edit_requested.emit(question.id)
            return
        if not 1 <= number <= len(question.choices):
            return
        choice = question.choices[number - 1].id
        if question.kind is QuestionKind.MULTIPLE:
            self.toggle(question.id, choice)
        else:
            self.set_answer(question.id, choice)
            self.move(1)

    def move(self, delta: int) -> None:
        """To the next (or previous) item shown, skipping questions that cannot apply (the
        first question and the outcome always apply)."""
        index = self.current
        while (step := min(max(0, index + delta), self.outcome_index)) != index:
            index = step
            if self._visible(index):
                break
        self.go_to(index)

    def go_to(self, index: int) -> None:
        if index != self.current:
            self.current = index
            self.current_changed.emit(index)

    # --- editing -------------------------------------------------------------------------------

    def set_answer(self, question_id: str, value: Any) -> None:
        self.answers[question_id] = value
        self._revalidate()

    def toggle(self, question_id: str, choice: str) -> None:
        chosen = set(self.answers.get(question_id) or ())
        chosen ^= {choice}
        order = self.policy.question(question_id).choice_ids
        self.set_answer(question_id, [c for c in order if c in chosen])

    def choose_outcome(self, outcome_id: str) -> None:
        reason = self.verdict.forbidden.get(outcome_id)
        if reason:
            self.refused.emit(reason)
            return
        self.outcome = outcome_id
        self._revalidate()

    def set_notes(self, text: str) -> None:
        self.notes = text
        self._revalidate()

    # --- state ---------------------------------------------------------------------------------

    def draft(self) -> Draft:
        return Draft(dict(self.answers), self.outcome, self.notes)

    def restore(self, draft: Draft) -> None:
        self.answers, self.outcome, self.notes = dict(draft.answers), draft.outcome, draft.notes
        self._revalidate()

    def decision(self, seconds_on_item: float, seconds_exposed: float) -> DecisionInput:
        """The decision to submit; only valid when `verdict.ok`."""
        if not self.verdict.ok or self.outcome is None:
            raise ValueError(self.verdict.reason or "the form is not complete")
        return DecisionInput(
            policy_id=self.policy.id,
            policy_version=self.policy.version,
            policy_hash=self.policy.sha256,
            outcome=self.outcome,
            answers=answers_record(self.policy, self.answers),
            notes=self.notes.strip(),
            seconds_on_item=seconds_on_item,
            seconds_exposed=seconds_exposed,
        )

    def _revalidate(self) -> None:
        # An answer can rule out the outcome already chosen: it stays chosen, and the
        # verdict's first issue says why submit is disabled.
        self.verdict = check(self.policy, self.answers, self.outcome, self.notes)
        self.changed.emit()
        if not self._visible(self.current):  # an answer hid the current question
            self.move(1)
