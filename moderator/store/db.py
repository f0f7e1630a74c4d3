"""Engines and sessions. Every difference between SQLite and PostgreSQL setup lives here."""

from __future__ import annotations

import select
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from moderator.store.errors import ConfigError, NotFound
from moderator.store.private import private_sqlite

SQLITE_BUSY_MS = 15_000
URL_EXAMPLES = "sqlite:///path/to/file.sqlite or postgresql://user@host:5432/db"


def database_url(text: str, what: str = "database") -> URL:
    """A URL the user typed (`--database`, `--central`, a profile), checked before any use.

    Unlike `normalise_url` a bare word is refused: `--central notaurl` is a typo, not a
    request to create a SQLite file named `notaurl`.
    """
    if "://" not in text:
        raise ConfigError(f"{what} {text!r} is not a URL; use {URL_EXAMPLES}")
    parsed = normalise_url(text)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, ""):
        raise ConfigError(f"{what} {text!r} names no file; use {URL_EXAMPLES}")
    return parsed


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def normalise_url(url: str | URL, password: str | None = None) -> URL:
    """Accept `postgresql://user@host/db`, `sqlite:///path` or a bare file path."""
    if isinstance(url, str) and "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url}") from exc
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
        if password is not None:
            parsed = parsed.set(password=password)
    elif parsed.get_backend_name() != "sqlite":
        raise ConfigError(
            f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
        )
    return parsed


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


# What a large ingest changes: the claim's plan (which index, whether it sorts every queued
# report) rests on these tables' statistics.
INGESTED_TABLES = ("reports", "media_items", "queue_counts")


def refresh_statistics(engine: Engine, tables: tuple[str, ...] = INGESTED_TABLES) -> None:
    """ANALYZE after a large ingest on PostgreSQL, rather than waiting for autovacuum: until
    it runs, the planner prices the queue as it was, and a claim can sort every queued report
    (10 ms instead of under 1). A login that does not own the tables gets PostgreSQL's warning
    and nothing else. SQLite keeps no statistics here: its statements are written for the
    planner it has (see `queue_statements`)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        for table in tables:
            conn.exec_driver_sql(f"ANALYZE {table}")
        conn.commit()


def make_engine(
    url: str | URL, *, password: str | None = None, pool_size: int = 5, create: bool = True
) -> Engine:
    """An engine configured for the workstation: WAL and immediate transactions on SQLite.

    With `create=False` a SQLite file that does not exist is refused (NotFound) rather than
    made, with its folder, by the first connection.
    """
    parsed = normalise_url(url, password)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            if not create and not Path(database).exists():
                raise NotFound(f"no SQLite database at {database}")
            private_sqlite(database)  # before SQLite makes it, or its -wal/-shm, world-readable
        engine = create_engine(
            parsed,
            connect_args={"timeout": SQLITE_BUSY_MS / 1000, "isolation_level": None},
            poolclass=NullPool if database in (None, "", ":memory:") else None,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    # JIT off: the queue's statements are short, and a generic plan with JIT costs 100x more.
    options = " ".join(filter(None, [str(parsed.query.get("options", "")), "-c jit=off"]))
    engine = create_engine(
        parsed.difference_update_query(["options"]),
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={
            "connect_timeout": 5,
            "application_name": "moderator",
            "options": options,
        },
    )
    event.listen(engine, "checkout", _dropped_by_server)
    return engine


def _dropped_by_server(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled connection the server has closed, without a round trip.

    An idle connection has nothing to read; a server that terminated it (a restart, an
    administrator) has sent its notice and closed the socket, which makes it readable. That
    costs a system call, where a pre-ping costs a round trip on every checkout, the hot path's
    most frequent one. A connection that dies silently fails its first statement instead,
    and the caller gets DatabaseUnavailable; SQLAlchemy then replaces every pooled connection
    older than the failure.
    """
    try:
        readable, _, _ = select.select([dbapi_conn.fileno()], [], [], 0)
    except (OSError, ValueError) as exc:  # closed already
        raise DisconnectionError("the pooled connection is closed") from exc
    if readable:
        raise DisconnectionError("the database server closed this connection")


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    # pysqlite's own transaction handling is off (isolation_level=None); every transaction
    # takes the write lock up front so two writers never deadlock upgrading a read lock.
    # On the driver itself: SQLAlchemy's statement machinery costs more than the BEGIN.
    try:
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:  # "database is locked": the caller's OperationalError
        raise DBAPIError.instance("BEGIN IMMEDIATE", (), exc, sqlite3.Error) from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
