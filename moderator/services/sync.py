"""Sync: push the local journal (the outbox) and its decisions to the central store.

Each chain goes in seq order, a batch per central transaction, keyed by event / decision uid
with ON CONFLICT DO NOTHING, so a batch sent twice (the program was killed between the central
commit and the local acknowledgement) lands once. The local cursor moves only after the central
commit. A central event that differs from ours at the same (workstation, seq) is a fork or
tampering and stops sync loudly; it is never skipped.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from moderator.domain.audit import EventKind
from moderator.domain.audit_witness import Acknowledged
from moderator.domain.errors import ModeratorError
from moderator.services import signing
from moderator.services.central import central_password, central_url_for, open_target, target_key
from moderator.services.secrets import SecretsUnavailable
from moderator.services.workspace import Workspace
from moderator.store import central, cursors, keys
from moderator.store.central import SyncConflict
from moderator.store.db import session_factory
from moderator.store.errors import DatabaseUnavailable, environment_problem
from moderator.store.keys import KeyConflict
from moderator.store.models import AuditEvent, Decision, Report, Reviewer

FAULT_ENV = "MODERATOR_SYNC_FAULT"
FAULT_POINTS = ("before_send", "mid_batch", "after_send_before_ack")

E = AuditEvent.__table__.c
_EVENT_COLUMNS = (
    E.uid,
    E.workstation,
    E.seq,
    E.occurred_at,
    E.actor,
    E.kind,
    E.report_uid,
    E.payload,
    E.prev_hash,
    E.hash,
)


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one push did. `online` is False when the central store (or the local database)
    could not be reached; `error` says why, or names a conflict; nothing is lost either way."""

    pushed: int
    pending: int
    online: bool
    error: str | None = None
    decisions: int = 0
    checkpoint_seq: int | None = None  # seq of a checkpoint written by this push
    warning: str | None = None  # e.g. no keyring: events were sent, but not signed
    # Team mode: requests (submitted decisions among them) saved in this desk's outbox and
    # not yet acknowledged by the server.
    outbox: int = 0


class Syncer:
    """Pushes every chain in `source`'s database to the central store at `target_url`.

    `target_url=None` means the workspace database itself is the central store (single seat,
    or a team's PostgreSQL that is its own central store).
    """

    def __init__(
        self,
        source: Workspace,
        target_url: str | None,
        *,
        password: str | None = None,
        sign: bool = True,
        username: str | None = None,
    ) -> None:
        self.source = source
        self.target_url = target_url
        self.target = target_key(target_url or source.profile.database)
        self._password = password
        self._sign = sign
        self._username = username or source.profile.reviewer_name()
        self._engine: Engine | None = None
        self._central: sessionmaker[Session] | None = None
        self._key_registered = False

    @classmethod
    def for_workspace(cls, source: Workspace, **kwargs: Any) -> Syncer:
        """A syncer to the central store the workspace's profile names."""
        url = central_url_for(source.profile)
        return cls(source, url, password=central_password(source.profile), **kwargs)

    def __enter__(self) -> Syncer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._engine is not None and self.target_url is not None:
            self._engine.dispose()
        self._engine = self._central = None

    # --- counting -------------------------------------------------------------------------

    def pending(self) -> int:
        """Events in the local journal the central store has not acknowledged."""
        with self.source.transaction() as session:
            heads = dict(
                session.execute(
                    select(E.workstation, func.max(E.seq)).group_by(E.workstation)
                ).all()
            )
            acked = self._cursors(session)
        return sum(max(0, int(head) - acked.get(ws, 0)) for ws, head in heads.items())

    def acked(self) -> dict[str, int]:
        """The acknowledged seq per workstation chain (the local sync cursors)."""
        with self.source.transaction() as session:
            return self._cursors(session)

    def acknowledged(self) -> dict[str, Acknowledged]:
        """What the central store acknowledged per chain: seq, its hash, the last checkpoint."""
        with self.source.transaction() as session:
            return cursors.acknowledged(session, self.target)

    def _cursors(self, session: Session) -> dict[str, int]:
        return {ws: ack.seq for ws, ack in cursors.acknowledged(session, self.target).items()}

    # --- pushing --------------------------------------------------------------------------

    def push(self, batch: int = 1000) -> SyncResult:
        """Send up to `batch` unacknowledged events (with their decisions); never raises for
        an unreachable database or a conflict: the result says so."""
        pushed = decisions = 0
        checkpoint_seq: int | None = None
        warning: str | None = None
        try:
            key = None
            if self._sign:  # signed locally first: offline work gets vouched for too
                key, checkpoint_seq, warning = self._checkpoint()
            sessions = self._central_sessions()
            if key is not None and not self._key_registered:
                self._register_key(sessions, key)
            acked = self.acked()
            for ws in self._workstations():
                while pushed < batch:
                    sent, decided, last = self._push_batch(
                        sessions, ws, acked.get(ws, 0), batch - pushed
                    )
                    if not sent:
                        break
                    pushed += sent
                    decisions += decided
                    acked[ws] = last
                if pushed >= batch:
                    break
            return SyncResult(
                pushed, self.pending(), True, None, decisions, checkpoint_seq, warning
            )
        except (SyncConflict, KeyConflict) as exc:
            return SyncResult(pushed, self._pending_or(-1), True, str(exc), decisions)
        except DatabaseUnavailable as exc:
            self.close()
            return SyncResult(pushed, self._pending_or(-1), False, str(exc), decisions)
        except SQLAlchemyError as exc:
            problem = environment_problem(exc)
            if problem is None:
                raise
            self.close()
            return SyncResult(pushed, self._pending_or(-1), False, str(problem), decisions)

    def run_until_idle(
        self, batch: int = 1000, progress: Callable[[SyncResult], None] | None = None
    ) -> SyncResult:
        """Push until nothing is pending or a push fails; the totals of all pushes."""
        total = decisions = 0
        checkpoint_seq: int | None = None
        while True:
            result = self.push(batch)
            total += result.pushed
            decisions += result.decisions
            checkpoint_seq = result.checkpoint_seq or checkpoint_seq
            if progress:
                progress(result)
            if result.error or result.pending <= 0 or result.pushed == 0:
                return SyncResult(
                    total,
                    result.pending,
                    result.online,
                    result.error,
                    decisions,
                    checkpoint_seq,
                    result.warning,
                )

    def _pending_or(self, default: int) -> int:
        try:
            return self.pending()
        except (ModeratorError, SQLAlchemyError):
            return default

    def _central_sessions(self) -> sessionmaker[Session]:
        if self._central is None:
            if self.target_url is None:
                self._engine = self.source.engine
            else:
                self._engine = open_target(self.target_url, self._password)
            self._central = session_factory(self._engine)
        return self._central

    def _workstations(self) -> list[str]:
        with self.source.transaction() as session:
            return list(session.scalars(select(E.workstation).distinct().order_by(E.workstation)))

    def _checkpoint(self) -> tuple[Ed25519PrivateKey | None, int | None, str | None]:
        """Checkpoint our chain if it grew: (key, checkpoint seq, warning)."""
        try:
            key = signing.signing_key(self.source.workstation)
        except SecretsUnavailable as exc:
            rule = ""
            if self.source.profile.require_signed:
                rule = "; this profile requires signed chains, so `audit verify` fails until "
                rule += "a checkpoint signs these events"
            return None, None, f"not signed: {exc}{rule}"
        with self.source.transaction() as session:
            event = signing.checkpoint(
                session, self.source.actor(self._username), key, self.source.now()
            )
        if event is not None:
            signing.remember_checkpoint(self.source, event)
        return key, (event.seq if event else None), None

    def _register_key(self, sessions: sessionmaker[Session], key: Ed25519PrivateKey) -> None:
        """Register our public key at the central store (KeyConflict if it holds another)."""
        with sessions() as session, session.begin():
            keys.register_key(
                session,
                self.source.workstation,
                signing.public_hex(key),
                self._username,
                self.source.now(),
            )
        self._key_registered = True

    def _push_batch(
        self, sessions: sessionmaker[Session], ws: str, acked: int, limit: int
    ) -> tuple[int, int, int]:
        """Send one batch of `ws`'s chain after seq `acked`: (events, decisions, last seq)."""
        with self.source.transaction() as session:
            rows = session.execute(
                select(*_EVENT_COLUMNS)
                .where(E.workstation == ws, E.seq > acked)
                .order_by(E.seq)
                .limit(limit)
            ).all()
            events = [_central_row(row, self.source) for row in rows]
            decisions = _decisions_for(session, events, self.source)
        if not events:
            return 0, 0, acked
        _fault("before_send")
        expected = {e["seq"]: (e["uid"], e["hash"]) for e in events}
        prev = str(events[0]["prev_hash"])
        half = len(events) // 2
        try:
            with sessions() as session, session.begin():
                central.insert_events(session, events[:half])
                _fault("mid_batch")
                central.insert_events(session, events[half:])
                central.insert_decisions(session, decisions)
                # ON CONFLICT DO NOTHING kept whatever was there: make sure it is ours.
                central.check_range(session, ws, expected, prev)
                central.check_decisions_sent(session, decisions)
        except IntegrityError:
            # Another event sits at one of these (workstation, seq): name it.
            with sessions() as session, session.begin():
                central.check_range(session, ws, expected, prev)
            raise
        _fault("after_send_before_ack")
        last = events[-1]
        checkpoints = [int(e["seq"]) for e in events if e["kind"] == EventKind.CHECKPOINT]
        ack = Acknowledged(int(last["seq"]), str(last["hash"]), max(checkpoints, default=None))
        with self.source.transaction() as session:
            cursors.acknowledge(session, self.target, ws, ack, self.source.now())
        return len(events), len(decisions), ack.seq


def _central_row(row: Any, source: Workspace) -> dict[str, Any]:
    outcome = policy = None
    if row.kind == EventKind.DECIDE:
        data = _payload(row.payload)
        outcome = _text(data.get("outcome"))
        policy = _text(data.get("policy"))
    return {
        "uid": row.uid,
        "workstation": row.workstation,
        "seq": row.seq,
        "occurred_at": row.occurred_at,
        "actor": row.actor,
        "kind": row.kind,
        "report_uid": row.report_uid,
        "payload": row.payload,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
        "outcome": outcome,
        "policy_id": policy,
        "received_at": source.now(),
    }


def _payload(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _decisions_for(
    session: Session, events: Sequence[Mapping[str, Any]], source: Workspace
) -> list[dict[str, Any]]:
    """The decision rows the batch's DECIDE events name, in the central table's shape."""
    uids = [
        str(uid)
        for e in events
        if e["kind"] == EventKind.DECIDE and (uid := _payload(e["payload"]).get("decision"))
    ]
    if not uids:
        return []
    rows = session.execute(
        select(Decision, Report.uid, Reviewer.username)
        .join(Report, Report.id == Decision.report_id)
        .join(Reviewer, Reviewer.id == Decision.reviewer_id)
        .where(Decision.uid.in_(uids))
    ).all()
    return [
        {
            "uid": d.uid,
            "report_uid": report_uid,
            "review_round": d.review_round,
            "reviewer": username,
            "workstation": d.workstation,
            "policy_id": d.policy_id,
            "policy_version": d.policy_version,
            "policy_hash": d.policy_hash,
            "outcome": d.outcome,
            "answers": d.answers,
            "notes": d.notes,
            "seconds_on_item": d.seconds_on_item,
            "seconds_exposed": d.seconds_exposed,
            "decided_at": d.decided_at,
            "received_at": source.now(),
        }
        for d, report_uid, username in rows
    ]


_fault_hits: dict[str, int] = {}


def _fault(point: str) -> None:
    """Fault injection for the sync tests: `MODERATOR_SYNC_FAULT=<point>[:<n>]` makes the
    process SIGKILL itself the n-th time (default: first) it reaches `point`."""
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != point:
        return
    _fault_hits[point] = _fault_hits.get(point, 0) + 1
    if _fault_hits[point] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
