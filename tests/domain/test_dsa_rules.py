"""Each rule of the DSA Transparency Database's statement validation, one test each: a valid
statement passes, and breaking exactly that rule is caught with the field named."""

from __future__ import annotations

from typing import Any

import pytest

from moderator.domain import dsa


def valid(**changes: Any) -> dict[str, Any]:
    s: dict[str, Any] = {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": dsa.ILLEGAL,
        "illegal_content_legal_ground": "Act on Special Cases, Art. 14",
        "illegal_content_explanation": "Filmed without consent.",
        "category": "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
        "category_specification": ["KEYWORD_NON_CONSENSUAL_IMAGE_SHARING"],
        "content_type": ["CONTENT_TYPE_VIDEO"],
        "content_date": "2026-11-10",
        "application_date": "2026-11-11",
        "decision_facts": "Reviewed by a trained analyst.",
        "source_type": "SOURCE_ARTICLE_16",
        "automated_detection": "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": "moderator-0193a1b2-c3d4",
    }
    s.update(changes)
    return {k: v for k, v in s.items() if v is not None}


def fields(problems: list[str]) -> set[str]:
    return {p.split(":", 1)[0] for p in problems}


def test_a_valid_statement_passes() -> None:
    assert dsa.validate(valid()) == []


@pytest.mark.parametrize(
    "key",
    ["decision_ground", "content_type", "category", "content_date", "application_date",
     "decision_facts", "source_type", "automated_detection", "automated_decision", "puid"],
)  # fmt: skip
def test_required_fields(key: str) -> None:
    assert key in fields(dsa.validate(valid(**{key: None})))
    assert key in fields(dsa.validate(valid(**{key: ""})))


def test_one_restriction_is_required_without_all_the_others() -> None:
    assert "decision_visibility" in fields(dsa.validate(valid(decision_visibility=None)))
    alone = valid(decision_visibility=None, decision_account="DECISION_ACCOUNT_SUSPENDED")
    assert dsa.validate(alone) == []
    for key, value in [("decision_monetary", "DECISION_MONETARY_SUSPENSION"),
                       ("decision_provision", "DECISION_PROVISION_TOTAL_SUSPENSION")]:  # fmt: skip
        assert dsa.validate(valid(decision_visibility=None, **{key: value})) == []


@pytest.mark.parametrize(
    ("key", "bad"),
    [("decision_visibility", ["DECISION_VISIBILITY_GONE"]),
     ("decision_monetary", "DECISION_MONETARY_FINE"),
     ("decision_provision", "DECISION_PROVISION_SOME"),
     ("decision_account", "DECISION_ACCOUNT_BANNED"),
     ("account_type", "ACCOUNT_TYPE_ROBOT"),
     ("decision_ground", "DECISION_GROUND_DISLIKED"),
     ("content_type", ["CONTENT_TYPE_HOLOGRAM"]),
     ("category", "STATEMENT_CATEGORY_RUDENESS"),
     ("category_addition", ["STATEMENT_CATEGORY_RUDENESS"]),
     ("category_specification", ["KEYWORD_RUDE"]),
     ("territorial_scope", ["US"]),
     ("source_type", "SOURCE_RUMOUR"),
     ("automated_detection", "yes"),
     ("automated_decision", "Fully automated"),
     ("incompatible_content_illegal", "Maybe")],
)  # fmt: skip
def test_enumerations(key: str, bad: Any) -> None:
    s = valid(**{key: bad})
    if key == "incompatible_content_illegal":
        s = valid(decision_ground=dsa.INCOMPATIBLE, illegal_content_legal_ground=None,
                  illegal_content_explanation=None, incompatible_content_ground="ToS 4.2",
                  incompatible_content_explanation="Nudity.", **{key: bad})  # fmt: skip
    assert key in fields(dsa.validate(s))


def test_a_list_field_must_be_a_list() -> None:
    assert "content_type" in fields(dsa.validate(valid(content_type="CONTENT_TYPE_VIDEO")))


def test_territorial_scope_accepts_the_eea() -> None:
    assert dsa.validate(valid(territorial_scope=["DE", "FR", "NO", "IS", "LI"])) == []


def test_illegal_content_requires_its_legal_ground_and_explanation() -> None:
    for key in ("illegal_content_legal_ground", "illegal_content_explanation"):
        assert key in fields(dsa.validate(valid(**{key: None})))


def test_incompatible_content_requires_its_ground_and_explanation() -> None:
    base = {"decision_ground": dsa.INCOMPATIBLE, "illegal_content_legal_ground": None,
            "illegal_content_explanation": None}  # fmt: skip
    ok = valid(**base, incompatible_content_ground="ToS 4.2",
               incompatible_content_explanation="Nudity.")  # fmt: skip
    assert dsa.validate(ok) == []
    for key in ("incompatible_content_ground", "incompatible_content_explanation"):
        assert key in fields(dsa.validate({k: v for k, v in ok.items() if k != key}))


def test_grounds_of_the_other_kind_are_excluded() -> None:
    s = valid(incompatible_content_ground="ToS 4.2")
    assert "incompatible_content_ground" in fields(dsa.validate(s))
    s = valid(incompatible_content_illegal="Yes")
    assert "incompatible_content_illegal" in fields(dsa.validate(s))


@pytest.mark.parametrize(
    ("key", "other", "text"),
    [("decision_visibility", ["DECISION_VISIBILITY_OTHER"], "decision_visibility_other"),
     ("content_type", ["CONTENT_TYPE_OTHER"], "content_type_other"),
     ("decision_monetary", "DECISION_MONETARY_OTHER", "decision_monetary_other")],
)  # fmt: skip
def test_other_choices_require_their_text_and_only_then(key: str, other: Any, text: str) -> None:
    assert text in fields(dsa.validate(valid(**{key: other})))
    assert dsa.validate(valid(**{key: other, text: "shadow-limited"})) == []
    assert text in fields(dsa.validate(valid(**{text: "shadow-limited"})))


@pytest.mark.parametrize(
    ("key", "limit"),
    [("decision_facts", 5000), ("illegal_content_explanation", 2000),
     ("illegal_content_legal_ground", 500), ("puid", 500), ("source_identity", 500)],
)  # fmt: skip
def test_maximum_lengths(key: str, limit: int) -> None:
    assert dsa.validate(valid(**{key: "a" * limit})) == []
    assert key in fields(dsa.validate(valid(**{key: "a" * (limit + 1)})))


@pytest.mark.parametrize("bad", ["2026-1-10", "10/11/2026", "2026-02-30", "2026-11-10T00:00"])
def test_dates_are_year_month_day(bad: str) -> None:
    assert "content_date" in fields(dsa.validate(valid(content_date=bad)))


def test_date_bounds() -> None:
    assert dsa.validate(valid(content_date="2000-01-01", application_date="2020-01-01")) == []
    assert dsa.validate(valid(application_date="2038-01-01")) == []
    assert "content_date" in fields(dsa.validate(valid(content_date="1999-12-31")))
    assert "application_date" in fields(dsa.validate(valid(application_date="2019-12-31")))
    assert "application_date" in fields(dsa.validate(valid(application_date="2038-01-02")))
    late = valid(end_date_visibility_restriction="2038-01-02")
    assert "end_date_visibility_restriction" in fields(dsa.validate(late))


@pytest.mark.parametrize("bad", ["has space", "slash/y", "dot.y", "ünï", "new\nline"])
def test_puid_pattern(bad: str) -> None:
    assert "puid" in fields(dsa.validate(valid(puid=bad)))


def test_puid_allows_letters_digits_dash_underscore() -> None:
    assert dsa.validate(valid(puid="Ab-9_z")) == []


def test_reference_url_must_be_a_url() -> None:
    assert dsa.validate(valid(decision_ground_reference_url="https://example.org/tos")) == []
    bad = valid(decision_ground_reference_url="see our terms")
    assert "decision_ground_reference_url" in fields(dsa.validate(bad))
