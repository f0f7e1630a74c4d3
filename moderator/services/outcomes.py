"""Outcomes as their policy names them ("False video (deepfake): delete, block and report"),
for the tables a person reads; the stored record keeps the codes.

A label comes from the latest stored version of the event's policy (the details pane shows
the exact version a decision was made under), else from the shipped template, else it is the
code itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from moderator.domain.errors import ModeratorError
from moderator.domain.policy_file import builtin_ids
from moderator.services import policies


class OutcomeLabels:
    """(policy id, outcome) -> label, reading each policy once per instance (one session)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_policy: dict[str, dict[str, str]] = {}

    def __call__(self, policy_id: Any, outcome: Any) -> str | None:
        if not isinstance(outcome, str) or not outcome:
            return None
        if not isinstance(policy_id, str) or not policy_id:
            return outcome
        if policy_id not in self._by_policy:
            self._by_policy[policy_id] = self._read(policy_id)
        return self._by_policy[policy_id].get(outcome, outcome)

    def _read(self, policy_id: str) -> dict[str, str]:
        try:
            return {o.id: o.label for o in policies.load(self.session, policy_id).outcomes}
        except ModeratorError:
            return _shipped(policy_id)


def codes_only(_policy_id: Any, outcome: Any) -> str | None:
    """No labels (no session at hand): the code as it is."""
    return outcome if isinstance(outcome, str) and outcome else None


@lru_cache(maxsize=16)
def _shipped(policy_id: str) -> dict[str, str]:
    if policy_id not in builtin_ids():
        return {}
    template = next(p for p in policies.shipped_templates() if p.id == policy_id)
    return {o.id: o.label for o in template.outcomes}


def outcome_choices(session: Session, codes: list[str]) -> list[tuple[str, str]]:
    """(code, label) for a filter dropdown: the label of the first policy (stored, else
    shipped) that has the outcome; the filter matches the code, whichever policy has it."""
    labels = OutcomeLabels(session)
    known: dict[str, str] = {}
    for policy_id in builtin_ids():
        for code in codes:
            label = labels(policy_id, code)
            if label and label != code:
                known.setdefault(code, label)
    return [(code, known.get(code, code)) for code in codes]
