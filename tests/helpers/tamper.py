"""Tampering as someone who can write the database: re-hash chains so they link again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, text

from moderator.domain.audit import GENESIS_HASH, ChainedEvent, reference_hash


def stored_time(value: object) -> datetime:
    """A stored naive-UTC timestamp (a datetime, or SQLite's text) as an aware one."""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at.replace(tzinfo=UTC)


def rehash(
    conn: Connection, table: str = "audit_events", *, renumber: bool = False, where: str = ""
) -> None:
    """Re-hash every chain in `table` (rows matching `where`, if given) in seq order, so each
    links again; with `renumber`, close the gaps deletions left."""
    rows = conn.execute(
        text(
            "SELECT uid, workstation, seq, occurred_at, actor, kind, report_uid, payload "
            f"FROM {table} {f'WHERE {where}' if where else ''} ORDER BY workstation, seq"
        )
    ).all()
    prev: dict[str, tuple[int, str]] = {}
    for uid, ws, seq, at, actor, kind, report, payload in rows:
        last_seq, last_hash = prev.get(ws, (0, GENESIS_HASH))
        new_seq = last_seq + 1 if renumber else int(seq)
        event = ChainedEvent(
            uid, ws, new_seq, stored_time(at), actor, kind, report, payload, last_hash, ""
        )
        digest = reference_hash(event)
        conn.execute(
            text(f"UPDATE {table} SET seq = :s, prev_hash = :p, hash = :h WHERE uid = :u"),
            {"s": new_seq, "p": last_hash, "h": digest, "u": uid},
        )
        prev[ws] = (new_seq, digest)
