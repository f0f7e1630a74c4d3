"""Statements of reasons for the EU DSA Transparency Database, checked before they leave.

The rules are those the database applies to each statement it receives (its API's
validation, Laravel-style: `required`, `required_if`, `required_without_all`, `in`, `max`,
`date_format`, date bounds and the `puid` pattern). `validate` returns every broken rule of
one statement, each as "field: what is wrong"; the exporter writes nothing while any remain.
Values are the API's constant names (DECISION_VISIBILITY_CONTENT_REMOVED, not its label).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

DECISION_VISIBILITIES = frozenset({
    "DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED", "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
})  # fmt: skip
DECISION_MONETARIES = frozenset(
    {"DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER"}
)
DECISION_PROVISIONS = frozenset({
    "DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION",
    "DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION",
})  # fmt: skip
DECISION_ACCOUNTS = frozenset({"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"})
ACCOUNT_TYPES = frozenset({"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"})
ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT"
INCOMPATIBLE = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
DECISION_GROUNDS = frozenset({ILLEGAL, INCOMPATIBLE})
YES_NO = frozenset({"Yes", "No"})
CONTENT_TYPES = frozenset({
    "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT",
    "CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER",
})  # fmt: skip
CATEGORIES = frozenset(
    "STATEMENT_CATEGORY_" + c
    for c in (
        "ANIMAL_WELFARE", "DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", "ILLEGAL_OR_HARMFUL_SPEECH",
        "INTELLECTUAL_PROPERTY_INFRINGEMENTS", "NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "NON_CONSENSUAL_BEHAVIOUR", "PORNOGRAPHY_OR_SEXUALIZED_CONTENT", "PROTECTION_OF_MINORS",
        "RISK_FOR_PUBLIC_SECURITY", "SCAMS_AND_FRAUD", "SELF_HARM", "SCOPE_OF_PLATFORM_SERVICE",
        "UNSAFE_AND_ILLEGAL_PRODUCTS", "VIOLENCE",
    )
)  # fmt: skip
KEYWORDS = frozenset(
    "KEYWORD_" + k
    for k in (
        "ANIMAL_HARM", "ADULT_SEXUAL_MATERIAL", "AGE_SPECIFIC_RESTRICTIONS_MINORS",
        "AGE_SPECIFIC_RESTRICTIONS", "BIOMETRIC_DATA_BREACH", "CHILD_SEXUAL_ABUSE_MATERIAL",
        "CONTENT_PROMOTING_EATING_DISORDERS", "COORDINATED_HARM", "COPYRIGHT_INFRINGEMENT",
        "DANGEROUS_TOYS", "DATA_FALSIFICATION", "DEFAMATION", "DESIGN_INFRINGEMENT",
        "DISCRIMINATION", "DISINFORMATION", "FOREIGN_INFORMATION_MANIPULATION",
        "GENDER_BASED_VIOLENCE", "GEOGRAPHIC_INDICATIONS_INFRINGEMENT",
        "GEOGRAPHICAL_REQUIREMENTS", "GOODS_SERVICES_NOT_PERMITTED",
        "GROOMING_SEXUAL_ENTICEMENT_MINORS", "HATE_SPEECH", "HUMAN_EXPLOITATION",
        "HUMAN_TRAFFICKING", "ILLEGAL_ORGANIZATIONS", "IMAGE_BASED_SEXUAL_ABUSE",
        "IMPERSONATION_ACCOUNT_HIJACKING", "INAUTHENTIC_ACCOUNTS", "INAUTHENTIC_LISTINGS",
        "INAUTHENTIC_USER_REVIEWS", "INCITEMENT_VIOLENCE_HATRED",
        "INSUFFICIENT_INFORMATION_TRADERS", "LANGUAGE_REQUIREMENTS", "MISINFORMATION",
        "MISSING_PROCESSING_GROUND", "NON_CONSENSUAL_IMAGE_SHARING",
        "NON_CONSENSUAL_ITEMS_DEEPFAKE", "NUDITY", "ONLINE_BULLYING_INTIMIDATION",
        "PATENT_INFRINGEMENT", "PHISHING", "PYRAMID_SCHEMES", "REGULATED_GOODS_SERVICES",
        "RIGHT_TO_BE_FORGOTTEN", "RISK_ENVIRONMENTAL_DAMAGE", "RISK_PUBLIC_HEALTH",
        "SELF_MUTILATION", "STALKING", "SUICIDE", "TERRORIST_CONTENT",
        "TRADE_SECRET_INFRINGEMENT", "TRADEMARK_INFRINGEMENT", "UNLAWFUL_SALE_ANIMALS",
        "UNSAFE_CHALLENGES", "OTHER",
    )
)  # fmt: skip
SOURCE_TYPES = frozenset({
    "SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION",
    "SOURCE_VOLUNTARY",
})  # fmt: skip
AUTOMATED_DECISIONS = frozenset(
    {"AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED"}
)
# The EU's 27 member states and the EEA's Iceland, Liechtenstein and Norway.
COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
})  # fmt: skip
PUID_RE = re.compile(r"[a-zA-Z0-9_-]+")
PUID_MAX = 500
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# (field, earliest, latest) as the database bounds them.
DATE_BOUNDS = {
    "content_date": (date(2000, 1, 1), date(2038, 1, 1)),
    "application_date": (date(2020, 1, 1), date(2038, 1, 1)),
    "end_date_account_restriction": (None, date(2038, 1, 1)),
    "end_date_monetary_restriction": (None, date(2038, 1, 1)),
    "end_date_service_restriction": (None, date(2038, 1, 1)),
    "end_date_visibility_restriction": (None, date(2038, 1, 1)),
}
MAX_LENGTHS = {
    "decision_visibility_other": 500, "decision_monetary_other": 500,
    "decision_ground_reference_url": 500, "illegal_content_legal_ground": 500,
    "illegal_content_explanation": 2000, "incompatible_content_ground": 500,
    "incompatible_content_explanation": 2000, "content_type_other": 500,
    "category_specification_other": 500, "decision_facts": 5000, "source_identity": 500,
    "puid": PUID_MAX,
}  # fmt: skip
RESTRICTIONS = (
    "decision_visibility", "decision_monetary", "decision_provision", "decision_account",
)  # fmt: skip
Problems = list[str]


def _present(s: Mapping[str, Any], key: str) -> bool:
    value = s.get(key)
    return value not in (None, "", [])


def _one_of(s: Mapping[str, Any], key: str, allowed: frozenset[str], out: Problems) -> None:
    value = s.get(key)
    if _present(s, key) and value not in allowed:
        out.append(f"{key}: {value!r} is not one of the allowed values")


def _all_of(s: Mapping[str, Any], key: str, allowed: frozenset[str], out: Problems) -> None:
    value = s.get(key)
    if not _present(s, key):
        return
    if not isinstance(value, list):
        out.append(f"{key}: expected a list")
        return
    for item in value:
        if item not in allowed:
            out.append(f"{key}: {item!r} is not one of the allowed values")


def _required(s: Mapping[str, Any], out: Problems) -> None:
    for key in ("decision_ground", "content_type", "category", "content_date",
                "application_date", "decision_facts", "source_type", "automated_detection",
                "automated_decision", "puid"):  # fmt: skip
        if not _present(s, key):
            out.append(f"{key}: required")


def _restriction(s: Mapping[str, Any], out: Problems) -> None:
    # required_without_all: at least one of the four kinds of restriction.
    if not any(_present(s, key) for key in RESTRICTIONS):
        out.append("decision_visibility: required when none of decision_monetary, "
                   "decision_provision, decision_account is given")  # fmt: skip
    _all_of(s, "decision_visibility", DECISION_VISIBILITIES, out)
    _one_of(s, "decision_monetary", DECISION_MONETARIES, out)
    _one_of(s, "decision_provision", DECISION_PROVISIONS, out)
    _one_of(s, "decision_account", DECISION_ACCOUNTS, out)
    _one_of(s, "account_type", ACCOUNT_TYPES, out)


def _others(s: Mapping[str, Any], out: Problems) -> None:
    """An "…_OTHER" choice requires its `…_other` text; without it the text is not allowed."""
    pairs = (
        ("decision_visibility", "DECISION_VISIBILITY_OTHER", "decision_visibility_other"),
        ("content_type", "CONTENT_TYPE_OTHER", "content_type_other"),
        ("decision_monetary", "DECISION_MONETARY_OTHER", "decision_monetary_other"),
    )
    for key, other, text in pairs:
        value = s.get(key)
        chosen = other in value if isinstance(value, list) else value == other
        if chosen and not _present(s, text):
            out.append(f"{text}: required when {key} is {other}")
        if not chosen and _present(s, text):
            out.append(f"{text}: only allowed when {key} is {other}")


def _grounds(s: Mapping[str, Any], out: Problems) -> None:
    _one_of(s, "decision_ground", DECISION_GROUNDS, out)
    ground = s.get("decision_ground")
    for wanted, keys in (
        (ILLEGAL, ("illegal_content_legal_ground", "illegal_content_explanation")),
        (INCOMPATIBLE, ("incompatible_content_ground", "incompatible_content_explanation")),
    ):
        for key in keys:
            if ground == wanted and not _present(s, key):
                out.append(f"{key}: required when decision_ground is {wanted}")
            if ground != wanted and _present(s, key):
                out.append(f"{key}: only allowed when decision_ground is {wanted}")
    if _present(s, "incompatible_content_illegal"):
        if ground != INCOMPATIBLE:
            out.append(f"incompatible_content_illegal: only allowed when decision_ground is "
                       f"{INCOMPATIBLE}")  # fmt: skip
        _one_of(s, "incompatible_content_illegal", YES_NO, out)


def _enumerations(s: Mapping[str, Any], out: Problems) -> None:
    _all_of(s, "content_type", CONTENT_TYPES, out)
    _one_of(s, "category", CATEGORIES, out)
    _all_of(s, "category_addition", CATEGORIES, out)
    _all_of(s, "category_specification", KEYWORDS, out)
    _all_of(s, "territorial_scope", COUNTRIES, out)
    _one_of(s, "source_type", SOURCE_TYPES, out)
    _one_of(s, "automated_detection", YES_NO, out)
    _one_of(s, "automated_decision", AUTOMATED_DECISIONS, out)


def _dates(s: Mapping[str, Any], out: Problems) -> None:
    for key, (low, high) in DATE_BOUNDS.items():
        value = s.get(key)
        if not _present(s, key):
            continue
        try:
            if not isinstance(value, str) or not DATE_RE.fullmatch(value):
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            out.append(f"{key}: not a date in the form YYYY-MM-DD: {value!r}")
            continue
        if low is not None and day < low:
            out.append(f"{key}: must not be before {low}")
        if day > high:
            out.append(f"{key}: must not be after {high}")


def _lengths(s: Mapping[str, Any], out: Problems) -> None:
    for key, limit in MAX_LENGTHS.items():
        value = s.get(key)
        if isinstance(value, str) and len(value) > limit:
            out.append(f"{key}: at most {limit} characters (has {len(value)})")


def _puid(s: Mapping[str, Any], out: Problems) -> None:
    value = s.get("puid")
    if _present(s, "puid") and (not isinstance(value, str) or not PUID_RE.fullmatch(value)):
        out.append("puid: only letters, digits, '-' and '_'")


def _url(s: Mapping[str, Any], out: Problems) -> None:
    value = s.get("decision_ground_reference_url")
    if _present(s, "decision_ground_reference_url") and not (
        isinstance(value, str) and re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value)
    ):
        out.append("decision_ground_reference_url: not a URL")


CHECKS: tuple[Callable[[Mapping[str, Any], Problems], None], ...] = (
    _required, _restriction, _others, _grounds, _enumerations, _dates, _lengths, _puid, _url,
)  # fmt: skip


def validate(statement: Mapping[str, Any]) -> Problems:
    """Every rule `statement` breaks, as "field: what is wrong" (empty: it is acceptable)."""
    out: Problems = []
    for check in CHECKS:
        check(statement, out)
    return out
