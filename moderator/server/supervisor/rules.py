"""A supervisor's change that the record's rules refuse: a 409 with the rule's sentence."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from moderator.domain.errors import ModeratorError
from moderator.server.errors import ChangeRefused
from moderator.server.problems import INTERNAL, kind_of

T = TypeVar("T")


def checked(change: Callable[[], T]) -> T:
    """Run `change`; a plain rule error (no problem type of its own, as 404 or 503 have)
    becomes ChangeRefused, answered 409 `change-refused` and recorded as a refusal."""
    try:
        return change()
    except ModeratorError as exc:
        if kind_of(exc) is not INTERNAL:
            raise
        raise ChangeRefused(str(exc)) from exc
