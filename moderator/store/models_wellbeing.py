"""Tables of wellbeing (issue 5): profiles per queue, personal settings, measured exposure,
breaks and check-ins.

Exposure is one row per report a reviewer had on screen (written when it leaves the screen),
with sharp and blurred seconds kept apart. `day` is the reviewer's local calendar day at the
time, so "today" needs no timezone arithmetic in SQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

UID = String(36)


class WellbeingProfile(Base):
    """The wellbeing profile (TOML text) a supervisor set for a queue."""

    __tablename__ = "wellbeing_profiles"

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonalSettings(Base):
    """A reviewer's own, stricter-only, settings (TOML text of the fields they changed)."""

    __tablename__ = "wellbeing_personal"

    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExposureRecord(Base):
    __tablename__ = "exposure_records"
    __table_args__ = (
        CheckConstraint("seconds_revealed >= 0 AND seconds_blurred >= 0", name="durations"),
        Index("ix_exposure_records_reviewer_day", "reviewer_id", "day"),
        Index("ix_exposure_records_time", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    report_uid: Mapped[str] = mapped_column(UID)
    review_round: Mapped[int] = mapped_column(Integer, default=1)
    session_uid: Mapped[str] = mapped_column(UID)
    day: Mapped[date] = mapped_column(Date)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    severity: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(100), default="")
    seconds_revealed: Mapped[float] = mapped_column(Float, default=0.0)
    seconds_blurred: Mapped[float] = mapped_column(Float, default=0.0)
    ended_by: Mapped[str] = mapped_column(String(30), default="")


class BreakRecord(Base):
    """A break that fell due: open while `outcome` is NULL; no claim is possible then."""

    __tablename__ = "wellbeing_breaks"
    __table_args__ = (
        CheckConstraint("outcome IS NULL OR outcome IN ('taken', 'skipped')", name="outcome"),
        Index("ix_wellbeing_breaks_reviewer_open", "reviewer_id", "outcome"),
        Index("ix_wellbeing_breaks_time", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    day: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(20))  # "work" | "exposure"
    hard: Mapped[bool] = mapped_column(Boolean, default=True)
    outcome: Mapped[str | None] = mapped_column(String(10))
    skip_reason: Mapped[str] = mapped_column(Text, default="")


class CheckIn(Base):
    """A reviewer's answer after a severe item: a 1-5 score, or "I need to stop"."""

    __tablename__ = "wellbeing_checkins"
    __table_args__ = (
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score"),
        CheckConstraint("stopped OR score IS NOT NULL", name="answered"),
        Index("ix_wellbeing_checkins_time", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    day: Mapped[date] = mapped_column(Date)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    report_uid: Mapped[str | None] = mapped_column(UID)
    severity: Mapped[str] = mapped_column(String(20), default="")
    score: Mapped[int | None] = mapped_column(Integer)
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)
