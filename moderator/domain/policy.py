"""Review policies: the checklist a decision answers, its outcomes and its consistency rules.

A policy is a TOML file (schema in `resources/policies/README.md`, loader in
`policy_file.py`). A decision stores the policy's id, version and SHA-256 of the file's bytes,
so it can always be read against the exact checklist the reviewer saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from moderator.domain.lifecycle import ActionSpec, Lifecycle

# One keystroke per choice or outcome: the number keys 1-9.
MAX_KEYED = 9
YES, NO = "yes", "no"


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    SINGLE = "single"
    MULTIPLE = "multiple"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Condition:
    """Holds when `question`'s answer is (or includes) one of `values`."""

    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return bool(_as_set(answers.get(self.question)) & set(self.values))


@dataclass(frozen=True, slots=True)
class Question:
    """One checklist question. With `when`, it applies only while an earlier question is
    unanswered or answered as `when` says (the age band unless "no child is depicted"); once it
    cannot apply it is not shown, not required, and its answer is not recorded."""

    id: str
    text: str
    kind: QuestionKind
    required: bool = True
    choices: tuple[Choice, ...] = ()
    help: str = ""
    max_length: int = 2000
    when: Condition | None = None

    def is_answered(self, value: Any) -> bool:
        if self.kind is QuestionKind.TEXT:
            return isinstance(value, str) and bool(value.strip())
        if self.kind is QuestionKind.MULTIPLE:
            return bool(_as_set(value))
        return isinstance(value, str) and value in self.choice_ids

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A possible decision. `needs_answers` is False for outcomes such as "media unreviewable",
    which are chosen precisely because the checklist cannot be answered."""

    id: str
    label: str
    description: str = ""
    legal_basis: tuple[str, ...] = ()
    dsa_category: str = ""
    dsa_keywords: tuple[str, ...] = ()
    dsa_ground: str = ""
    requires: tuple[str, ...] = ()
    needs_answers: bool = True
    notes_required: bool = False
    unreviewable: bool = False
    actions: tuple[ActionSpec, ...] = ()  # what a final decision with it calls for


@dataclass(frozen=True, slots=True)
class Rule:
    """When `question`'s answer is (or includes) one of `values`, the effects apply."""

    id: str
    question: str
    values: tuple[str, ...]
    message: str
    forbid: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    forbid_answers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    notes_required: bool = False

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return bool(_as_set(answers.get(self.question)) & set(self.values))


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    version: str
    title: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    rules: tuple[Rule, ...] = ()
    description: str = ""
    jurisdiction: str = ""
    sha256: str = ""
    language: str = "en"  # the language of the texts above
    # (language, text reference, text): see `policy_i18n`; never part of what is checked.
    translations: tuple[tuple[str, str, str], ...] = ()
    lifecycle: Lifecycle = Lifecycle()  # defaults for its queues: notices, retention

    @property
    def languages(self) -> tuple[str, ...]:
        """The policy's own language first, then every language it has translations for."""
        others = sorted({lang for lang, _ref, _text in self.translations} - {self.language})
        return (self.language, *others)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def outcome(self, outcome_id: str) -> Outcome:
        return next(o for o in self.outcomes if o.id == outcome_id)

    @property
    def unreviewable(self) -> Outcome:
        return next(o for o in self.outcomes if o.unreviewable)


# --- checking a filled-in checklist ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Issue:
    """Why a form cannot be submitted yet; `field` is a question id, "outcome" or "notes"."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Verdict:
    issues: tuple[Issue, ...]
    required: frozenset[str]
    forbidden: Mapping[str, str]  # outcome id -> the rule message that forbids it
    notes_required: bool
    applicable: frozenset[str] = frozenset()  # the questions that apply to these answers

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def reason(self) -> str:
        return self.issues[0].message if self.issues else ""


def applicable(policy: Policy, answers: Mapping[str, Any]) -> frozenset[str]:
    """The ids of the questions that can apply to these answers: those without a condition,
    and those whose condition names an applicable earlier question (the parser allows no other
    order) that is still unanswered or answered as the condition says."""
    shown: set[str] = set()
    by_id = {q.id: q for q in policy.questions}
    for q in policy.questions:
        if q.when is None:
            shown.add(q.id)
        elif q.when.question in shown:
            value = answers.get(q.when.question)
            if not by_id[q.when.question].is_answered(value) or q.when.holds(answers):
                shown.add(q.id)
    return frozenset(shown)


def check(
    policy: Policy, answers: Mapping[str, Any], outcome: str | None, notes: str = ""
) -> Verdict:
    """Validate answers, outcome and notes against the policy; conflicts are listed first.

    Answers to questions that do not apply are ignored, as if never given."""
    shown = applicable(policy, answers)
    questions = {q.id for q in policy.questions}
    answers = {k: v for k, v in answers.items() if k in shown or k not in questions}
    active = [r for r in policy.rules if r.applies(answers)]
    chosen = next((o for o in policy.outcomes if o.id == outcome), None)
    required: set[str] = set()
    if chosen is None or chosen.needs_answers:
        required = {q.id for q in policy.questions if q.required}
        required.update(q for r in active for q in r.require)
        required.update(chosen.requires if chosen else ())
        required &= shown  # a question that cannot apply cannot be required
    forbidden: dict[str, str] = {}
    for rule in active:
        for o in rule.forbid:
            forbidden.setdefault(o, rule.message)
    issues: list[Issue] = []
    if chosen is not None and chosen.id in forbidden:
        issues.append(Issue("outcome", forbidden[chosen.id]))
    for rule in active:
        for qid, values in rule.forbid_answers:
            if _as_set(answers.get(qid)) & set(values):
                issues.append(Issue(qid, rule.message))
    issues.extend(
        Issue(q.id, f"Answer: {q.text}")
        for q in policy.questions
        if q.id in required and not q.is_answered(answers.get(q.id))
    )
    if outcome is not None and chosen is None:
        issues.append(Issue("outcome", f"Unknown outcome {outcome!r}"))
    elif chosen is None:
        issues.append(Issue("outcome", "Choose an outcome"))
    notes_required = bool(chosen and chosen.notes_required) or any(r.notes_required for r in active)
    if notes_required and not notes.strip():
        issues.append(Issue("notes", "Add a note explaining the decision"))
    return Verdict(tuple(issues), frozenset(required), forbidden, notes_required, shown)


def answers_record(policy: Policy, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every question with its answer (None when unanswered or when it does not apply),
    JSON-ready, for the decision."""
    shown = applicable(policy, answers)
    record: dict[str, Any] = {}
    for q in policy.questions:
        value = answers.get(q.id)
        if q.id not in shown or not q.is_answered(value):
            record[q.id] = None
        elif q.kind is QuestionKind.MULTIPLE:
            record[q.id] = [c for c in q.choice_ids if c in _as_set(value)]
        else:
            record[q.id] = str(value).strip()
    return record


def answer_texts(policy: Policy, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(question text, answer labels) for each answered question, in the policy's wording."""
    shown = []
    for q in policy.questions:
        value = answers.get(q.id)
        if value is None:
            continue
        labels = {c.id: c.label for c in q.choices}
        values = value if isinstance(value, list) else [value]
        shown.append((q.text, ", ".join(labels.get(str(v), str(v)) for v in values)))
    return shown


def _as_set(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, Sequence | frozenset | set):
        return {v for v in value if isinstance(v, str)}
    return set()
