"""The policies' regulator mapping: shipped policies map every outcome, mistakes in a mapping
are named with the outcome and field, and the older `dsa_*` keys fill the statement."""

from __future__ import annotations

import pytest

from moderator.domain import dsa, regulator_map, shipped
from moderator.domain.policy_file import builtin_ids

BASE = """
schema = 1
id = "p"
version = "1"
title = "P"
[[questions]]
id = "q"
text = "Q"
type = "yes_no"
[[outcomes]]
id = "remove"
label = "Remove"
dsa_ground = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
dsa_category = "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"
"""


@pytest.mark.parametrize("policy_id", sorted(builtin_ids()))
def test_shipped_policies_map_every_outcome(policy_id: str) -> None:
    body = shipped.folder("policies").joinpath(f"{policy_id}.toml").read_text(encoding="utf-8")
    mapping = regulator_map.read(body, policy_id)
    assert mapping
    assert all(m.dsa_mapped for m in mapping.values())


def test_older_keys_fill_the_statement() -> None:
    body = BASE + '[outcomes.dsa]\ndecision_visibility = ["DECISION_VISIBILITY_CONTENT_REMOVED"]\n'
    fields = regulator_map.read(body, "p")["remove"].dsa
    assert fields is not None
    assert fields["decision_ground"] == dsa.INCOMPATIBLE
    assert fields["category"] == "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"


@pytest.mark.parametrize(
    ("table", "message"),
    [('[outcomes.dsa]\ndecision_visibility = ["GONE"]\n', "remove.dsa: decision_visibility"),
     ("[outcomes.dsa]\npuid = 'x'\n", r"unknown key\(s\) puid"),
     ("dsa = 'yes'\n", "expected a table, or false"),
     ("dsa = false\n[outcomes.ncmec]\nclassification_question = 'q'\n"
      "classification = { yes = 'C3' }\n", "'C3' is not A1, A2, B1 or B2"),
     ("dsa = false\n[outcomes.ncmec]\nincident_type = 'x'\n", "needs classification_question")],
)  # fmt: skip
def test_mistakes_are_named(table: str, message: str) -> None:
    with pytest.raises(regulator_map.MappingError, match=message):
        regulator_map.read(BASE + table, "p")


def test_no_mapping_is_unmapped() -> None:
    assert not regulator_map.read(BASE, "p")["remove"].dsa_mapped
