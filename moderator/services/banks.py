"""Hash banks: add, list, fill (import), export and retire; each change audited.

A bank is the organisation's setup, so on every workspace only a supervisor changes one (as
with queues and policies). Every call is one transaction with its audit event. Matching
against the banks is `moderator.services.bank_match`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from moderator.domain import banks as domain
from moderator.domain.audit import EventKind
from moderator.domain.banks import (
    MATCHABLE,
    PDQ_THRESHOLD,
    Action,
    BankError,
    BankRow,
    EntryRow,
    LineError,
    Parsed,
    Source,
)
from moderator.domain.banks_vics import format_vics, parse_vics
from moderator.domain.errors import NotFound
from moderator.services.authz import require_role
from moderator.services.bank_rematch import Rematched, rematch_open
from moderator.services.i18n import _, n
from moderator.services.workspace import Workspace
from moderator.store import banks as store
from moderator.store import journal
from moderator.store.models_banks import HashBank
from moderator.store.reports import queues_by_name

MAX_IMPORT_BYTES = 512 << 20

PARSERS: dict[str, Callable[[str], Parsed]] = {
    "hma": domain.parse_hma,
    "csv": domain.parse_csv,
    "vics": parse_vics,
}
WRITERS: dict[str, Callable[[list[EntryRow]], str]] = {
    "hma": domain.format_hma,
    "csv": domain.format_csv,
    "vics": format_vics,
}


@dataclass(frozen=True, slots=True)
class BankRequest:
    name: str
    action: Action
    signals: tuple[str, ...] = MATCHABLE
    threshold: int = PDQ_THRESHOLD
    outcome: str = ""
    route_to: str = ""
    safe_list: bool = False
    source: Source = Source.OWN
    source_name: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    bank: str
    read: int
    added: int
    errors: list[LineError] = field(default_factory=list)
    rematched: Rematched = field(default_factory=Rematched)

    @property
    def unchanged(self) -> int:
        return self.read - self.added

    def summary(self) -> str:
        text = _("bank {bank}: {added} entries added, {unchanged} already there",
                 bank=self.bank, added=n(self.added), unchanged=n(self.unchanged))  # fmt: skip
        if self.errors:
            text += _(", {count} bad lines", count=n(len(self.errors)))
        again = self.rematched
        if again.changed:
            text += _(
                "; open queue re-matched: {known} decided as known, {routed} routed, "
                "{flagged} flagged",
                known=n(again.known), routed=n(again.routed), flagged=n(again.flagged),
            )  # fmt: skip
        return text


def _bank(session: Session, name: str, *, open_only: bool = True) -> HashBank:
    bank = store.find(session, name)
    if bank is None:
        raise NotFound(f"no hash bank named {name!r} (see `moderator bank list`)")
    if open_only and bank.retired_at is not None:
        raise BankError(f"the hash bank {name!r} is retired")
    return bank


def _check(session: Session, request: BankRequest) -> int | None:
    name = request.name.strip()
    if not name or len(name) > 100:
        raise BankError("a bank needs a name of 1..100 characters")
    if not 0 <= request.threshold <= domain.MAX_THRESHOLD:
        raise BankError(f"--threshold must be 0..{domain.MAX_THRESHOLD} bits")
    unknown = [s for s in request.signals if s not in MATCHABLE]
    if unknown or not request.signals:
        raise BankError(f"signals: choose from {', '.join(MATCHABLE)}")
    if request.safe_list:
        return None
    if request.action is Action.KNOWN and not request.outcome.strip():
        raise BankError("a bank of known content needs --outcome (the decision it makes)")
    if request.action is Action.ROUTE:
        queue = queues_by_name(session).get(request.route_to)
        if queue is None:
            raise BankError(f"--route-to: no queue named {request.route_to!r}")
        return queue.id
    return None


@dataclass
class BankAdmin:
    """A supervisor's hash banks. Safe to call from a worker thread (one transaction a call)."""

    workspace: Workspace
    username: str

    def _audit(self, session: Session, payload: dict[str, object]) -> None:
        journal.append(
            session,
            self.workspace.actor(self.username),
            EventKind.BANK,
            self.workspace.now(),
            payload=payload,
        )

    def _rematch(self, session: Session, entry_ids: list[int] | None = None) -> Rematched:
        """The open queue matched again after a change (only against `entry_ids` when given;
        none: the existing matches brought up to date, e.g. after a retirement)."""
        actor = self.workspace.actor(self.username)
        return rematch_open(session, actor, self.workspace.now(), entry_ids=entry_ids or [])

    def rematch(self) -> Rematched:
        """Match the whole open queue against every open bank again (`bank rematch`)."""
        with self.workspace.transaction() as session:
            require_role(session, self.username, "re-match the queue", anywhere=True)
            actor = self.workspace.actor(self.username)
            return rematch_open(session, actor, self.workspace.now())

    def add(self, request: BankRequest) -> BankRow:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "add hash banks", anywhere=True)
            if store.find(session, request.name.strip()) is not None:
                raise BankError(f"a hash bank named {request.name!r} exists already")
            queue_id = _check(session, request)
            action = Action.FLAG if request.safe_list else request.action
            store.create(
                session,
                name=request.name.strip(),
                source=request.source.value,
                source_name=request.source_name,
                action=action.value,
                signals=json.dumps(list(request.signals)),
                threshold=request.threshold,
                match_percent=domain.VPDQ_MATCH_PERCENT,
                outcome=request.outcome.strip() if action is Action.KNOWN else "",
                route_queue_id=queue_id,
                safe_list=request.safe_list,
                created_by=self.username,
                created_at=self.workspace.now(),
            )
            self._audit(
                session,
                {
                    "op": "add",
                    "bank": request.name.strip(),
                    "action": action.value,
                    "signals": list(request.signals),
                    "threshold": request.threshold,
                    "outcome": request.outcome,
                    "route_to": request.route_to,
                    "safe_list": request.safe_list,
                    "source": request.source.value,
                },
            )
            return next(r for r in store.listing(session) if r.name == request.name.strip())

    def listing(self) -> list[BankRow]:
        with self.workspace.transaction() as session:
            return store.listing(session)

    def entries(self, name: str, *, include_retired: bool = False) -> list[EntryRow]:
        with self.workspace.transaction() as session:
            bank = _bank(session, name, open_only=False)
            return store.entries(session, bank.id, include_retired=include_retired)

    def import_text(self, name: str, text: str, fmt: str, source: str) -> ImportResult:
        """Add a file's entries to a bank; bad lines are named and skipped; re-import adds
        nothing."""
        parser = PARSERS.get(fmt)
        if parser is None:
            raise BankError(f"--format: one of {', '.join(PARSERS)}")
        parsed = parser(text)
        with self.workspace.transaction() as session:
            require_role(session, self.username, "fill hash banks", anywhere=True)
            bank = _bank(session, name)
            now = self.workspace.now()
            new_ids = store.insert_entries(
                session, bank.id, parsed.entries, self.username, now, f"import:{source}"
            )
            added = len(new_ids)
            self._audit(
                session,
                {
                    "op": "import",
                    "bank": name,
                    "format": fmt,
                    "file": source,
                    "read": len(parsed.entries),
                    "added": added,
                    "bad_lines": [e.line for e in parsed.errors],
                },
            )
            again = self._rematch(session, new_ids) if new_ids else Rematched()
        return ImportResult(name, len(parsed.entries), added, parsed.errors, again)

    def import_file(self, name: str, path: Path, fmt: str) -> ImportResult:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise BankError(f"{path}: larger than {MAX_IMPORT_BYTES} bytes")
        text = path.read_text(encoding="utf-8-sig")
        return self.import_text(name, text, fmt, path.name)

    def export(self, name: str, fmt: str) -> str:
        """The bank's current entries in `fmt`, audited (what left, for whom to see)."""
        writer = WRITERS.get(fmt)
        if writer is None:
            raise BankError(f"--format: one of {', '.join(WRITERS)}")
        with self.workspace.transaction() as session:
            require_role(session, self.username, "export hash banks", anywhere=True)
            bank = _bank(session, name, open_only=False)
            rows = store.entries(session, bank.id)
            self._audit(
                session, {"op": "export", "bank": name, "format": fmt, "entries": len(rows)}
            )
        return writer(rows)

    def retire(self, name: str, values: Sequence[str] = ()) -> int:
        """Retire entries ("signal value" each), or the whole bank when none are given."""
        signals = []
        for text in values:
            kind, _sep, value = text.strip().partition(" ")
            try:
                signals.append(domain.normalise(kind, value))
            except ValueError as exc:
                raise BankError(f"{text!r}: {exc}") from exc
        with self.workspace.transaction() as session:
            require_role(session, self.username, "retire hash banks", anywhere=True)
            bank = _bank(session, name)
            now = self.workspace.now()
            if signals:
                count = store.retire_entries(
                    session, bank.id, [s.digest for s in signals], self.username, now
                )
            else:
                bank.retired_at, bank.retired_by, count = now, self.username, 1
            self._audit(
                session,
                {"op": "retire", "bank": name, "entries": [f"{s.kind} {s.value}" for s in signals]},
            )
            self._rematch(session)
        return count
