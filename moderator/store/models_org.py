"""Tables of the organisation's own setup (issue 15): its policies, versioned, and its settings.

A policy row is the exact file a supervisor imported, identified by the SHA-256 of its bytes;
rows are only ever inserted, so every decision's (id, version, hash) keeps pointing at the
checklist and the wording the reviewer saw.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

HASH = String(64)


class StoredPolicy(Base):
    __tablename__ = "policies"
    __table_args__ = (
        UniqueConstraint("policy_id", "version"),
        Index("ix_policies_latest", "policy_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # import order
    policy_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(HASH, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # the file's text, exactly (sha256 is of its UTF-8)
    source: Mapped[str] = mapped_column(String(300), default="")  # the file name imported
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OrgSetting(Base):
    """One organisation setting (see `moderator.domain.organisation`), its value as JSON."""

    __tablename__ = "org_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
