"""Webhook deliveries: an outbox in the database, worked by every server process.

- `enqueue` numbers the feed (`decision_feed.sequence`), then copies new feed events into
  `webhook_deliveries` for each live subscription (its row locked, so two processes never
  enqueue the same range; a unique key makes sure).
- `claim` takes due deliveries with FOR UPDATE SKIP LOCKED and pushes their next attempt out
  by a lease, so a process that dies mid-send leaves them to be retried, not lost.
- Each attempt is logged (`webhook_attempts`); a 2xx ends the delivery, anything else (an
  error status, a timeout, a refused connection) retries with exponential back-off and
  jitter, until `max_attempts` (then the delivery is `failed`, visible in the log).

Each POST carries `Moderator-Event-Id` (the same on every retry: receivers de-duplicate on
it) and `Moderator-Signature: t=UNIX,v1=HEX`, HEX = HMAC-SHA256(secret, "UNIX." + body).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from moderator.server.context import Server
from moderator.server.platform import feed
from moderator.store import decision_feed
from moderator.store.models import Decision, Report
from moderator.store.models_platform import (
    DecisionFeed,
    Source,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

log = logging.getLogger("moderator.server.webhooks")
SIGNATURE = "Moderator-Signature"
EVENT_ID = "Moderator-Event-Id"


@dataclass(frozen=True)
class WebhookSettings:
    base_delay: float = 2.0  # seconds before the first retry; doubled each time
    max_delay: float = 3600.0
    max_attempts: int = 20
    timeout: float = 5.0
    batch: int = 64
    concurrency: int = 8
    lease: float = 60.0  # an attempt in flight is not taken by another process before this
    poll: float = 0.5


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def backoff(attempts: int, s: WebhookSettings) -> float:
    delay = min(s.max_delay, s.base_delay * (2 ** max(0, attempts - 1)))
    return float(delay * random.uniform(0.8, 1.2))


@dataclass(frozen=True, slots=True)
class Due:
    delivery: int
    subscription: str
    url: str
    secret: str
    decision: int
    event_id: str
    attempts: int


def enqueue(server: Server, limit: int = 1000) -> int:
    added = 0
    with server.workspace().transaction() as session:
        decision_feed.sequence(session)
        subs = session.scalars(
            select(WebhookSubscription)
            .where(WebhookSubscription.removed_at.is_(None))
            .with_for_update(skip_locked=True)
        ).all()
        now = server.now()
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        for sub in subs:
            source = (
                session.scalar(select(Source.name).where(Source.id == sub.source_id))
                if sub.source_id is not None
                else None
            )
            rows = session.execute(
                select(feed.SEQ, Decision.id, Decision.uid, Report.source)
                .join(Decision, Decision.id == DecisionFeed.decision_id)
                .join(Report, Report.id == Decision.report_id)
                .where(DecisionFeed.seq > sub.feed_seq)
                .order_by(DecisionFeed.seq)
                .limit(limit)
            ).all()
            if not rows:
                continue
            values = [
                {
                    "subscription_id": sub.id,
                    "event_id": uid,
                    "decision_id": did,
                    "created_at": now,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "state": "pending",
                }
                for _seq, did, uid, src in rows
                if source is None or src == source
            ]
            if values:
                session.execute(insert(WebhookDelivery).values(values).on_conflict_do_nothing())
                added += len(values)
            sub.feed_seq = rows[-1][0]
    return added


def claim(server: Server, s: WebhookSettings) -> list[Due]:
    with server.workspace().transaction() as session:
        now = server.now()
        rows = session.execute(
            select(
                WebhookDelivery.id,
                WebhookDelivery.subscription_id,
                WebhookSubscription.url,
                WebhookSubscription.secret,
                WebhookDelivery.decision_id,
                WebhookDelivery.event_id,
                WebhookDelivery.attempts,
            )
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(
                WebhookDelivery.done_at.is_(None),
                WebhookDelivery.next_attempt_at <= now,
                WebhookSubscription.removed_at.is_(None),
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(s.batch)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        ).all()
        if rows:
            session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id.in_([r[0] for r in rows]))
                .values(next_attempt_at=now + timedelta(seconds=s.lease))
            )
    return [Due(*r) for r in rows]


def _send(client: httpx.Client, due: Due, body: bytes) -> tuple[int | None, str, int]:
    started = time.perf_counter()
    headers = {
        "Content-Type": "application/json",
        EVENT_ID: due.event_id,
        SIGNATURE: sign(due.secret, int(time.time()), body),
        "User-Agent": "moderator-webhooks/1",
    }
    try:
        got = client.post(due.url, content=body, headers=headers)
        millis = int((time.perf_counter() - started) * 1000)
        error = "" if 200 <= got.status_code < 300 else f"HTTP {got.status_code}"
        return got.status_code, error, millis
    except httpx.HTTPError as exc:
        millis = int((time.perf_counter() - started) * 1000)
        return None, f"{type(exc).__name__}: {exc}"[:300], millis


def _record(
    server: Server, due: Due, result: tuple[int | None, str, int], s: WebhookSettings
) -> None:
    status, error, millis = result
    with server.workspace().transaction() as session:
        now = server.now()
        attempt = due.attempts + 1
        session.add(
            WebhookAttempt(
                delivery_id=due.delivery,
                attempt=attempt,
                at=now,
                status=status,
                error=error,
                millis=millis,
            )
        )
        values: dict[str, object] = {"attempts": attempt}
        if not error:
            values.update(done_at=now, state="delivered")
        elif attempt >= s.max_attempts:
            values.update(done_at=now, state="failed")
        else:
            values["next_attempt_at"] = now + timedelta(seconds=backoff(attempt, s))
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == due.delivery, WebhookDelivery.done_at.is_(None))
            .values(**values)
        )
    if error:
        log.info(
            "webhook attempt failed",
            extra={"webhook": due.subscription, "event_id": due.event_id, "error": error},
        )


class Worker:
    """One process's delivery loop (a thread of `moderator serve`, or called in tests)."""

    def __init__(self, server: Server, settings: WebhookSettings | None = None) -> None:
        self.server = server
        self.settings = settings or WebhookSettings()
        self.client = httpx.Client(timeout=self.settings.timeout, follow_redirects=False)
        self.pool = ThreadPoolExecutor(self.settings.concurrency, thread_name_prefix="webhook")

    def tick(self) -> int:
        """Enqueue new events, then attempt what is due; how many attempts were made."""
        enqueue(self.server)
        due = claim(self.server, self.settings)
        if not due:
            return 0
        with self.server.workspace().transaction() as session:
            events = feed.events_for(session, sorted({d.decision for d in due}))

        def one(d: Due) -> None:
            body = json.dumps(events[d.decision], separators=(",", ":")).encode()
            _record(self.server, d, _send(self.client, d, body), self.settings)

        list(self.pool.map(one, due))
        return len(due)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.client.close()
