"""Outcomes as their policy names them ("False video (deepfake): delete, block and report"),
for the tables a person reads; the stored record keeps the codes."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from moderator.domain.errors import ModeratorError
from moderator.domain.policy_file import builtin_ids
from moderator.services.review_view import policy_for


def outcome_label(policy_id: Any, outcome: Any) -> str | None:
    """The label the policy gives `outcome` ("Synthetic sexual media (false video)"), or the
    code itself when the policy is not one this program ships."""
    if not isinstance(outcome, str) or not outcome:
        return None
    labels = _labels(policy_id) if isinstance(policy_id, str) and policy_id else {}
    return labels.get(outcome, outcome)


def outcome_choices(codes: list[str]) -> list[tuple[str, str]]:
    """(code, label) for a filter dropdown: the label of the first shipped policy that has
    the outcome (the filter matches the code, whichever policy it belongs to)."""
    labels: dict[str, str] = {}
    for policy_id in builtin_ids():
        for code, label in _labels(policy_id).items():
            labels.setdefault(code, label)
    return [(code, labels.get(code, code)) for code in codes]


@lru_cache(maxsize=64)
def _labels(policy_id: str) -> dict[str, str]:
    """{outcome id: label} of a shipped policy; empty for one this program does not ship."""
    try:
        return {o.id: o.label for o in policy_for(policy_id).outcomes}
    except (ModeratorError, OSError):
        return {}
