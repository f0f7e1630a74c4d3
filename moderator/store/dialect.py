"""Statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from moderator.store.prepared import Prepared


def insert_ignoring_conflicts(session: Session, table: Table | Any, *columns: str) -> Any:
    """`INSERT ... ON CONFLICT (columns) DO NOTHING` for the session's dialect."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(columns))
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(columns))


def upsert(
    session: Session, table: Table | Any, values: dict[str, Any], keys: list[str], update: list[str]
) -> None:
    """Insert a row, or update the named columns of the row with the same keys."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={name: stmt.excluded[name] for name in update}
    )
    session.execute(stmt)


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:ws, 7001))")
_PERSON_KEY = "CAST(:id AS bigint) + (7002::bigint << 32)"  # apart from the chains' keys
_PERSON_LOCK = Prepared(text(f"SELECT pg_advisory_xact_lock({_PERSON_KEY})"))
_PERSON_SHARED = Prepared(text(f"SELECT pg_advisory_xact_lock_shared({_PERSON_KEY})"))


def lock_person(session: Session, reviewer_id: int, *, shared: bool) -> None:
    """Hold a person's lock until the transaction ends: shared by everything that acts as
    them (a claim), exclusive for a change of whether they may act (a deactivation).

    An advisory lock rather than SELECT ... FOR SHARE on `reviewers`: a row lock needs UPDATE
    privilege on the table, which the team server's login must not have. On SQLite every
    writing transaction already holds the database's one write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        (_PERSON_SHARED if shared else _PERSON_LOCK).rows(session, {"id": reviewer_id})


def lock_workstation(session: Session, workstation: str) -> None:
    """Hold the workstation's journal lock until the transaction ends.

    On SQLite every transaction already holds the database write lock (BEGIN IMMEDIATE). On
    PostgreSQL a transaction-scoped advisory lock; it is taken in its own statement so the
    head read after it sees whatever the previous holder committed.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_ADVISORY_LOCK, {"ws": workstation})  # re-entrant within a transaction
