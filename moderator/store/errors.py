"""Errors sorted into what the user can act on and what is a bug.

"The environment" (the database is locked, unreachable, out of disk; a config is wrong) is told to
the user in one line and can be retried. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import re

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
    "LoginRefused",
    "ModeratorError",
    "NotEligible",
    "NotFound",
    "WorkspaceRefused",
    "environment_problem",
]


class LoginRefused(DatabaseUnavailable):
    """The database server was reached and refused the login (password, role, database)."""


class WorkspaceRefused(ModeratorError):
    """The database is not one of ours, or is newer than this program: it is left untouched."""


def _server(text: str) -> str:
    match = re.search(r'server at "([^"]+)", port (\d+)', text)
    return f" at {match.group(1)}:{match.group(2)}" if match else ""


def environment_problem(exc: BaseException) -> DatabaseUnavailable | None:
    """If `exc` comes from the environment rather than a bug, a user-facing error for it."""
    if isinstance(exc, OperationalError | InterfaceError):
        original = getattr(exc, "orig", None) or exc
        text = (
            str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
        )
        lowered = text.lower()
        fatal = text.partition("FATAL:")[2].strip()
        if "password" in lowered or "authentication failed" in lowered:
            return LoginRefused(
                f"the database server{_server(text)} refused the login: {fatal or text}"
            )
        if fatal and "does not exist" in fatal:
            # Reached, but the database or role is wrong: "cannot be reached" would mislead.
            return LoginRefused(f"the database server{_server(text)} reported a problem: {fatal}")
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
