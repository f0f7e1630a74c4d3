"""Tables of quality assurance (issue 7): gold items, second review, adjudication.

A gold item is a decided report a supervisor vouches for, with the outcome it should get. The
claim serves it blind as a *copy*: a fresh report row (`gold_copies` links the two) that only
the reviewer it was made for can claim. A second review puts a decided report back in its
queue for round 2; when the two rounds disagree a supervisor adjudicates.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

UID = String(36)


class QaSettings(Base):
    """Per queue: the share of claims served as gold, the share of decisions reviewed twice."""

    __tablename__ = "qa_settings"
    __table_args__ = (
        CheckConstraint("gold_rate >= 0 AND gold_rate <= 1", name="gold_rate"),
        CheckConstraint("second_review >= 0 AND second_review <= 1", name="second_review"),
    )

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), primary_key=True)
    gold_rate: Mapped[float] = mapped_column(Float, default=0.0)
    second_review: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


class GoldItem(Base):
    __tablename__ = "gold_items"
    __table_args__ = (Index("ix_gold_items_queue", "queue_id", "retired_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    policy_id: Mapped[str] = mapped_column(String(100))
    expected_outcome: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class GoldCopy(Base):
    """A gold item served to one reviewer as a fresh report; at most once per reviewer."""

    __tablename__ = "gold_copies"
    __table_args__ = (UniqueConstraint("gold_id", "reviewer_id"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    gold_id: Mapped[int] = mapped_column(ForeignKey("gold_items.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    served_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GoldResult(Base):
    """What a reviewer decided on a gold copy against what was expected."""

    __tablename__ = "gold_results"
    __table_args__ = (Index("ix_gold_results_time", "decided_at"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    gold_id: Mapped[int] = mapped_column(ForeignKey("gold_items.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    decision_uid: Mapped[str] = mapped_column(UID, unique=True)
    policy_id: Mapped[str] = mapped_column(String(100))
    expected: Mapped[str] = mapped_column(String(100))
    actual: Mapped[str] = mapped_column(String(100))
    correct: Mapped[bool] = mapped_column(Boolean)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SecondReview(Base):
    """A report sampled for a blind second review (waiting, agreed, disagreed, adjudicated)."""

    __tablename__ = "second_reviews"
    __table_args__ = (
        CheckConstraint("state IN ('waiting', 'agreed', 'disagreed', 'adjudicated')", name="state"),
        Index("ix_second_reviews_state", "state", "queued_at"),
        Index("ix_second_reviews_decided", "decided_at"),
    )

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    first_decision_uid: Mapped[str] = mapped_column(UID, unique=True)
    first_reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    second_decision_uid: Mapped[str | None] = mapped_column(UID, unique=True)
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Adjudication(Base):
    """A supervisor's final outcome for a report whose two reviews disagreed."""

    __tablename__ = "adjudications"

    report_id: Mapped[int] = mapped_column(ForeignKey("second_reviews.report_id"), primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    outcome: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    adjudicated_at: Mapped[datetime] = mapped_column(UTCDateTime)
