"""The central store: received events and decisions, workstation keys, and their verification.

Sync inserts here (`insert_events`, `insert_decisions`); the supervisor console and `moderator
audit verify --central` read here (`iter_central_chain`, `verify_central`). Signature checks live
in this layer because the domain stays free of `cryptography`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from moderator.domain.audit import (
    ChainCursor,
    ChainedEvent,
    ChainReport,
    Checkpoint,
    SignatureCheck,
    StoredRow,
    checkpoint_message,
    verify_rows,
)
from moderator.domain.errors import ModeratorError
from moderator.store.dialect import insert_ignoring_conflicts
from moderator.store.models_central import CentralDecision, CentralEvent, WorkstationKey

C = CentralEvent.__table__.c
_CHAIN_COLUMNS = (
    C.uid,
    C.workstation,
    C.seq,
    C.occurred_at,
    C.actor,
    C.kind,
    C.report_uid,
    C.payload,
    C.prev_hash,
    C.hash,
)


class KeyConflict(ModeratorError):
    """The store already holds a different public key for this workstation."""


class SyncConflict(ModeratorError):
    """The central store holds a different event at a (workstation, seq): a fork or tampering."""


@dataclass(frozen=True, slots=True)
class WorkstationStatus:
    """One workstation's chain at the central store, as the console and the CLI show it."""

    workstation: str
    events: int
    head_seq: int
    checkpoint_seq: int | None  # the last seq a valid signed checkpoint vouches for
    ok: bool
    problem: str | None = None
    bad_seq: int | None = None
    bad_uid: str | None = None
    key: str | None = None  # registered public key, hex


# --- keys ---------------------------------------------------------------------------------


def load_keys(session: Session) -> dict[str, str]:
    """Registered public keys (hex) by workstation, as far as this role may read them."""
    rows = session.execute(select(WorkstationKey.workstation, WorkstationKey.public_key))
    return {ws: key for ws, key in rows}


def register_key(
    session: Session, workstation: str, public_key: str, username: str, now: datetime
) -> bool:
    """Record the workstation's public key; True if it was new.

    Raises KeyConflict if a different key is already registered for the workstation (or the
    row exists but belongs to another database user and is hidden from this one).
    """
    current = session.scalar(
        select(WorkstationKey.public_key).where(WorkstationKey.workstation == workstation)
    )
    if current == public_key:
        return False
    if current is not None:
        raise KeyConflict(
            f"workstation {workstation} already has a different signing key registered "
            f"({current[:16]}…, this machine has {public_key[:16]}…); refusing to replace it — "
            "a supervisor must retire the old key first"
        )
    db_user = ""
    if session.get_bind().dialect.name == "postgresql":
        db_user = str(session.scalar(select(literal_column("current_user"))))
    try:
        with session.begin_nested():
            session.add(
                WorkstationKey(
                    workstation=workstation,
                    algorithm="ed25519",
                    public_key=public_key,
                    username=username,
                    db_user=db_user,
                    registered_at=now,
                )
            )
            session.flush()
    except IntegrityError as exc:
        raise KeyConflict(
            f"workstation {workstation} is already registered by another database user"
        ) from exc
    return True


def signature_checker(keys: Mapping[str, str]) -> SignatureCheck:
    """A check for verify_chain: the signer's key is the registered one and the signature holds."""
    loaded: dict[str, Ed25519PublicKey] = {}

    def check(event: ChainedEvent, checkpoint: Checkpoint) -> str | None:
        registered = keys.get(event.workstation)
        if registered is None:
            return "checkpoint signed by a key that is not registered for this workstation"
        if checkpoint.key != registered:
            return (
                f"checkpoint signed with key {checkpoint.key[:16]}…, but the registered key is "
                f"{registered[:16]}… (mismatched key)"
            )
        if checkpoint.algorithm != "ed25519":
            return f"checkpoint uses unknown algorithm {checkpoint.algorithm!r}"
        public = loaded.get(registered)
        if public is None:
            try:
                public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(registered))
            except ValueError:
                return "the registered key is not a valid Ed25519 public key"
            loaded[registered] = public
        message = checkpoint_message(event.workstation, checkpoint.seq, checkpoint.head_hash)
        try:
            public.verify(bytes.fromhex(checkpoint.signature), message)
        except (InvalidSignature, ValueError):
            return "bad signature on checkpoint"
        return None

    return check


# --- reading and verifying ------------------------------------------------------------------


def central_workstations(session: Session) -> list[str]:
    return list(session.scalars(select(C.workstation).distinct().order_by(C.workstation)))


def iter_central_chain(
    session: Session, workstation: str, batch: int = 20_000
) -> Iterator[ChainedEvent]:
    """A workstation's events at the central store in seq order (keyset pagination).

    Read with plain driver values (no per-row type processing). Timestamps come back naive UTC
    (or as text from SQLite), which hash the same.
    """
    return iter_stored_chain(session, "central_events", workstation, batch=batch)


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
_TABLES = ("audit_events", "central_events")


def _sql(pg: bool, columns: str, where: str, tail: str, table: str) -> str:
    mark = "%s" if pg else "?"
    return (
        f"SELECT {columns} FROM {table} WHERE workstation = {mark} AND {where.format(m=mark)} "
        f"{tail.format(m=mark)}"
    )


_PAGE = {
    (t, pg): _sql(pg, _COLUMNS_SQL, "seq > {m}", "ORDER BY seq LIMIT {m}", t)
    for t in _TABLES
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
    for t in _TABLES
    for pg in (False, True)
}
_NEXT = {(t, pg): _sql(pg, "min(seq)", "seq > {m}", "", t) for t in _TABLES for pg in (False, True)}
_ONE = {
    (t, pg): _sql(pg, _COLUMNS_SQL, "seq = {m}", "", t) for t in _TABLES for pg in (False, True)
}


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


def status_of(report: ChainReport, key: str | None) -> WorkstationStatus:
    problem = report.problem
    return WorkstationStatus(
        workstation=report.workstation,
        events=report.events,
        head_seq=report.head_seq if problem is None else problem.seq - 1,
        checkpoint_seq=report.checkpoint_seq,
        ok=problem is None,
        problem=problem.describe() if problem else None,
        bad_seq=problem.seq if problem else None,
        bad_uid=problem.uid if problem else None,
        key=key,
    )


def verify_central(
    session: Session, acked: Mapping[str, int] | None = None
) -> list[WorkstationStatus]:
    """Verify every chain at the central store: links, hashes, checkpoint signatures.

    A hole inside a chain is always a deletion (sync sends each chain in order). A missing tail
    is only known to be a deletion when `acked` (a workstation's local sync cursors) says the
    central store had acknowledged those events; otherwise they are simply not yet synced.
    """
    keys = load_keys(session)
    check = signature_checker(keys)
    result = []
    for ws in central_workstations(session):
        report = verify_stored_chain(session, "central_events", ws, check)
        status = status_of(report, keys.get(ws))
        wanted = (acked or {}).get(ws, 0)
        if status.ok and wanted > status.head_seq:
            status = WorkstationStatus(
                ws,
                status.events,
                status.head_seq,
                status.checkpoint_seq,
                ok=False,
                problem=(
                    f"workstation {ws}: events {status.head_seq + 1}..{wanted} are missing at "
                    "the central store although it acknowledged them (deleted)"
                ),
                bad_seq=status.head_seq + 1,
                key=status.key,
            )
        result.append(status)
    for ws, wanted in sorted((acked or {}).items()):
        if wanted > 0 and ws not in {s.workstation for s in result}:
            result.append(
                WorkstationStatus(
                    ws,
                    0,
                    0,
                    None,
                    ok=False,
                    problem=f"workstation {ws}: events 1..{wanted} were acknowledged but the "
                    "central store holds none of them (deleted)",
                    bad_seq=1,
                    key=keys.get(ws),
                )
            )
    return result


# --- receiving (sync) -------------------------------------------------------------------------


def insert_events(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert received events; an event already present (same uid) is left as it is.

    A different event at an existing (workstation, seq) raises IntegrityError; `check_range`
    then tells a resend from a fork.
    """
    if rows:
        session.execute(insert_ignoring_conflicts(session, CentralEvent.__table__, "uid"), rows)


def insert_decisions(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        session.execute(insert_ignoring_conflicts(session, CentralDecision.__table__, "uid"), rows)


def check_range(
    session: Session, workstation: str, expected: Mapping[int, tuple[str, str]]
) -> None:
    """Raise SyncConflict unless the central events at these seqs are exactly `expected`
    ({seq: (uid, hash)})."""
    if not expected:
        return
    rows = session.execute(
        select(C.seq, C.uid, C.hash).where(
            C.workstation == workstation, C.seq.between(min(expected), max(expected))
        )
    ).all()
    found = {seq: (uid, digest) for seq, uid, digest in rows}
    for seq, want in expected.items():
        have = found.get(seq)
        if have != want:
            what = "is missing" if have is None else f"holds event {have[0]} ({have[1][:12]})"
            raise SyncConflict(
                f"central store conflict for workstation {workstation} at seq {seq}: it {what}, "
                f"this workstation has event {want[0]} ({want[1][:12]}); the chain was forked or "
                "tampered with — nothing was marked as sent, ask a supervisor"
            )
