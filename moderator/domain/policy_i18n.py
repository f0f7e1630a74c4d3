"""Policies in several languages: a text key with a language suffix carries a translation.

In the file, `label = "Remove"` is the text in the policy's own `language` (default "en") and
`label_ko = "삭제"` its Korean translation; every text a reviewer reads can be translated this
way (`title`, `description`, a question's `text` and `help`, a choice's `label`, an
outcome's `label`, `description` and `legal_basis` (a list: its translation is a list too),
a rule's `message`). A translation changes only the
words: ids, answers and rules are the same in every language, and so is the policy's hash,
so a decision made in Korean and one made in English point at the same version.
"""

from __future__ import annotations

import re
from dataclasses import replace

from moderator.domain.policy import NO, YES, Choice, Outcome, Policy, Question, QuestionKind, Rule

# A language tag after the underscore: "ko", "en", "pt-BR", "zh-Hant".
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def split_key(key: str) -> tuple[str, str] | None:
    """("label", "ko") for "label_ko"; None when the key carries no language."""
    base, sep, lang = key.rpartition("_")
    if not sep or not base or not LANG_RE.match(lang):
        return None
    return base, lang


def ref(*parts: str) -> str:
    """The name a translation is filed under: "q:minor:text", "o:remove:label", "title"."""
    return ":".join(parts)


# The words of the built-in yes/no choices, which no policy file spells out.
YES_NO_WORDS = {"ko": {YES: "예", NO: "아니요"}}


def localised(policy: Policy, lang: str) -> Policy:
    """The policy with its texts in `lang`, falling back to the original for what is missing."""
    if lang == policy.language:
        return policy
    words = {key: text for tag, key, text in policy.translations if tag == lang}
    builtin = YES_NO_WORDS.get(lang, {})
    if not words and not builtin:
        return policy

    def say(key: str, original: str) -> str:
        return words.get(key, original)

    def question(q: Question) -> Question:
        def label(c: Choice) -> str:
            fallback = builtin.get(c.id, c.label) if q.kind is QuestionKind.YES_NO else c.label
            return say(ref("c", q.id, c.id, "label"), fallback)

        choices = tuple(Choice(c.id, label(c)) for c in q.choices)
        return replace(
            q,
            text=say(ref("q", q.id, "text"), q.text),
            help=say(ref("q", q.id, "help"), q.help),
            choices=choices,
        )

    def outcome(o: Outcome) -> Outcome:
        return replace(
            o,
            label=say(ref("o", o.id, "label"), o.label),
            description=say(ref("o", o.id, "description"), o.description),
            legal_basis=tuple(
                say(ref("o", o.id, "legal_basis"), "\n".join(o.legal_basis)).splitlines()
            ),
        )

    def rule(r: Rule) -> Rule:
        return replace(r, message=say(ref("r", r.id, "message"), r.message))

    return replace(
        policy,
        title=say("title", policy.title),
        description=say("description", policy.description),
        questions=tuple(question(q) for q in policy.questions),
        outcomes=tuple(outcome(o) for o in policy.outcomes),
        rules=tuple(rule(r) for r in policy.rules),
    )
