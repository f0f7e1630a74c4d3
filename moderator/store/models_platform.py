"""Tables of the platform's way in and out (issue 17): sources and their tokens, intake keys,
the feed of final decisions, webhook subscriptions, their deliveries and every attempt.

A token is kept as its SHA-256. A webhook's secret is kept as it is: the server must sign
every delivery with it, and several server processes share one database and nothing else.
`decision_feed` is filled by a trigger on `decisions` (migration 0019) and numbered by
`moderator.store.decision_feed.sequence` before it is read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

UID = String(36)
HASH = String(64)


class Source(Base):
    """A platform or hotline system that submits reports; its name is the reports' source."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SourceToken(Base):
    """A bearer token of a source: `submit` (intake only) or `decisions` (its feed only)."""

    __tablename__ = "source_tokens"
    __table_args__ = (Index("ix_source_tokens_source", "source_id"),)

    token_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    kind: Mapped[str] = mapped_column(String(20))
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IntakeRecord(Base):
    """A record a source submitted: its key, a digest of its content, the report it made."""

    __tablename__ = "intake_records"

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    external_ref: Mapped[str] = mapped_column(String(200), primary_key=True)
    content_sha256: Mapped[str] = mapped_column(HASH)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DecisionFeed(Base):
    """One row per stored decision: the writing transaction's id, then its number in the feed
    (the keyset), given by `moderator.store.decision_feed.sequence`; readers use numbered rows."""

    __tablename__ = "decision_feed"
    __table_args__ = (
        Index("ix_decision_feed_seq", "seq", unique=True),
        Index(
            "ix_decision_feed_unnumbered",
            "xid",
            "decision_id",
            postgresql_where=text("seq IS NULL"),
            sqlite_where=text("seq IS NULL"),
        ),
    )

    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True
    )
    xid: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    seq: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))


class WebhookSubscription(Base):
    """Where to send final decisions (of one source's reports, or all), and how far it got."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[str] = mapped_column(UID, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    secret: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feed_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # enqueued up to here


class WebhookDelivery(Base):
    """One event to one subscription: the outbox row, until delivered or given up."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("ix_webhook_deliveries_due", "next_attempt_at", postgresql_where="done_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("webhook_subscriptions.id"))
    event_id: Mapped[str] = mapped_column(UID)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # delivered / failed


class WebhookAttempt(Base):
    """The delivery log: every attempt, its HTTP status or error, how long it took."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery", "delivery_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"))
    attempt: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(300), default="")
    millis: Mapped[int] = mapped_column(Integer, default=0)
