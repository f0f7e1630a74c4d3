"""Policies in several languages: `<key>_<language>` carries a translation of a text."""

from __future__ import annotations

import pytest

from moderator.domain.policy_file import PolicyError, parse_policy
from moderator.domain.policy_i18n import localised, split_key

BILINGUAL = """\
schema = 1
id = "t"
version = "1"
language = "en"
title = "Test"
title_ko = "시험"

[[questions]]
id = "minor"
text = "Could anyone depicted be a minor?"
text_ko = "미성년자가 등장할 수 있습니까?"
help = "Look for school uniforms."
type = "yes_no"

[[questions]]
id = "kind"
text = "Kind?"
type = "single"
choices = [
    { id = "a", label = "A thing", label_ko = "가" },
    { id = "b", label = "B thing" },
]

[[outcomes]]
id = "remove"
label = "Remove"
label_ko = "삭제"
description = "Take it down."

[[outcomes]]
id = "unreviewable"
label = "Media unreviewable"
label_pt-BR = "Mídia impossível de revisar"
unreviewable = true

[[rules]]
id = "minor-remove"
when = { question = "minor", is = "yes" }
forbid = ["unreviewable"]
message = "A minor: remove it."
message_ko = "미성년자: 삭제하십시오."
"""


def test_translations_are_read_with_their_texts() -> None:
    policy = parse_policy(BILINGUAL.encode(), "t.toml")
    assert policy.languages == ("en", "ko", "pt-BR")
    assert policy.title == "Test"  # the policy's own language stays the default
    ko = localised(policy, "ko")
    assert ko.title == "시험"
    assert ko.question("minor").text == "미성년자가 등장할 수 있습니까?"
    assert ko.question("minor").help == "Look for school uniforms."  # untranslated: original
    assert [c.label for c in ko.question("kind").choices] == ["가", "B thing"]
    assert ko.outcome("remove").label == "삭제"
    assert ko.outcome("unreviewable").label == "Media unreviewable"
    assert ko.rules[0].message == "미성년자: 삭제하십시오."
    assert localised(policy, "pt-BR").outcome("unreviewable").label.startswith("Mídia")


def test_a_translation_changes_words_never_ids_rules_or_the_hash() -> None:
    policy = parse_policy(BILINGUAL.encode(), "t.toml")
    ko = localised(policy, "ko")
    assert ko.sha256 == policy.sha256
    assert [q.id for q in ko.questions] == [q.id for q in policy.questions]
    assert [o.id for o in ko.outcomes] == [o.id for o in policy.outcomes]
    assert ko.rules[0].forbid == policy.rules[0].forbid
    assert localised(policy, "fr") == policy  # no French: the original, unchanged


def test_translation_problems_are_reported_by_line_and_field() -> None:
    broken = BILINGUAL.replace('title_ko = "시험"', "title_ko = 3").replace(
        'label_ko = "삭제"', 'labell_ko = "삭제"'
    )
    with pytest.raises(PolicyError) as info:
        parse_policy(broken.encode(), "t.toml")
    described = [p.describe() for p in info.value.problems]
    assert "t.toml:6: title_ko: expected text" in described
    assert any(d.startswith("t.toml:27: outcomes[0].labell_ko: unknown key") for d in described)


def test_only_texts_take_translations() -> None:
    broken = BILINGUAL.replace('id = "remove"', 'id = "remove"\nid_ko = "x"')
    with pytest.raises(PolicyError, match=r"outcomes\[0\]\.id_ko: unknown key"):
        parse_policy(broken.encode(), "t.toml")
    with pytest.raises(PolicyError, match="language: expected a language tag"):
        parse_policy(BILINGUAL.replace('language = "en"', 'language = "English"').encode())


def test_language_suffixes() -> None:
    assert split_key("label_ko") == ("label", "ko")
    assert split_key("label_pt-BR") == ("label", "pt-BR")
    assert split_key("dsa_category") is None  # "category" is not a language tag
    assert split_key("label") is None
