"""Sources (the platforms that submit reports), their tokens, and webhook subscriptions:
what a supervisor manages (`moderator source ...`, `moderator webhook ...`).

A source token is shown once and kept as its SHA-256. A `submit` token can only submit
reports (POST /v1/reports); a `decisions` token can only read the final decisions on its own
source's reports (GET /v1/decisions). Neither is a person's token: nothing else accepts them.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect

from moderator.domain.audit import EventKind
from moderator.domain.errors import ConfigError, NotFound
from moderator.services.enrollment import Unauthenticated, digest
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.models_platform import (
    Source,
    SourceToken,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

KINDS = ("submit", "decisions")
TOKEN_PREFIX = {"submit": "mods_", "decisions": "modd_"}
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None
    tokens: int


@dataclass(frozen=True, slots=True)
class Caller:
    """The source a token speaks for, and what the token may do."""

    source_id: int
    name: str
    kind: str


def _source(session: Session, name: str) -> Source:
    found = session.scalar(select(Source).where(Source.name == name))
    if found is None:
        raise NotFound(f"no source named {name!r}; `moderator source add {name}` first")
    return found


def new_token(session: Session, source: Source, kind: str, by: str, now: datetime) -> str:
    if kind not in KINDS:
        raise ConfigError(f"a source token is one of {', '.join(KINDS)}, not {kind!r}")
    if source.revoked_at is not None:
        raise ConfigError(f"the source {source.name} is revoked; it gets no new token")
    token = TOKEN_PREFIX[kind] + secrets.token_urlsafe(32)
    session.add(
        SourceToken(
            token_hash=digest(token), source_id=source.id, kind=kind, issued_by=by, issued_at=now
        )
    )
    return token


def authenticate(session: Session, token: str, kind: str) -> Caller:
    """The source a token of this kind speaks for; Unauthenticated otherwise."""
    row = session.execute(
        select(SourceToken.kind, SourceToken.revoked_at, Source.id, Source.name, Source.revoked_at)
        .join(Source, Source.id == SourceToken.source_id)
        .where(SourceToken.token_hash == digest(token))
    ).first()
    if row is None or row[0] != kind:
        raise Unauthenticated(f"this is not a source's {kind} token known to the server")
    if row[1] is not None or row[4] is not None:
        raise Unauthenticated("this source token was revoked; ask a supervisor for a new one")
    return Caller(int(row[2]), str(row[3]), kind)


class Sources:
    """The supervisor's commands, each in one transaction with its audit event."""

    def __init__(self, workspace: Workspace, by: str) -> None:
        self.ws = workspace
        self.by = by

    def _audit(self, session: Session, now: datetime, **payload: object) -> None:
        journal.append(session, self.ws.actor(self.by), EventKind.SETTINGS, now, payload=payload)

    def add(self, name: str, kind: str = "submit") -> str:
        if not NAME.match(name):
            raise ConfigError(
                f"a source name is 1-64 lower-case letters, digits, '.', '_' or '-', not {name!r}"
            )
        with self.ws.transaction() as session:
            now = self.ws.now()
            if session.scalar(select(Source.id).where(Source.name == name)) is not None:
                raise ConfigError(f"a source named {name!r} exists; `source token {name}`")
            source = Source(name=name, created_by=self.by, created_at=now)
            session.add(source)
            session.flush()
            self._audit(session, now, what="source.add", source=name)
            return new_token(session, source, kind, self.by, now)

    def token(self, name: str, kind: str = "submit") -> str:
        with self.ws.transaction() as session:
            now = self.ws.now()
            source = _source(session, name)
            self._audit(session, now, what="source.token", source=name, kind=kind)
            return new_token(session, source, kind, self.by, now)

    def revoke(self, name: str) -> int:
        """Revoke a source and all its tokens; how many tokens were live."""
        with self.ws.transaction() as session:
            now = self.ws.now()
            source = _source(session, name)
            source.revoked_at = source.revoked_at or now
            count = session.execute(  # type: ignore[attr-defined]
                update(SourceToken)
                .where(SourceToken.source_id == source.id, SourceToken.revoked_at.is_(None))
                .values(revoked_at=now)
            ).rowcount
            self._audit(session, now, what="source.revoke", source=name)
            return int(count or 0)

    def listing(self) -> list[SourceRow]:
        with self.ws.transaction() as session:
            live = (
                select(func.count())
                .where(SourceToken.source_id == Source.id, SourceToken.revoked_at.is_(None))
                .scalar_subquery()
            )
            rows = session.execute(
                select(Source.id, Source.name, Source.created_at, Source.revoked_at, live).order_by(
                    Source.name
                )
            ).all()
        return [SourceRow(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows]

    # --- webhooks -------------------------------------------------------------------------

    def add_webhook(self, url: str, source: str | None) -> tuple[str, str]:
        """A subscription's id and its signing secret (shown once)."""
        check_url(url)
        with self.ws.transaction() as session:
            now = self.ws.now()
            source_id = _source(session, source).id if source else None
            sub = WebhookSubscription(
                id=str(uuid.uuid4()),
                url=url,
                source_id=source_id,
                secret="whsec_" + secrets.token_urlsafe(32),
                created_by=self.by,
                created_at=now,
                feed_seq=0,
            )
            session.add(sub)
            self._audit(session, now, what="webhook.add", webhook=sub.id, source=source or "")
            return sub.id, sub.secret

    def webhook_list(self) -> list[WebhookRow]:
        with self.ws.transaction() as session:
            return webhooks(session)

    def delivery_log(
        self, webhook: str | None = None, *, failed_only: bool = False, limit: int = 100
    ) -> list[AttemptRow]:
        with self.ws.transaction() as session:
            return attempts(session, webhook, failed_only=failed_only, limit=limit)

    def remove_webhook(self, webhook: str) -> None:
        with self.ws.transaction() as session:
            now = self.ws.now()
            sub = session.get(WebhookSubscription, webhook)
            if sub is None:
                raise NotFound(f"no webhook {webhook!r}; `moderator webhook list`")
            sub.removed_at = sub.removed_at or now
            self._audit(session, now, what="webhook.remove", webhook=webhook)


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or len(url) > 2000:
        raise ConfigError(f"a webhook URL is an https:// (or http://) URL, not {url[:80]!r}")


@dataclass(frozen=True, slots=True)
class WebhookRow:
    id: str
    url: str
    source: str | None
    created_at: datetime
    removed_at: datetime | None
    pending: int
    delivered: int
    failed: int


@dataclass(frozen=True, slots=True)
class AttemptRow:
    webhook: str
    event_id: str
    attempt: int
    at: datetime
    status: int | None
    error: str
    millis: int
    state: str


def webhooks(session: Session) -> list[WebhookRow]:
    def counted(state: str) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(
                WebhookDelivery.subscription_id == WebhookSubscription.id,
                WebhookDelivery.state == state,
            )
            .scalar_subquery()
        )

    rows = session.execute(
        select(
            WebhookSubscription.id,
            WebhookSubscription.url,
            Source.name,
            WebhookSubscription.created_at,
            WebhookSubscription.removed_at,
            counted("pending"),
            counted("delivered"),
            counted("failed"),
        )
        .outerjoin(Source, Source.id == WebhookSubscription.source_id)
        .order_by(WebhookSubscription.created_at)
    ).all()
    return [WebhookRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows]


def attempts(
    session: Session, webhook: str | None = None, *, failed_only: bool = False, limit: int = 100
) -> list[AttemptRow]:
    """The delivery log, newest first."""
    query = (
        select(
            WebhookDelivery.subscription_id,
            WebhookDelivery.event_id,
            WebhookAttempt.attempt,
            WebhookAttempt.at,
            WebhookAttempt.status,
            WebhookAttempt.error,
            WebhookAttempt.millis,
            WebhookDelivery.state,
        )
        .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
        .order_by(WebhookAttempt.id.desc())
        .limit(max(1, min(limit, 1000)))
    )
    if webhook:
        query = query.where(WebhookDelivery.subscription_id == webhook)
    if failed_only:
        query = query.where(WebhookAttempt.error != "")
    return [AttemptRow(*r) for r in session.execute(query).all()]
