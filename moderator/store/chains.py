"""Stored chains (a workstation's rows of `audit_events` or `central_events`): reading them,
verifying them by the fast path, and the point reads that compare a chain with a witness.

Every statement is prebuilt per table and dialect and runs on the session's own driver
connection: verification reads millions of rows, and SQLAlchemy's per-row processing would
cost more than the hashing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy.orm import Session

from moderator.domain.audit import ChainCursor, ChainedEvent, ChainReport, SignatureCheck
from moderator.domain.audit_rows import StoredRow, verify_rows
from moderator.domain.errors import ModeratorError

TABLES = ("audit_events", "central_events")


def workstations_in(session: Session, table: str) -> list[str]:
    """The workstations that have a chain in `table`."""
    assert table in TABLES
    rows = session.connection().exec_driver_sql(
        f"SELECT DISTINCT workstation FROM {table} ORDER BY workstation"
    )
    return [str(ws) for (ws,) in rows]


def iter_stored_chain(
    session: Session, table: str, workstation: str, *, after: int = 0, batch: int = 5000
) -> Iterator[ChainedEvent]:
    """A chain from `audit_events` or `central_events` with its real timestamps, seq > after."""
    conn = session.connection()
    sql = _PAGE[table, conn.dialect.name == "postgresql"]
    last = after
    while True:
        page = conn.exec_driver_sql(sql, (workstation, last, batch)).fetchall()
        if not page:
            return
        for r in page:
            yield _chained(r)
        last = page[-1][2]


def _chained(r: Any) -> ChainedEvent:
    at = r[3] if isinstance(r[3], datetime) else datetime.fromisoformat(r[3])
    return ChainedEvent(r[0], r[1], r[2], at, r[4], r[5], r[6], r[7], r[8], r[9])


# The fast path's time text, spelled by the database exactly as `format_time` spells it, or ''
# where the database cannot (years outside 1000..9999 — Python writes year 5 as '5' — or, on
# SQLite, text that is not a valid 'YYYY-MM-DD HH:MM:SS.ffffff' as SQLAlchemy stores it). Such
# rows are read again with their real value and checked in full.
_AT_TEXT = {
    True: "CASE WHEN occurred_at >= '1000-01-01' AND occurred_at < '10000-01-01' "
    "THEN to_char(occurred_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') ELSE '' END",
    False: "CASE WHEN occurred_at GLOB '[1-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] "
    "[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]' "
    "AND datetime(julianday(substr(occurred_at, 1, 19))) = substr(occurred_at, 1, 19) "
    "THEN substr(occurred_at, 1, 10) || 'T' || substr(occurred_at, 12) || 'Z' ELSE '' END",
}
_COLUMNS_SQL = (
    "uid, workstation, seq, occurred_at, actor, kind, report_uid, payload, prev_hash, hash"
)


def _sql(pg: bool, columns: str, where: str, tail: str, table: str) -> str:
    mark = "%s" if pg else "?"
    return (
        f"SELECT {columns} FROM {table} WHERE workstation = {mark} AND {where.format(m=mark)} "
        f"{tail.format(m=mark)}"
    )


_PAGE = {
    (t, pg): _sql(pg, _COLUMNS_SQL, "seq > {m}", "ORDER BY seq LIMIT {m}", t)
    for t in TABLES
    for pg in (False, True)
}
_FAST_PAGE = {
    (t, pg): _sql(
        pg,
        f"seq, uid, {_AT_TEXT[pg]}, actor, kind, report_uid, payload, prev_hash, hash",
        "seq > {m} AND seq <= {m}" if pg else "seq > {m}",
        "ORDER BY seq" if pg else "ORDER BY seq LIMIT {m}",
        t,
    )
    for t in TABLES
    for pg in (False, True)
}
_NEXT = {(t, pg): _sql(pg, "min(seq)", "seq > {m}", "", t) for t in TABLES for pg in (False, True)}
_ONE = {(t, pg): _sql(pg, _COLUMNS_SQL, "seq = {m}", "", t) for t in TABLES for pg in (False, True)}
_AT = {(t, pg): _sql(pg, "uid, hash", "seq = {m}", "", t) for t in TABLES for pg in (False, True)}
_LAST = {(t, pg): _sql(pg, "max(seq)", "1 = 1", "", t) for t in TABLES for pg in (False, True)}


def event_at(session: Session, table: str, workstation: str, seq: int) -> tuple[str, str] | None:
    """(uid, hash) of the stored event at `seq`, or None."""
    conn = session.connection()
    found = conn.exec_driver_sql(
        _AT[table, conn.dialect.name == "postgresql"], (workstation, seq)
    ).first()
    return (str(found[0]), str(found[1])) if found else None


def stored_head(session: Session, table: str, workstation: str) -> int:
    """The highest seq stored for the workstation (0 for none), whether or not it verifies."""
    conn = session.connection()
    found = conn.exec_driver_sql(
        _LAST[table, conn.dialect.name == "postgresql"], (workstation,)
    ).scalar()
    try:
        return int(found or 0)
    except (TypeError, ValueError):  # a hostile seq on SQLite: verification names that row
        return 0


def verify_stored_chain(
    session: Session,
    table: str,
    workstation: str,
    check: SignatureCheck | None = None,
    *,
    batch: int = 20_000,
) -> ChainReport:
    """`verify_chain` over a stored chain, by the fast path: the same report, several times
    faster (no per-event objects; the database spells the timestamps)."""
    conn = session.connection()
    pg = conn.dialect.name == "postgresql"
    sql = _FAST_PAGE[table, pg]
    chain = ChainCursor(workstation)
    # The driver's own cursor, inside the session's transaction: plain tuples, no Row objects.
    dbapi = conn.connection.cursor()

    def fetch(last: Any) -> tuple[Sequence[Any], Any] | None:
        """The page after seq `last` and where the next one starts; None at the end.

        PostgreSQL pages are seq ranges, not LIMITs: with a LIMIT, a planner without
        statistics (a freshly filled table) sorts the whole rest of the chain for every page.
        SQLite always walks the (workstation, seq) index, and its seq may be any type."""
        if not pg:
            dbapi.execute(sql, (workstation, last, batch))
            page = dbapi.fetchall()
            return (page, page[-1][0]) if page else None
        while True:
            dbapi.execute(sql, (workstation, last, last + batch))
            page = dbapi.fetchall()
            if page:
                return page, last + batch
            # the end, or a gap wider than a page (check_event reports it at the next row)
            dbapi.execute(_NEXT[table, pg], (workstation, last))
            found = dbapi.fetchone()
            if found is None or found[0] is None:
                return None
            last = int(found[0]) - 1

    def reread(row: StoredRow) -> ChainedEvent:
        found = conn.exec_driver_sql(_ONE[table, pg], (workstation, row[0])).first()
        if found is None:  # rows are only ever inserted: someone is deleting right now
            raise ModeratorError(f"event seq {row[0]} of {workstation} vanished while verifying")
        return _chained(found)

    try:
        got = fetch(0)
        while got is not None:
            page, following = got
            if not verify_rows(chain, cast(Sequence[StoredRow], page), reread, check):
                break
            got = fetch(following)
    finally:
        dbapi.close()
    return chain.report()
