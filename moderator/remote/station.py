"""The station: a desk's own small SQLite file (0600, under the user's data folder).

It holds two things and nothing else (no media, no report fields):

- the **outbox**: every mutating request the desk made (a submitted decision, its
  finalization, a release, an exposure record, a break, a check-in), with the request id it
  carries, from the moment it was made until the server acknowledged it. A request is
  "saved" once its row is committed here, "sent" once the server answered it (then the row
  goes); one the server refused moves to `refused`, kept for the reviewer and supervisor.
- the desk's own **audit chain** (views, reveals, look changes, logins; checkpoints signed
  with the enrolled key), hash-chained exactly as a workspace's journal is, until pushed.

Every call opens its own connection, so any thread may use a Station; writes take the
file's write lock (BEGIN IMMEDIATE) and are durable when they return (synchronous=FULL).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moderator.domain.audit import GENESIS_HASH, ChainedEvent, canonical_json, event_hash
from moderator.domain.clock import utc
from moderator.domain.ids import new_uid
from moderator.services.files import private_sqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS refused (
    seq INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    refused_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    problem TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chain (
    seq INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    occurred_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    report_uid TEXT,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One request in the outbox, exactly as it will be sent (again, if need be)."""

    seq: int
    request_id: str
    kind: str  # submit, finalize, release, skip, escalate, exposure, break, break_end, checkin
    ref: str  # what it is about: a decision id, a lease token, a break id
    method: str
    path: str
    body: str  # the JSON text; resent byte for byte
    created_at: datetime
    attempts: int = 0
    last_error: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Station:
    def __init__(self, path: Path, workstation: str) -> None:
        self.path, self.workstation = path, workstation
        private_sqlite(path)  # 0600 before SQLite writes a byte; its -wal/-shm follow
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            owner = db.execute("SELECT value FROM meta WHERE key = 'workstation'").fetchone()
            if owner is None:
                db.execute("INSERT INTO meta VALUES ('workstation', ?)", (workstation,))
            elif owner[0] != workstation:
                raise ValueError(f"{path} belongs to workstation {owner[0]}, not {workstation}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=FULL")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- the outbox ---------------------------------------------------------------------------

    def enqueue(
        self, kind: str, method: str, path: str, body: str, request_id: str, ref: str
    ) -> Entry:
        """Commit a request to the outbox; it is "saved" when this returns."""
        created = _now()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO outbox (request_id, kind, ref, method, path, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (request_id, kind, ref, method, path, body, created),
            )
            seq = int(cursor.lastrowid or 0)
        return Entry(
            seq, request_id, kind, ref, method, path, body, datetime.fromisoformat(created)
        )

    def waiting(self, upto: int | None = None) -> list[Entry]:
        """What the server has not acknowledged yet, oldest first."""
        query = "SELECT * FROM outbox"
        args: tuple[Any, ...] = ()
        if upto is not None:
            query, args = query + " WHERE seq <= ?", (upto,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY seq", args).fetchall()
        return [_entry(row) for row in rows]

    def find(self, kind: str, ref: str) -> Entry | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM outbox WHERE kind = ? AND ref = ? ORDER BY seq LIMIT 1", (kind, ref)
            ).fetchone()
        return _entry(row) if row else None

    def count_waiting(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def acknowledged(self, entry: Entry) -> None:
        with self._write() as db:
            db.execute("DELETE FROM outbox WHERE seq = ?", (entry.seq,))

    def tried(self, entry: Entry, error: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                (error[:500], entry.seq),
            )

    def refuse(self, entry: Entry, status: int, problem: str) -> None:
        """The server refused it for good: out of the outbox, into `refused`, in one step."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO refused VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.seq, entry.request_id, entry.kind, entry.ref, entry.path, entry.body,
                    entry.created_at.isoformat(), _now(), status, problem[:2000],
                ),
            )  # fmt: skip
            db.execute("DELETE FROM outbox WHERE seq = ?", (entry.seq,))

    def cancel(self, entry: Entry) -> bool:
        """Take back a request never sent (an undo before its submit left the desk)."""
        with self._write() as db:
            return db.execute("DELETE FROM outbox WHERE seq = ?", (entry.seq,)).rowcount == 1

    def refusals(self) -> list[tuple[str, str, str]]:
        """(kind, ref, problem) of every refused request, oldest first."""
        with self._connect() as db:
            return list(db.execute("SELECT kind, ref, problem FROM refused ORDER BY seq"))

    # --- the audit chain ----------------------------------------------------------------------

    def append(
        self,
        actor: str,
        kind: str,
        occurred_at: datetime,
        payload: dict[str, Any] | Callable[[int, str], dict[str, Any]],
        report_uid: str | None = None,
    ) -> ChainedEvent:
        """Append an event to the desk's chain, linked and hashed; `payload` may be made from
        the head it follows (seq, hash), for a checkpoint."""
        with self._write() as db:
            seq, prev = self._head(db)
            body = payload(seq, prev) if callable(payload) else payload
            event = _chained(
                new_uid(), self.workstation, seq + 1, utc(occurred_at), actor, kind,
                report_uid, canonical_json(body), prev,
            )  # fmt: skip
            db.execute(
                "INSERT INTO chain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event.seq, event.uid, event.occurred_at.isoformat(), event.actor, event.kind,
                    event.report_uid, event.payload, event.prev_hash, event.hash,
                ),
            )  # fmt: skip
        return event

    def _head(self, db: sqlite3.Connection) -> tuple[int, str]:
        row = db.execute("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            return int(row[0]), str(row[1])
        base = dict(db.execute("SELECT key, value FROM meta WHERE key LIKE 'base_%'").fetchall())
        return int(base.get("base_seq", 0)), str(base.get("base_hash", GENESIS_HASH))

    def head(self) -> tuple[int, str, str]:
        """(seq, hash, kind) of the chain's last event (seq 0: empty)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT seq, hash, kind FROM chain ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            if row is not None:
                return int(row[0]), str(row[1]), str(row[2])
            seq, digest = self._head(db)
        return seq, digest, ""

    def start_after(self, seq: int, digest: str) -> None:
        """An empty chain continues the server's (this file was made anew for a workstation
        whose chain the server already holds)."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM chain LIMIT 1").fetchone() is None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('base_seq', ?)", (str(seq),))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('base_hash', ?)", (digest,))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('pushed_seq', ?)", (str(seq),))

    def events_after(self, seq: int, limit: int) -> list[ChainedEvent]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM chain WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
            ).fetchall()
        return [_chained_row(self.workstation, row) for row in rows]

    def event_at(self, seq: int) -> ChainedEvent | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM chain WHERE seq = ?", (seq,)).fetchone()
        return _chained_row(self.workstation, row) if row else None

    def pushed_seq(self) -> int:
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'pushed_seq'").fetchone()
        return int(row[0]) if row else 0

    def set_pushed(self, seq: int) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('pushed_seq', ?)", (str(seq),))

    def unpushed(self) -> int:
        return max(0, self.head()[0] - self.pushed_seq())

    def remember(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"known_{key}", value))

    def recall(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (f"known_{key}",)).fetchone()
        return str(row[0]) if row else None


def _entry(row: tuple[Any, ...]) -> Entry:
    seq, request_id, kind, ref, method, path, body, created, attempts, error = row
    return Entry(
        int(seq), str(request_id), str(kind), str(ref), str(method), str(path), str(body),
        datetime.fromisoformat(created), int(attempts), str(error),
    )  # fmt: skip


def _chained(
    uid: str,
    workstation: str,
    seq: int,
    at: datetime,
    actor: str,
    kind: str,
    report_uid: str | None,
    payload: str,
    prev: str,
) -> ChainedEvent:
    digest = event_hash(
        uid=uid, workstation=workstation, seq=seq, occurred_at=at, actor=actor, kind=kind,
        report_uid=report_uid, payload=payload, prev_hash=prev,
    )  # fmt: skip
    return ChainedEvent(uid, workstation, seq, at, actor, kind, report_uid, payload, prev, digest)


def _chained_row(workstation: str, row: tuple[Any, ...]) -> ChainedEvent:
    seq, uid, at, actor, kind, report_uid, payload, prev, digest = row
    return ChainedEvent(
        str(uid), workstation, int(seq), datetime.fromisoformat(at), str(actor), str(kind),
        report_uid, str(payload), str(prev), str(digest),
    )  # fmt: skip


def station_path(data_dir: Path, workstation: str) -> Path:
    return data_dir / "team" / f"{workstation}.sqlite"


def file_modes(path: Path) -> dict[str, int]:
    """The permission bits of the station file and its SQLite sidecars (for checks)."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            found[candidate.name] = os.stat(candidate).st_mode & 0o777
    return found
