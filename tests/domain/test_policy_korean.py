"""The shipped policies in Korean: every text a reviewer reads has its Korean words, and the
built-in yes/no choices read 예 / 아니요 in any policy."""

from __future__ import annotations

import re

import pytest

from moderator.domain.policy_file import PolicyError, builtin_ids, load_builtin, parse_policy
from moderator.domain.policy_i18n import localised
from tests.domain.test_policy_i18n import BILINGUAL

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_the_shipped_policies_are_all_checked() -> None:
    assert {"kr-illegal-filming", "platform-generic", "iwf-csam-grading"} <= set(builtin_ids())


@pytest.mark.parametrize("pid", builtin_ids())
def test_every_text_of_a_shipped_policy_reads_in_korean(pid: str) -> None:
    policy = load_builtin(pid)
    ko = localised(policy, "ko")
    texts = [ko.title, ko.description]
    for q in ko.questions:
        texts += [q.text, *(c.label for c in q.choices)]
        texts += [q.help] if q.help else []
    for o in ko.outcomes:
        texts += [o.label, *o.legal_basis] + ([o.description] if o.description else [])
    texts += [r.message for r in ko.rules]
    assert [t for t in texts if not HANGUL.search(t)] == []
    # A statute translates entry by entry: as many Korean lines as English ones.
    statutes = [len(o.legal_basis) for o in policy.outcomes]
    assert [len(o.legal_basis) for o in ko.outcomes] == statutes
    assert ko.sha256 == policy.sha256
    assert ko.version == policy.version


def test_yes_and_no_read_in_korean_even_where_a_policy_has_no_korean() -> None:
    english = re.sub(r', label_ko = "[^"]*"|\n\w+_ko = "[^"]*"', "", BILINGUAL)
    policy = parse_policy(english.encode(), "t.toml")
    assert "ko" not in policy.languages
    ko = localised(policy, "ko")
    yes_no = [q for q in ko.questions if q.kind.value == "yes_no"]
    assert yes_no, "the test policy asks a yes/no question"
    assert [c.label for c in yes_no[0].choices] == ["예", "아니요"]
    assert [c.id for c in yes_no[0].choices] == ["yes", "no"]
    assert localised(policy, "en") == policy


def test_statutes_translate_as_a_list_and_a_wrong_one_is_named() -> None:
    text = BILINGUAL.replace(
        'label_ko = "삭제"\n',
        'label_ko = "삭제"\nlegal_basis = ["Act A, s.1", "Act B"]\n'
        'legal_basis_ko = ["가법 제1조", "나법"]\n',
    )
    policy = parse_policy(text.encode(), "t.toml")
    assert policy.outcome("remove").legal_basis == ("Act A, s.1", "Act B")
    assert localised(policy, "ko").outcome("remove").legal_basis == ("가법 제1조", "나법")
    broken = text.replace('legal_basis_ko = ["가법 제1조", "나법"]', "legal_basis_ko = [1]")
    with pytest.raises(PolicyError, match=r"legal_basis_ko: expected a list of text"):
        parse_policy(broken.encode(), "t.toml")
