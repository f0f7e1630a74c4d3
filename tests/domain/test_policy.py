from __future__ import annotations

import hashlib

import pytest

from moderator.domain import shipped
from moderator.domain.errors import NotFound
from moderator.domain.policy import NO, YES, QuestionKind, answers_record, check
from moderator.domain.policy_file import (
    PolicyError,
    builtin_ids,
    load_builtin,
    parse_policy,
)

GOOD = """\
schema = 1
id = "t"
version = "1"
title = "Test"

[[questions]]
id = "minor"
text = "Minor?"
type = "yes_no"

[[questions]]
id = "kind"
text = "Kind?"
type = "multiple"
choices = [
    { id = "a", label = "A" },
    { id = "b", label = "B" },
]

[[questions]]
id = "comment"
text = "Comment"
type = "text"
required = false

[[outcomes]]
id = "ok"
label = "No violation"

[[outcomes]]
id = "remove"
label = "Remove"
requires = ["comment"]

[[outcomes]]
id = "unreviewable"
label = "Media unreviewable"
unreviewable = true

[[rules]]
id = "minor-forbids-ok"
when = { question = "minor", is = "yes" }
forbid = ["ok"]
message = "A minor is depicted: 'no violation' is not possible."

[[rules]]
id = "b-needs-notes"
when = { question = "kind", any_of = ["b"] }
notes_required = true
message = "B needs a note."
"""


def policy_from(text: str):  # type: ignore[no-untyped-def]
    return parse_policy(text.encode(), "t.toml")


def problems_of(text: str) -> list[str]:
    with pytest.raises(PolicyError) as info:
        policy_from(text)
    return [p.describe() for p in info.value.problems]


@pytest.mark.parametrize(
    "policy_id", ["kr-illegal-filming", "iwf-csam-grading", "platform-generic"]
)
def test_builtin_policies_load_and_offer_media_unreviewable(policy_id: str) -> None:
    policy = load_builtin(policy_id)
    assert policy.id == policy_id
    assert policy.unreviewable.id == "media_unreviewable"
    data = shipped.folder("policies").joinpath(f"{policy_id}.toml")
    assert policy.sha256 == hashlib.sha256(data.read_bytes()).hexdigest()
    assert set(builtin_ids()) >= {"kr-illegal-filming", "iwf-csam-grading", "platform-generic"}


def test_kr_outcomes_cite_the_statute_and_dsa() -> None:
    policy = load_builtin("kr-illegal-filming")
    assert "Art. 14" in policy.outcome("illegal_filming").legal_basis[0]
    assert "Art. 14-2" in policy.outcome("false_video").legal_basis[0]
    assert "Art. 14-3" in policy.outcome("coercion").legal_basis[0]
    assert policy.outcome("false_video").dsa_keywords == ("KEYWORD_NON_CONSENSUAL_ITEMS_DEEPFAKE",)


def test_iwf_grading_rules_keep_classes_consistent() -> None:
    policy = load_builtin("iwf-csam-grading")
    answers = {
        "child": "yes",
        "imagery": "photographic",
        "uk_category": "A",
        "age_band": "3-6",
        "industry_class": "B1",
    }
    verdict = check(policy, answers, "csam_actionable")
    assert verdict.reason == "A child of 10 or under is classed as prepubescent (A1 or A2)."
    assert check(policy, {**answers, "industry_class": "A1"}, "csam_actionable").ok
    assert "adult_only" in check(policy, answers, None).forbidden


def test_unknown_builtin_is_not_found() -> None:
    with pytest.raises(NotFound, match="no policy named 'nope'"):
        load_builtin("nope")


def test_yes_no_questions_get_yes_and_no_choices() -> None:
    question = policy_from(GOOD).question("minor")
    assert question.kind is QuestionKind.YES_NO
    assert question.choice_ids == (YES, NO)


def test_submit_is_blocked_until_required_answers_and_outcome() -> None:
    policy = policy_from(GOOD)
    verdict = check(policy, {}, None)
    assert not verdict.ok
    assert verdict.reason == "Answer: Minor?"
    assert [i.field for i in verdict.issues] == ["minor", "kind", "outcome"]
    assert check(policy, {"minor": "no", "kind": ["a"]}, "ok").ok


def test_minor_depicted_forbids_no_violation_and_says_why_first() -> None:
    policy = policy_from(GOOD)
    verdict = check(policy, {"minor": "yes"}, "ok")
    assert verdict.reason == "A minor is depicted: 'no violation' is not possible."
    assert verdict.forbidden == {"ok": verdict.reason}


def test_outcome_requirements_and_notes_rules() -> None:
    policy = policy_from(GOOD)
    needs_comment = check(policy, {"minor": "no", "kind": ["a"]}, "remove")
    assert needs_comment.reason == "Answer: Comment"
    needs_note = check(policy, {"minor": "no", "kind": ["b"], "comment": "x"}, "remove")
    assert needs_note.reason == "Add a note explaining the decision"
    assert needs_note.notes_required
    assert check(policy, {"minor": "no", "kind": ["b"], "comment": "x"}, "remove", "why").ok


def test_media_unreviewable_needs_no_answers() -> None:
    policy = policy_from(GOOD)
    assert check(policy, {}, "unreviewable").ok


def test_unknown_outcome_is_an_issue() -> None:
    assert check(policy_from(GOOD), {"minor": "no", "kind": ["a"]}, "nope").reason == (
        "Unknown outcome 'nope'"
    )


def test_answers_record_lists_every_question() -> None:
    policy = policy_from(GOOD)
    record = answers_record(policy, {"minor": "yes", "kind": ("b", "a", "zz"), "comment": "  "})
    assert record == {"minor": "yes", "kind": ["a", "b"], "comment": None}


def test_bad_toml_reports_its_line() -> None:
    assert problems_of('schema = 1\nid = "x"\ntitle = \n') == [
        "t.toml:3: not valid TOML: Invalid value"
    ]


def test_wrong_type_and_unknown_key_are_reported_by_line_and_field() -> None:
    text = GOOD.replace('type = "multiple"', 'type = "multi"').replace(
        "required = false", "requird = false"
    )
    assert problems_of(text) == [
        "t.toml:14: questions[1].type: 'multi' is not one of: yes_no, single, multiple, text",
        "t.toml:24: questions[2].requird: unknown key (expected one of: id, text, type, "
        "required, choices, help, max_length, when)",
    ]


def test_references_are_checked() -> None:
    text = GOOD.replace('forbid = ["ok"]', 'forbid = ["okay"]').replace(
        'requires = ["comment"]', 'requires = ["coment"]'
    )
    assert problems_of(text) == [
        "t.toml:33: outcomes[1].requires: no question with id 'coment'",
        "t.toml:43: rules[0].forbid: no outcome with id 'okay'",
    ]


def test_rule_values_must_be_answers_of_the_question() -> None:
    text = GOOD.replace('any_of = ["b"]', 'any_of = ["c"]')
    assert problems_of(text) == ["t.toml:48: rules[1].when: 'c' is not an answer to 'kind'"]


def test_choice_problems_point_at_the_choice_line() -> None:
    text = GOOD.replace('{ id = "b", label = "B" }', '{ id = "b", lable = "B" }')
    assert problems_of(text)[0].startswith("t.toml:17: questions[1].choices[1].lable: unknown key")


def test_a_policy_must_offer_media_unreviewable() -> None:
    text = GOOD.replace("unreviewable = true", "")
    assert problems_of(text) == [
        "t.toml:26: outcomes: needs an outcome with `unreviewable = true` "
        '("media unreviewable" must always be possible)'
    ]


def test_missing_and_duplicate_fields() -> None:
    text = GOOD.replace('version = "1"\n', "").replace('id = "remove"', 'id = "ok"')
    assert problems_of(text) == [
        "t.toml: version: required",
        "t.toml:30: outcomes[1].id: 'ok' is used twice",
    ]


def test_schema_version_is_checked() -> None:
    assert problems_of(GOOD.replace("schema = 1", "schema = 2")) == [
        "t.toml:1: schema: must be 1 (the schema this program reads)"
    ]


def test_not_utf8_is_reported() -> None:
    with pytest.raises(PolicyError, match="not UTF-8"):
        parse_policy(b"\xff\xfe", "t.toml")


CONDITIONAL = GOOD.replace(
    """[[questions]]
id = "comment"
text = "Comment"
type = "text"
required = false
""",
    """[[questions]]
id = "comment"
text = "Comment"
type = "text"
required = false

[[questions]]
id = "age"
text = "Apparent age"
type = "single"
when = { question = "minor", is = "yes" }
choices = [{ id = "young", label = "Under 13" }, { id = "teen", label = "13-17" }]

[[questions]]
id = "school"
text = "School uniform?"
type = "yes_no"
required = false
when = { question = "age", is = "teen" }
""",
)


def test_a_question_that_cannot_apply_is_not_required_and_not_recorded() -> None:
    policy = parse_policy(CONDITIONAL.encode(), "t.toml")
    assert policy.question("age").when is not None
    unanswered = check(policy, {}, None)
    assert {"minor", "kind", "age"} <= unanswered.required  # it may still apply
    assert unanswered.applicable == {"minor", "kind", "comment", "age", "school"}
    adults = {"minor": NO, "kind": ["a"], "age": "teen", "school": YES}  # stale answers
    verdict = check(policy, adults, "ok")
    assert verdict.ok, verdict.issues
    assert verdict.applicable == {"minor", "kind", "comment"}  # and "school" with "age"
    record = answers_record(policy, adults)
    assert (record["age"], record["school"]) == (None, None)
    child = {"minor": YES, "kind": ["a"], "age": "young"}
    assert check(policy, child, "remove").applicable == {"minor", "kind", "comment", "age"}
    assert "age" in check(policy, {"minor": YES, "kind": ["a"]}, "remove").required


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ('{ question = "school", is = "yes" }', "no earlier question with id 'school'"),
        ('{ question = "minor", is = "maybe" }', "'maybe' is not an answer to 'minor'"),
        ('{ question = "comment", is = "x" }', "a rule cannot depend on a free-text answer"),
    ],
)
def test_a_condition_names_an_earlier_question_and_its_answers(when: str, message: str) -> None:
    text = CONDITIONAL.replace('when = { question = "minor", is = "yes" }', f"when = {when}")
    with pytest.raises(PolicyError) as error:
        parse_policy(text.encode(), "t.toml")
    assert any(message in str(p) for p in error.value.problems), error.value.problems


def test_the_shipped_grading_policy_drops_child_questions_for_adults() -> None:
    policy = load_builtin("iwf-csam-grading")
    adults = check(policy, {"child": "no"}, None).applicable
    assert adults == {"child", "imagery"}
    assert {"age_band", "uk_category", "industry_class"} <= check(
        policy, {"child": "unsure"}, None
    ).applicable
