"""Tables of the central store (a team's PostgreSQL) and the local side of sync.

The same migrations create them everywhere, so one database can be a team's queue and its
central store at once, and an SQLite workspace can act as its own central store (single seat).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

UID = String(36)
HASH = String(64)


class CentralEvent(Base):
    """A journal event as received from a workstation. Rows are only ever inserted.

    `id` is arrival order at the central store; the chain order is (workstation, seq).
    `outcome` and `policy_id` repeat what a decide event's payload says, so the supervisor
    console can filter a million events on them with an index.
    """

    __tablename__ = "central_events"
    __table_args__ = (
        UniqueConstraint("workstation", "seq"),
        Index("ix_central_events_time", "occurred_at", "id"),
        Index("ix_central_events_actor_time", "actor", "occurred_at"),
        Index("ix_central_events_kind_time", "kind", "occurred_at"),
        Index("ix_central_events_report", "report_uid"),
        Index("ix_central_events_outcome", "outcome"),
        Index("ix_central_events_policy", "policy_id"),
        # Decision verification reads each chain's DECIDE events (migration 0009).
        Index(
            "ix_central_events_decide",
            "workstation",
            "seq",
            sqlite_where=text("kind = 'decide'"),
            postgresql_where=text("kind = 'decide'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    workstation: Mapped[str] = mapped_column(UID)
    seq: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    report_uid: Mapped[str | None] = mapped_column(UID)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(HASH)
    hash: Mapped[str] = mapped_column(HASH)
    outcome: Mapped[str | None] = mapped_column(String(100))
    policy_id: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CentralDecision(Base):
    """A decision as received from a workstation (keyed by the decision's uid)."""

    __tablename__ = "central_decisions"
    __table_args__ = (
        Index("ix_central_decisions_report", "report_uid"),
        Index("ix_central_decisions_reviewer_time", "reviewer", "decided_at"),
    )

    uid: Mapped[str] = mapped_column(UID, primary_key=True)
    report_uid: Mapped[str] = mapped_column(UID)
    review_round: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(100))
    workstation: Mapped[str] = mapped_column(UID)
    policy_id: Mapped[str] = mapped_column(String(100))
    policy_version: Mapped[str] = mapped_column(String(50))
    policy_hash: Mapped[str] = mapped_column(HASH)
    outcome: Mapped[str] = mapped_column(String(100))
    answers: Mapped[str] = mapped_column(Text)  # canonical JSON
    notes: Mapped[str] = mapped_column(Text, default="")
    seconds_on_item: Mapped[float] = mapped_column(Float)
    seconds_exposed: Mapped[float] = mapped_column(Float)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WorkstationKey(Base):
    """A workstation's Ed25519 public key (the private half stays in that machine's keyring).

    `db_user` is the database role that registered it; on PostgreSQL a reviewer role sees
    only its own rows (row-level security, migration 0006).
    """

    __tablename__ = "workstation_keys"

    workstation: Mapped[str] = mapped_column(UID, primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(20), default="ed25519")
    public_key: Mapped[str] = mapped_column(String(64))  # raw 32 bytes, hex
    username: Mapped[str] = mapped_column(String(100))
    db_user: Mapped[str] = mapped_column(String(100), default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncCursor(Base):
    """Local side of sync: how far the central store `target` has acknowledged each chain.

    Advanced only after the central transaction committed; a crash in between re-sends,
    which the central keys make harmless.
    """

    __tablename__ = "sync_cursors"

    target: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the URL
    workstation: Mapped[str] = mapped_column(UID, primary_key=True)
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    acked_decision_id: Mapped[int] = mapped_column(BigInteger, default=0)
    # The hash of the event at acked_seq and the last checkpoint up to it (migration 0009):
    # what local verification holds the chain against.
    acked_hash: Mapped[str | None] = mapped_column(HASH, nullable=True)
    checkpoint_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
