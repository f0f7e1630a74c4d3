"""The server's problem documents (RFC 9457) as the errors the window already understands."""

from __future__ import annotations

from typing import Any

from moderator.domain.errors import (
    DatabaseUnavailable,
    LeaseLost,
    ModeratorError,
    NotEligible,
    NotFound,
)
from moderator.services.interfaces import OnBreak, UndoTooLate

SIGN_IN_AGAIN = "sign in again: ask your supervisor for a new enrollment code"
PREFIX = "urn:moderator:problem:"


class ServerUnavailable(DatabaseUnavailable):
    """The team server cannot be reached, or cannot reach its database (503): retrying with
    the same request id is safe. A DatabaseUnavailable, so the window shows it and retries."""


class SignInAgain(ModeratorError):
    """The server no longer knows this desk's token (expired, revoked, or the desk was)."""


class Refused(ModeratorError):
    """The server refused a request for a reason this client has no closer error for."""

    def __init__(self, slug: str, status: int, detail: str) -> None:
        super().__init__(detail)
        self.slug, self.status = slug, status


# Problem types the window treats like their single-seat counterparts.
_BY_SLUG: dict[str, type[ModeratorError]] = {
    "lease-lost": LeaseLost,
    "undo-too-late": UndoTooLate,
    "on-break": OnBreak,
    "not-found": NotFound,
    "not-eligible": NotEligible,
    "deactivated": NotEligible,
}


def slug_of(error: BaseException) -> str:
    """The problem type of an error raised from a server's answer ("" when none)."""
    return str(getattr(error, "slug", ""))


def from_problem(status: int, body: Any) -> ModeratorError:
    """The error for a non-2xx answer, from its problem document when it has one."""
    problem = body if isinstance(body, dict) else {}
    kind = str(problem.get("type", ""))
    slug = kind[len(PREFIX) :] if kind.startswith(PREFIX) else ""
    detail = str(problem.get("detail") or problem.get("title") or f"HTTP {status}")
    if status == 401:
        error: ModeratorError = SignInAgain(
            f"The server does not know this desk's token: {SIGN_IN_AGAIN}."
        )
    elif status == 503:
        error = ServerUnavailable(f"the team server cannot reach its database now ({detail})")
    elif slug in _BY_SLUG:
        error = _BY_SLUG[slug](detail)
    else:
        error = Refused(slug or f"http-{status}", status, detail)
    error.slug = slug  # type: ignore[attr-defined]
    return error
