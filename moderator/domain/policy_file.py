"""Reading a policy TOML file, with every problem reported by line and field.

Policies are written by people, so the loader does not stop at the first fault: it collects
them all (unknown keys catch typos, references between questions, outcomes and rules are
checked) and names the line of each, found by a small scan of the file's table headers and keys.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from moderator.domain import shipped
from moderator.domain.errors import NotFound
from moderator.domain.policy import (
    MAX_KEYED,
    NO,
    YES,
    Choice,
    Condition,
    Outcome,
    Policy,
    Question,
    QuestionKind,
    Rule,
)
from moderator.domain.policy_errors import PolicyError as PolicyError
from moderator.domain.policy_errors import PolicyProblem as PolicyProblem
from moderator.domain.policy_i18n import LANG_RE, ref, split_key
from moderator.domain.policy_lifecycle import read_actions, read_lifecycle
from moderator.domain.toml_lines import LineIndex, Path, dotted

SCHEMA_VERSION = 1
POLICY_FOLDER = "policies"
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
T = TypeVar("T")


def builtin_ids() -> list[str]:
    """The ids of the policies shipped with the program."""
    files = shipped.folder(POLICY_FOLDER).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def load_builtin(policy_id: str) -> Policy:
    """A shipped policy by id (its file is `<id>.toml`)."""
    known = builtin_ids()
    if policy_id not in known:
        raise NotFound(f"no policy named {policy_id!r} (known: {', '.join(known)})")
    data = shipped.folder(POLICY_FOLDER).joinpath(f"{policy_id}.toml").read_bytes()
    return parse_policy(data, f"{policy_id}.toml")


def parse_policy(data: bytes, source: str = "<policy>") -> Policy:
    """Parse and check a policy file's bytes; raises PolicyError listing every problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError([PolicyProblem(source, None, "", f"not UTF-8 ({exc.reason})")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        line = int(match.group(1)) if match else None
        raise PolicyError([PolicyProblem(source, line, "", f"not valid TOML: {message}")]) from None
    reader = _Reader(source, LineIndex(text))
    policy = reader.policy(raw)
    if reader.problems or policy is None:
        raise PolicyError(reader.problems)
    return replace(policy, sha256=hashlib.sha256(data).hexdigest())


class _Reader:
    """Turns the parsed TOML into a Policy, collecting problems instead of stopping."""

    def __init__(self, source: str, index: LineIndex) -> None:
        self.source, self.index = source, index
        self.problems: list[PolicyProblem] = []
        self._ids: set[str] = set()  # ids seen in the list being read
        self._questions: dict[str, Question] = {}
        self._outcome_ids: set[str] = set()
        self.translations: list[tuple[str, str, str]] = []

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(
            PolicyProblem(self.source, self.index.line(path), dotted(path), message)
        )

    def table(self, raw: Any, path: Path, allowed: Sequence[str] | None) -> dict[str, Any]:
        """`raw` if it is a table; keys outside `allowed` (unless None) are reported."""
        if not isinstance(raw, dict):
            self.fail(path, "expected a table")
            return {}
        for key in raw:
            if allowed is None or key in allowed:
                continue
            translated = split_key(key)
            if translated and translated[0] in _TEXTS and translated[0] in allowed:
                continue  # a translation, read with its text (`said`)
            self.fail(path + (key,), f"unknown key (expected one of: {', '.join(allowed)})")
        return raw

    def get(self, raw: dict[str, Any], path: Path, key: str, kind: type[T], default: T) -> T:
        if key not in raw:
            return default
        value = raw[key]
        if kind is not bool and isinstance(value, bool) or not isinstance(value, kind):
            self.fail(path + (key,), f"expected {_KIND_NAMES.get(kind, kind.__name__)}")
            return default
        return value

    def text(self, raw: dict[str, Any], path: Path, key: str, *, required: bool = False) -> str:
        value = self.get(raw, path, key, str, "").strip()
        if required and key not in raw:
            self.fail(path + (key,), "required")
        elif required and not value and isinstance(raw[key], str):
            self.fail(path + (key,), "must not be empty")
        return value

    def said(
        self, raw: dict[str, Any], path: Path, key: str, where: str, *, required: bool = False
    ) -> str:
        """A text a reviewer reads, with its translations (`key_<lang>`) filed under `where`."""
        value = self.text(raw, path, key, required=required)
        for name in raw:
            translated = split_key(name)
            if translated is None or translated[0] != key:
                continue
            text = self.text(raw, path, name, required=True)
            if text:
                self.translations.append((translated[1], where, text))
        return value

    def ident(self, raw: dict[str, Any], path: Path, seen: set[str]) -> str:
        value = self.text(raw, path, "id", required=True)
        if value and not ID_RE.match(value):
            self.fail(path + ("id",), "use letters, digits, '_', '-' or '.' (at most 64)")
        elif value in seen:
            self.fail(path + ("id",), f"{value!r} is used twice")
        seen.add(value)
        return value

    def strings(self, raw: dict[str, Any], path: Path, key: str) -> tuple[str, ...]:
        values = self.get(raw, path, key, list, [])
        if not all(isinstance(v, str) for v in values):
            self.fail(path + (key,), "expected a list of text")
            return ()
        return tuple(values)

    def said_list(self, raw: dict[str, Any], path: Path, key: str, where: str) -> tuple[str, ...]:
        """A list a reviewer reads (statutes); each `key_<lang>` list is filed as one text."""
        for name in raw:
            lang = split_key(name)
            if lang and lang[0] == key and (lines := self.strings(raw, path, name)):
                self.translations.append((lang[1], where, "\n".join(lines)))
        return self.strings(raw, path, key)

    def items(self, raw: dict[str, Any], key: str, make: Callable[[Any, Path], T]) -> list[T]:
        values = self.get(raw, (), key, list, [])
        return [make(value, (key, i)) for i, value in enumerate(values)]

    def policy(self, raw: dict[str, Any]) -> Policy | None:
        top = self.table(raw, (), _TOP_KEYS)
        schema = self.get(top, (), "schema", int, 0)
        if schema != SCHEMA_VERSION:
            self.fail(("schema",), f"must be {SCHEMA_VERSION} (the schema this program reads)")
        ident = self.ident(top, (), set())
        version = self.text(top, (), "version", required=True)
        language = self.text(top, (), "language") or "en"
        if not LANG_RE.match(language):
            self.fail(("language",), 'expected a language tag such as "en" or "ko"')
        title = self.said(top, (), "title", "title", required=True)
        self._questions = {}  # filled as questions are read: a `when` names an earlier one
        questions = tuple(self.items(top, "questions", self.question))
        if not questions:
            self.fail(("questions",), "a policy needs at least one [[questions]] entry")
        self._ids = set()
        outcomes = tuple(self.items(top, "outcomes", self.outcome))
        self._check_outcomes(outcomes)
        self._questions = {q.id: q for q in questions}
        self._outcome_ids = {o.id for o in outcomes}
        for i, outcome in enumerate(outcomes):
            self._refs(("outcomes", i, "requires"), outcome.requires, self._questions, "question")
        self._ids = set()
        rules = tuple(self.items(top, "rules", self.rule))
        return Policy(
            ident,
            version,
            title,
            questions,
            outcomes,
            rules,
            self.said(top, (), "description", "description"),
            self.text(top, (), "jurisdiction"),
            language=language,
            translations=tuple(self.translations),
            lifecycle=read_lifecycle(self, top),
        )

    def _check_outcomes(self, outcomes: tuple[Outcome, ...]) -> None:
        if not outcomes:
            self.fail(("outcomes",), "a policy needs at least one [[outcomes]] entry")
        elif len(outcomes) > MAX_KEYED:
            self.fail(("outcomes",), f"at most {MAX_KEYED} outcomes (one number key each)")
        if outcomes and not any(o.unreviewable for o in outcomes):
            self.fail(
                ("outcomes",),
                'needs an outcome with `unreviewable = true` ("media unreviewable" '
                "must always be possible)",
            )

    def question(self, raw: Any, path: Path) -> Question:
        q = self.table(raw, path, _QUESTION_KEYS)
        ident = self.ident(q, path, self._ids)
        text = self.said(q, path, "text", ref("q", ident, "text"), required=True)
        kind_text = self.text(q, path, "type", required=True)
        try:
            kind = QuestionKind(kind_text)
        except ValueError:
            if kind_text:
                kinds = ", ".join(k.value for k in QuestionKind)
                self.fail(path + ("type",), f"{kind_text!r} is not one of: {kinds}")
            # Read on as the kind the other keys suggest, so one typo gives one problem.
            kind = QuestionKind.MULTIPLE if "choices" in q else QuestionKind.TEXT
        choices = self.choices(q, path, kind, ident)
        max_length = self.get(q, path, "max_length", int, 2000)
        if not 1 <= max_length <= 20_000:
            self.fail(path + ("max_length",), "must be within 1..20000")
        when = None
        if "when" in q:
            when = self.condition(q, path, earlier=True)
        made = Question(
            ident,
            text,
            kind,
            self.get(q, path, "required", bool, True),
            choices,
            self.said(q, path, "help", ref("q", ident, "help")),
            max_length,
            when,
        )
        if ident and ident not in self._questions:
            self._questions[ident] = made
        return made

    def condition(self, raw: dict[str, Any], path: Path, *, earlier: bool = False) -> Condition:
        """A `when = { question = "…", is = "…" }` (or `any_of = [...]`) table."""
        where = path + ("when",)
        when = self.table(raw.get("when", {}), where, ("question", "is", "any_of"))
        question = self.text(when, where, "question", required="when" in raw)
        values = self.strings(when, where, "any_of")
        if "is" in when:
            values = (self.text(when, where, "is"),)
        if earlier and question and question not in self._questions:
            self.fail(where, f"no earlier question with id {question!r} (a question can "
                      "only depend on one shown before it)")  # fmt: skip
        else:
            self._values(where, question, values)
        return Condition(question, values)

    def choices(
        self, q: dict[str, Any], path: Path, kind: QuestionKind, qid: str
    ) -> tuple[Choice, ...]:
        if kind in (QuestionKind.YES_NO, QuestionKind.TEXT):
            if "choices" in q:
                self.fail(path + ("choices",), f"a {kind.value} question has no choices")
            return (Choice(YES, "Yes"), Choice(NO, "No")) if kind is QuestionKind.YES_NO else ()
        raw = self.get(q, path, "choices", list, [])
        if not 2 <= len(raw) <= MAX_KEYED:
            self.fail(path + ("choices",), f"give 2 to {MAX_KEYED} choices (one number key each)")
        seen: set[str] = set()
        result = []
        for i, item in enumerate(raw):
            where = path + ("choices", i)
            c = self.table(item, where, ("id", "label"))
            cid = self.ident(c, where, seen)
            label = self.said(c, where, "label", ref("c", qid, cid, "label"), required=True)
            result.append(Choice(cid, label))
        return tuple(result)

    def outcome(self, raw: Any, path: Path) -> Outcome:
        o = self.table(raw, path, _OUTCOME_KEYS)
        category = self.text(o, path, "dsa_category")
        if category and not category.startswith("STATEMENT_CATEGORY_"):
            self.fail(path + ("dsa_category",), "expected a DSA code such as STATEMENT_CATEGORY_…")
        unreviewable = self.get(o, path, "unreviewable", bool, False)
        needs_answers = self.get(o, path, "needs_answers", bool, not unreviewable)
        if unreviewable and needs_answers:
            self.fail(path + ("needs_answers",), "an unreviewable outcome cannot need answers")
        ident = self.ident(o, path, self._ids)
        return Outcome(
            ident,
            self.said(o, path, "label", ref("o", ident, "label"), required=True),
            self.said(o, path, "description", ref("o", ident, "description")),
            self.said_list(o, path, "legal_basis", ref("o", ident, "legal_basis")),
            category,
            self.strings(o, path, "dsa_keywords"),
            self.text(o, path, "dsa_ground"),
            self.strings(o, path, "requires"),
            needs_answers,
            self.get(o, path, "notes_required", bool, False),
            unreviewable,
            read_actions(self, o, path),
        )

    def rule(self, raw: Any, path: Path) -> Rule:
        r = self.table(raw, path, _RULE_KEYS)
        ident = self.ident(r, path, self._ids)
        if "when" not in r:
            self.fail(path + ("when",), 'required: { question = "…", is = "…" }')
        cond = self.condition(r, path)
        question, values = cond.question, cond.values
        forbid = self.strings(r, path, "forbid")
        self._refs(path + ("forbid",), forbid, self._outcome_ids, "outcome")
        require = self.strings(r, path, "require")
        self._refs(path + ("require",), require, self._questions, "question")
        forbid_answers = []
        for qid in self.table(r.get("forbid_answers", {}), path + ("forbid_answers",), None):
            where = path + ("forbid_answers", qid)
            listed = self.strings(r["forbid_answers"], path + ("forbid_answers",), qid)
            self._values(where, qid, listed)
            forbid_answers.append((qid, listed))
        notes = self.get(r, path, "notes_required", bool, False)
        if not (forbid or require or forbid_answers or notes):
            self.fail(path, "a rule needs an effect: forbid, require, forbid_answers or notes")
        message = self.said(r, path, "message", ref("r", ident, "message"), required=True)
        return Rule(ident, question, values, message, forbid, require, tuple(forbid_answers), notes)

    def _refs(self, path: Path, ids: Sequence[str], known: Any, what: str) -> None:
        for value in ids:
            if value not in known:
                self.fail(path, f"no {what} with id {value!r}")

    def _values(self, path: Path, qid: str, values: Sequence[str]) -> None:
        question = self._questions.get(qid)
        if question is None:
            if qid:
                self.fail(path, f"no question with id {qid!r}")
            return
        if question.kind is QuestionKind.TEXT:
            self.fail(path, "a rule cannot depend on a free-text answer")
        elif not values:
            self.fail(path, "give the answer(s) the rule applies to (is = … or any_of = [...])")
        for value in values:
            if question.kind is not QuestionKind.TEXT and value not in question.choice_ids:
                self.fail(path, f"{value!r} is not an answer to {qid!r}")


_KIND_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}
_TOP_KEYS = ("schema", "id", "version", "language", "title", "description", "jurisdiction",
             "questions", "outcomes", "rules", "lifecycle")  # fmt: skip
_QUESTION_KEYS = ("id", "text", "type", "required", "choices", "help", "max_length", "when")
_OUTCOME_KEYS = ("id", "label", "description", "legal_basis", "dsa_category", "dsa_keywords",
                 "dsa_ground", "requires", "needs_answers", "notes_required", "unreviewable",
                 "actions",  # what the decision calls for: lifecycle's actions
                 "dsa", "ncmec")  # statement of reasons; CyberTipline: `regulator_map`  # fmt: skip
# The keys whose text a reviewer reads: each may carry translations, `<key>_<language>`.
_TEXTS = frozenset({"title", "description", "text", "help", "label", "message", "legal_basis"})
_RULE_KEYS = ("id", "when", "message", "forbid", "require", "forbid_answers", "notes_required")
