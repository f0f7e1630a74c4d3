"""What a policy file that cannot be used says: every fault, each by line and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from moderator.domain.errors import ModeratorError


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    source: str
    line: int | None
    field: str
    message: str

    def describe(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PolicyError(ModeratorError):
    """A policy file that cannot be used; `problems` lists every fault found."""

    def __init__(self, problems: Sequence[PolicyProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.describe() for p in self.problems))
