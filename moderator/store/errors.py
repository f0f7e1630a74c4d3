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
    LoginRefused,
    ModeratorError,
    NotEligible,
    NotFound,
    WorkspaceRefused,
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


def environment_problem(exc: BaseException) -> DatabaseUnavailable | None:
    """If `exc` comes from the environment rather than a bug, a user-facing error for it."""
    if isinstance(exc, OperationalError | InterfaceError):
        original = getattr(exc, "orig", None) or exc
        text = (
            str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
        )
        return _connection_problem(text) or DatabaseUnavailable(_hint(text))
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
_REFUSED_LOGIN = ("password", "authentication failed", "no pg_hba.conf entry")
_UNREACHABLE = (  # libpq's words -> ours, for "cannot reach HOST:PORT (...)"
    ("connection refused", "connection refused"),
    ("timeout expired", "timed out"),
    ("timed out", "timed out"),
    ("no route to host", "no route to host"),
    ("network is unreachable", "network unreachable"),
    ("no such file or directory", "no server listening there"),
)


def _connection_problem(text: str) -> DatabaseUnavailable | None:
    """'cannot resolve host db.example', 'database x does not exist on host:5432', ...

    The server was reached but refused (a password, a login or a database that is wrong):
    `LoginRefused`, which "cannot be reached" would misdescribe.
    """
    if found := _RESOLVE.search(text):
        return DatabaseUnavailable(f"cannot resolve host {found.group(1)}")
    server = _SERVER.search(text)
    if server is None:
        return None
    host, port, socket, reason = server.groups()
    where = f"{host}:{port}" if host is not None else socket
    if missing := _MISSING.search(reason):
        what = "database" if missing.group(1).lower() == "database" else "database login"
        return LoginRefused(f"{what} {missing.group(2)} does not exist on {where}")
    lowered = reason.lower()
    if any(key in lowered for key in _REFUSED_LOGIN):
        fatal = reason.partition("FATAL:")[2].strip() or reason.strip()
        return LoginRefused(f"the database server at {where} refused the login: {fatal}")
    said = next((words for key, words in _UNREACHABLE if key in lowered), reason.strip())
    return DatabaseUnavailable(f"cannot reach {where} ({said})")


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
