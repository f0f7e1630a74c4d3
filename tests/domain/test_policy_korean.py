"""The Korean policy in Korean: every text a reviewer reads has its Korean words, and the
built-in yes/no choices read 예 / 아니요 in any policy."""

from __future__ import annotations

import re

from moderator.domain.policy_file import load_builtin
from moderator.domain.policy_i18n import localised

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_every_text_of_the_korean_policy_reads_in_korean() -> None:
    policy = load_builtin("kr-illegal-filming")
    ko = localised(policy, "ko")
    texts = [ko.title, ko.description]
    for q in ko.questions:
        texts += [q.text, *(c.label for c in q.choices)]
        texts += [q.help] if q.help else []
    for o in ko.outcomes:
        texts += [o.label, *o.legal_basis] + ([o.description] if o.description else [])
    texts += [r.message for r in ko.rules]
    assert [t for t in texts if not HANGUL.search(t)] == []
    assert ko.sha256 == policy.sha256
    assert ko.version == policy.version


def test_yes_and_no_read_in_korean_even_where_a_policy_has_no_korean() -> None:
    policy = load_builtin("platform-generic")
    ko = localised(policy, "ko")
    yes_no = [q for q in ko.questions if q.kind.value == "yes_no"]
    assert yes_no, "the generic policy asks yes/no questions"
    assert [c.label for c in yes_no[0].choices] == ["예", "아니요"]
    assert [c.id for c in yes_no[0].choices] == ["yes", "no"]
    assert localised(policy, "en") == policy
