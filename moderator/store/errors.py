"""Errors sorted into what the user can act on and what is a bug.

"The environment" (the database is locked, unreachable, out of disk; a config is wrong) is told to
the user in one line and can be retried. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from moderator.domain.errors import ConfigError, ModeratorError, NotEligible, NotFound

__all__ = [
    "ConfigError",
    "DatabaseUnavailable",
    "LeaseLost",
    "ModeratorError",
    "NotEligible",
    "NotFound",
    "environment_problem",
]


class DatabaseUnavailable(ModeratorError):
    """The database cannot be reached or used right now; retrying may work."""


class LeaseLost(ModeratorError):
    """The report is no longer claimed by this reviewer (lease expired or taken over)."""


def environment_problem(exc: BaseException) -> DatabaseUnavailable | None:
    """If `exc` comes from the environment rather than a bug, a user-facing error for it."""
    if isinstance(exc, OperationalError | InterfaceError):
        original = getattr(exc, "orig", None) or exc
        text = (
            str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
        )
        return DatabaseUnavailable(_connection_problem(text) or _hint(text))
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable("the connection to the database was lost; try again")
    return None


# libpq's words (through psycopg) for the connection failures a person can act on.
_RESOLVE = re.compile(
    r"(?:failed to resolve host|could not translate host name) [\'\"]?([^\'\":\s]+)", re.I
)
_SERVER = re.compile(
    r'connection to server (?:at "([^"]*)"(?: \([^)]*\))?, port (\d+)|on socket "([^"]*)")'
    r" failed: (.*)",
    re.I,
)
_MISSING = re.compile(r'(database|role) "([^"]*)" does not exist', re.I)
_UNREACHABLE = (  # libpq's words -> ours, for "cannot reach HOST:PORT (...)"
    ("connection refused", "connection refused"),
    ("timeout expired", "timed out"),
    ("timed out", "timed out"),
    ("no route to host", "no route to host"),
    ("network is unreachable", "network unreachable"),
    ("no such file or directory", "no server listening there"),
)
_REFUSED_LOGIN = (  # ... and for "the database server at HOST:PORT ..."
    ("password authentication failed", "did not accept the password"),
    ("no password supplied", "needs a password"),
    ("no pg_hba.conf entry", "does not accept this login from this computer"),
)


def _connection_problem(text: str) -> str | None:
    """'cannot resolve host db.example', 'database x does not exist on host:5432', ..."""
    if found := _RESOLVE.search(text):
        return f"cannot resolve host {found.group(1)}"
    server = _SERVER.search(text)
    if server is None:
        return None
    host, port, socket, reason = server.groups()
    where = f"{host}:{port}" if host is not None else socket
    if missing := _MISSING.search(reason):
        what = "database" if missing.group(1).lower() == "database" else "database login"
        return f"{what} {missing.group(2)} does not exist on {where}"
    lowered = reason.lower()
    for key, words in _REFUSED_LOGIN:
        if key in lowered:
            return f"the database server at {where} {words}"
    said = next((words for key, words in _UNREACHABLE if key in lowered), reason.strip())
    return f"cannot reach {where} ({said})"


def _hint(text: str) -> str:
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
    return f"{hint} ({text})"
