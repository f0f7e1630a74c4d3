"""Tables of the team server (issue 16): enrollment codes, workstation registrations, tokens
and idempotency keys.

Secrets are never stored: a code or a token is kept as its SHA-256. A workstation is bound to
one person by the server when that person enrolls it; `server_chain` is the workstation id of
the server's own audit chain for what it does on that workstation's requests.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

UID = String(36)
HASH = String(64)


class EnrollmentCode(Base):
    """A one-time code a supervisor issued for one person; used at most once, until it expires."""

    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    workstation: Mapped[str | None] = mapped_column(UID)


class WorkstationRegistration(Base):
    """A desktop enrolled by a person: its id (chosen by the server) and public key."""

    __tablename__ = "workstation_registrations"
    __table_args__ = (Index("ix_workstation_registrations_reviewer", "reviewer_id"),)

    workstation: Mapped[str] = mapped_column(UID, primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, raw 32 bytes, hex
    server_chain: Mapped[str] = mapped_column(UID, unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    """A bearer token of one workstation (stored as its SHA-256)."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_workstation", "workstation"),)

    token_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    workstation: Mapped[str] = mapped_column(ForeignKey("workstation_registrations.workstation"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdempotencyKey(Base):
    """A mutating request already done, with the response to give again when it is repeated."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_created", "created_at"),)

    workstation: Mapped[str] = mapped_column(UID, primary_key=True)
    key: Mapped[str] = mapped_column(UID, primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(HASH)
    status: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
