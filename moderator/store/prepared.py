"""Core statements compiled once per dialect and run on the session's own driver cursor.

The queue's claim and decide run thousands of times a second. Through `Session.execute` each
call builds a cache key for the statement, looks it up, and wraps every row: more Python time
than SQLite takes to run the statement. A `Prepared` statement is compiled once per dialect;
a call binds the parameters through the columns' own bind processing (so values are stored
exactly as SQLAlchemy stores them) and returns the driver's plain tuples. Result columns must
need no processing (integers, text, floats); expanding parameters are not supported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # positional order (SQLite's ?), None for named (%(x)s)
    processors: Mapping[str, Callable[[Any], Any]]
    fixed: Mapping[str, Any]  # the values written into the statement (`.values(state=...)`)


_DRIVER = "moderator.prepared.driver"


def driver(session: Session) -> tuple[Any, Dialect]:
    """The driver connection of the session's transaction (begun if need be), and its dialect.

    `Session.connection()` walks SQLAlchemy's transaction machinery on every call; the hot
    path asks several times per transaction, so the answer is kept for the innermost
    transaction it belongs to (a savepoint or a new transaction asks again: that is when
    SQLAlchemy emits a savepoint it began lazily).
    """
    current = session.get_nested_transaction() or session.get_transaction()
    cached = session.info.get(_DRIVER)
    if cached is not None and current is not None and cached[0] is current:
        return cached[1], cached[2]
    conn = session.connection()  # a savepoint begun lazily is emitted here
    now = session.get_nested_transaction() or session.get_transaction()
    found = (now, conn.connection.dbapi_connection, conn.dialect)
    session.info[_DRIVER] = found
    return found[1], found[2]


@dataclass
class Prepared:
    """One statement, compiled on first use for each dialect."""

    statement: ClauseElement
    _forms: dict[str, _Compiled] = field(default_factory=dict, repr=False)

    def _compiled(self, dialect: Dialect) -> _Compiled:
        form = self._forms.get(dialect.name)
        if form is None:
            compiled: Any = self.statement.compile(dialect=dialect)
            if compiled.has_out_parameters or "POSTCOMPILE" in compiled.string:
                raise TypeError("a Prepared statement cannot have expanding parameters")
            positional = compiled.positiontup
            processors = {k: p for k, p in compiled._bind_processors.items() if p is not None}
            fixed = {
                k: processors[k](v) if k in processors else v
                for k, v in compiled.construct_params(_check=False).items()
                if not compiled.binds[k].required
            }
            form = _Compiled(
                compiled.string,
                tuple(positional) if positional is not None else None,
                processors,
                fixed,
            )
            self._forms[dialect.name] = form
        return form

    def rows(
        self, session: Session | Connection, params: Mapping[str, Any]
    ) -> Sequence[tuple[Any, ...]]:
        """Run in the session's transaction (begun if need be), or on the connection as it is
        (an autocommit connection: no transaction); the rows it returns."""
        dbapi: Any
        if isinstance(session, Connection):
            dbapi, dialect = session.connection.dbapi_connection, session.dialect
        else:
            dbapi, dialect = driver(session)
        form = self._compiled(dialect)
        bound = dict(form.fixed)
        for k, v in params.items():
            bound[k] = form.processors[k](v) if k in form.processors else v
        args: Any = bound if form.names is None else tuple(bound[n] for n in form.names)
        cursor = dbapi.cursor()
        try:
            cursor.execute(form.sql, args)
            return cursor.fetchall() if cursor.description is not None else ()
        except dialect.loaded_dbapi.Error as exc:
            # The same exception types as Session.execute raises (IntegrityError, ...).
            raise DBAPIError.instance(
                form.sql, args, exc, dialect.loaded_dbapi.Error, dialect=dialect
            ) from exc
        finally:
            cursor.close()

    def first(
        self, session: Session | Connection, params: Mapping[str, Any]
    ) -> tuple[Any, ...] | None:
        found = self.rows(session, params)
        return found[0] if found else None
