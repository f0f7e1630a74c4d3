"""From decision to bank, the supervisor's side: a queue sends its confirmed outcomes into a
bank (`moderator bank feed QUEUE BANK --outcome ... --confirm two|supervisor|either`).

The entries themselves are made in the decision's transaction (`store.bank_feed`); the
service that recorded the decision then re-matches the open queue against them
(`rematch_fed`), so other open copies of the same picture are flagged, routed or decided
before anyone looks at them. `bank export` gives the entries to the platform's upload filter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.banks import BankError
from moderator.services.authz import require_role
from moderator.services.bank_rematch import Rematched, rematch_open
from moderator.services.workspace import Workspace
from moderator.store import banks as bank_store
from moderator.store import journal
from moderator.store.bank_feed import FED, RULES
from moderator.store.models import Queue
from moderator.store.models_banks import BankFeed, HashBank
from moderator.store.reports import queues_by_name


@dataclass(frozen=True, slots=True)
class FeedRow:
    queue: str
    bank: str
    outcomes: tuple[str, ...]
    rule: str
    set_by: str
    set_at: datetime


def rematch_fed(session: Session, actor: journal.Actor, now: datetime) -> Rematched | None:
    """After a decision or adjudication: the open queue against the entries it fed, if any."""
    fed = session.info.pop(FED, None)
    if not fed:
        return None
    return rematch_open(session, actor, now, entry_ids=fed)


@dataclass
class FeedAdmin:
    workspace: Workspace
    username: str

    def set(self, queue: str, bank: str, outcomes: Sequence[str], rule: str) -> FeedRow:
        if rule not in RULES:
            raise BankError(f"--confirm: one of {', '.join(RULES)}")
        wanted = sorted({o.strip() for o in outcomes if o.strip()})
        if not wanted:
            raise BankError("name at least one --outcome to send to the bank")
        with self.workspace.transaction() as session:
            require_role(session, self.username, "feed hash banks", anywhere=True)
            found = queues_by_name(session).get(queue)
            if found is None:
                raise BankError(f"no queue named {queue!r}")
            target = bank_store.find(session, bank)
            if target is None or target.retired_at is not None:
                raise BankError(f"no open hash bank named {bank!r} (see `moderator bank list`)")
            if target.safe_list:
                raise BankError(f"{bank!r} is a safe list: confirmed content does not go there")
            now = self.workspace.now()
            row = session.get(BankFeed, found.id)
            if row is None:
                row = BankFeed(queue_id=found.id)
                session.add(row)
            row.bank_id, row.outcomes, row.rule = target.id, json.dumps(wanted), rule
            row.set_by, row.set_at, row.stopped_at = self.username, now, None
            journal.append(
                session, self.workspace.actor(self.username), EventKind.BANK, now,
                payload={"op": "feed", "queue": queue, "bank": bank, "outcomes": wanted,
                         "rule": rule},
            )  # fmt: skip
            return FeedRow(queue, bank, tuple(wanted), rule, self.username, now)

    def stop(self, queue: str) -> None:
        with self.workspace.transaction() as session:
            require_role(session, self.username, "feed hash banks", anywhere=True)
            found = queues_by_name(session).get(queue)
            row = session.get(BankFeed, found.id) if found is not None else None
            if row is None or row.stopped_at is not None:
                raise BankError(f"queue {queue!r} does not feed a bank")
            now = self.workspace.now()
            row.stopped_at = now
            journal.append(
                session, self.workspace.actor(self.username), EventKind.BANK, now,
                payload={"op": "feed-stop", "queue": queue},
            )  # fmt: skip

    def listing(self) -> list[FeedRow]:
        with self.workspace.transaction() as session:
            rows = session.execute(
                select(BankFeed, Queue.name, HashBank.name)
                .join(Queue, Queue.id == BankFeed.queue_id)
                .join(HashBank, HashBank.id == BankFeed.bank_id)
                .where(BankFeed.stopped_at.is_(None))
                .order_by(Queue.name)
            )
            return [
                FeedRow(q, b, tuple(json.loads(f.outcomes)), f.rule, f.set_by, f.set_at)
                for f, q, b in rows
            ]
