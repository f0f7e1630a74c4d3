"""Tables of the hash banks (issue 18): named banks and their entries, with provenance.

Banks and entries are never deleted: retiring one sets `retired_at`, so every automated
decision keeps pointing at the entry that made it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime


class HashBank(Base):
    __tablename__ = "hash_banks"
    __table_args__ = (
        CheckConstraint("action IN ('known', 'route', 'flag')", name="action"),
        CheckConstraint("source IN ('own', 'partner', 'regulator')", name="source"),
        CheckConstraint("threshold BETWEEN 0 AND 63", name="threshold"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    source: Mapped[str] = mapped_column(String(20), default="own")
    source_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(20))
    signals: Mapped[str] = mapped_column(Text)  # JSON list of signal types
    threshold: Mapped[int] = mapped_column(Integer, default=31)  # PDQ / vPDQ frame Hamming
    match_percent: Mapped[int] = mapped_column(Integer, default=80)  # vPDQ whole-video share
    outcome: Mapped[str] = mapped_column(String(100), default="")  # for action "known"
    route_queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id"))
    safe_list: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_by: Mapped[str | None] = mapped_column(String(100))


class BankEntry(Base):
    __tablename__ = "bank_entries"
    __table_args__ = (
        UniqueConstraint("bank_id", "digest"),  # re-importing a list changes nothing
        Index("ix_bank_entries_value", "signal", "value_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("hash_banks.id"))
    signal: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    value_key: Mapped[str] = mapped_column(String(64))  # the value's first 64 characters
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of "signal:value"
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_by: Mapped[str] = mapped_column(String(100), default="")
    confirmed_at: Mapped[str] = mapped_column(String(40), default="")
    origin: Mapped[str] = mapped_column(String(300), default="")  # "import:FILE:LINE", ...
    report_uid: Mapped[str] = mapped_column(String(36), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[str] = mapped_column(Text, default="")  # JSON (VICS categories, ...)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_by: Mapped[str | None] = mapped_column(String(100))


class HashMatch(Base):
    """A report's media item matched a bank entry; `action` is what was done about it."""

    __tablename__ = "hash_matches"
    __table_args__ = (
        CheckConstraint(
            "action IN ('known', 'route', 'flag', 'safe', 'suppressed')", name="action"
        ),
        Index("ix_hash_matches_report", "report_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    position: Mapped[int] = mapped_column(Integer)
    bank_id: Mapped[int] = mapped_column(ForeignKey("hash_banks.id"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("bank_entries.id"))
    signal: Mapped[str] = mapped_column(String(20))
    distance: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BankFeed(Base):
    """A queue sends its confirmed outcomes into a bank (issue 18, decision to bank).

    `outcomes` (JSON list) are the outcomes sent; `rule` is who must have confirmed one before
    its hashes are entered: `two` (two reviewers agreed in a second review), `supervisor` (a
    supervisor decided or adjudicated it) or `either`. Stopped, never deleted.
    """

    __tablename__ = "bank_feeds"
    __table_args__ = (CheckConstraint("rule IN ('two', 'supervisor', 'either')", name="rule"),)

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("hash_banks.id"))
    outcomes: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(20))
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
