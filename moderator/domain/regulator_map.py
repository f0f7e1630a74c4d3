"""What a policy's outcomes mean to regulators: the `[outcomes.dsa]` and `[outcomes.ncmec]`
tables of a policy file, read from the exact file a decision was made under.

`dsa = false` says the outcome restricts nothing (no statement of reasons); a `[outcomes.dsa]`
table gives the statement's fields that follow from the outcome (the rest come from the
record). An outcome with neither cannot be mapped, and the export says so. `[outcomes.ncmec]`
marks an outcome that is reported to NCMEC's CyberTipline, with the checklist question whose
answer is the industry classification and how its choices map onto A1, A2, B1 and B2.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from moderator.domain import dsa
from moderator.domain.errors import ModeratorError

# The statement fields an outcome may set; everything else comes from the record.
DSA_KEYS = frozenset({
    "decision_visibility", "decision_visibility_other", "decision_monetary",
    "decision_monetary_other", "decision_provision", "decision_account", "account_type",
    "decision_ground", "decision_ground_reference_url", "illegal_content_legal_ground",
    "illegal_content_explanation", "incompatible_content_ground",
    "incompatible_content_explanation", "incompatible_content_illegal", "category",
    "category_addition", "category_specification", "territorial_scope", "content_type",
    "decision_facts", "end_date_visibility_restriction",
})  # fmt: skip
INDUSTRY_CLASSES = ("A1", "A2", "B1", "B2")
NCMEC_KEYS = frozenset({"incident_type", "classification_question", "classification"})


class MappingError(ModeratorError):
    """A policy's regulator mapping that cannot be used."""


@dataclass(frozen=True, slots=True)
class NcmecMapping:
    incident_type: str
    question: str  # the checklist question holding the classification
    classes: Mapping[str, str]  # choice id -> A1/A2/B1/B2


@dataclass(frozen=True, slots=True)
class OutcomeMap:
    dsa_mapped: bool  # False: the policy does not say (the export refuses the decision)
    dsa: Mapping[str, Any] | None  # None: no statement (the outcome restricts nothing)
    ncmec: NcmecMapping | None


INCIDENT_CSAM = "Child Pornography (possession, manufacture, and distribution)"


def _dsa(where: str, raw: Mapping[str, Any], outcome: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(raw) - DSA_KEYS)
    if unknown:
        raise MappingError(f"{where}.dsa: unknown key(s) {', '.join(unknown)}")
    fields = dict(raw)
    # The outcome's older keys stand for the statement's when the table leaves them out.
    fields.setdefault("category", outcome.get("dsa_category") or None)
    fields.setdefault("category_specification", list(outcome.get("dsa_keywords", [])) or None)
    fields.setdefault("decision_ground", outcome.get("dsa_ground") or None)
    if fields["decision_ground"] == dsa.ILLEGAL and outcome.get("legal_basis"):
        fields.setdefault("illegal_content_legal_ground", "; ".join(outcome["legal_basis"]))
    fields = {k: v for k, v in fields.items() if v is not None}
    # The values the outcome gives must be ones the database accepts (the record fills in
    # the rest, so "required" is checked on the whole statement, at export).
    wrong = [p for p in dsa.validate(fields)
             if p.split(":", 1)[0] in fields and ": required" not in p]  # fmt: skip
    if wrong:
        raise MappingError(f"{where}.dsa: {wrong[0]}")
    return fields


def _ncmec(where: str, raw: Any) -> NcmecMapping:
    if not isinstance(raw, dict):
        raise MappingError(f"{where}.ncmec: expected a table")
    unknown = sorted(set(raw) - NCMEC_KEYS)
    if unknown:
        raise MappingError(f"{where}.ncmec: unknown key(s) {', '.join(unknown)}")
    classes = raw.get("classification", {})
    question = raw.get("classification_question", "")
    if not isinstance(question, str) or not question or not isinstance(classes, dict):
        raise MappingError(
            f"{where}.ncmec: needs classification_question and a classification table"
        )
    bad = sorted(v for v in classes.values() if v not in INDUSTRY_CLASSES)
    if bad:
        raise MappingError(f"{where}.ncmec.classification: {bad[0]!r} is not A1, A2, B1 or B2")
    return NcmecMapping(str(raw.get("incident_type", INCIDENT_CSAM)), question, dict(classes))


def read(body: str, name: str) -> dict[str, OutcomeMap]:
    """outcome id -> what the policy says of it to regulators."""
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{name}: not TOML: {exc}") from None
    result: dict[str, OutcomeMap] = {}
    for outcome in data.get("outcomes", []):
        if not isinstance(outcome, dict):
            continue  # the policy loader reports it
        oid = str(outcome.get("id", ""))
        where = f"{name}: outcomes.{oid}"
        raw = outcome.get("dsa")
        ncmec = _ncmec(where, outcome["ncmec"]) if "ncmec" in outcome else None
        if raw is None:
            result[oid] = OutcomeMap(False, None, ncmec)
        elif raw is False:
            result[oid] = OutcomeMap(True, None, ncmec)
        elif isinstance(raw, dict):
            result[oid] = OutcomeMap(True, _dsa(where, raw, outcome), ncmec)
        else:
            raise MappingError(f"{where}.dsa: expected a table, or false for no statement")
    return result
