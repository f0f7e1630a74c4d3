"""Errors sorted into what the user can act on and what is a bug.

"The environment" (the database is locked, unreachable, out of disk; a config is wrong) is told to
the user in one line and can be retried. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from moderator.domain.errors import (
    ConfigError,
    DatabaseUnavailable,
    LeaseLost,
    ModeratorError,
    NotEligible,
    NotFound,
)

__all__ = [
    "ConfigError",
    "DatabaseUnavailable",
    "LeaseLost",
    "ModeratorError",
    "NotEligible",
    "NotFound",
    "environment_problem",
]


def environment_problem(exc: BaseException) -> DatabaseUnavailable | None:
    """If `exc` comes from the environment rather than a bug, a user-facing error for it."""
    if isinstance(exc, OperationalError | InterfaceError):
        original = getattr(exc, "orig", None) or exc
        text = (
            str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
        )
        lowered = text.lower()
        if "locked" in lowered or "busy" in lowered:
            hint = "the database is busy (locked by another program); try again"
        elif "disk" in lowered and ("full" in lowered or "space" in lowered):
            hint = "the disk is full"
        elif "connect" in lowered or "connection" in lowered or "server" in lowered:
            hint = "the database server cannot be reached"
        elif "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
            hint = "the database file cannot be opened for writing"
        else:
            hint = "the database reported a problem"
        return DatabaseUnavailable(f"{hint} ({text})")
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable("the connection to the database was lost; try again")
    return None
