"""Tables of what follows a decision (issue 19): actions, notices to reporters, retention.

- `queue_lifecycle`: a queue's notice deadline and retention period (days; NULL: none).
- `actions`: one row per action a final decision's outcome calls for, with its state, who
  last changed it and when (store clock), a text reference as evidence, and its follow-up
  date. Its category and host are copied at creation so the figures survive a purge. Reports
  of regulators count "removed or blocked" from here (kind remove/block, state confirmed).
- `reporter_notices`: the notice sent to a report's reporter: when, by whom, its exact text.
- `legal_holds`: a report that must not be purged, with why; released, never deleted.
- `report_purges`: the reports whose content a purge removed, and which purge did it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base, UTCDateTime

UID = String(36)


class QueueLifecycle(Base):
    __tablename__ = "queue_lifecycle"
    __table_args__ = (
        CheckConstraint("notice_days IS NULL OR notice_days > 0", name="notice_days"),
        CheckConstraint("retention_days IS NULL OR retention_days > 0", name="retention_days"),
    )

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), primary_key=True)
    notice_days: Mapped[int | None] = mapped_column(Integer)
    retention_days: Mapped[int | None] = mapped_column(Integer)


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("decision_uid", "kind"),  # planning twice adds nothing
        CheckConstraint(
            "kind IN ('remove', 'block', 'notify_host', 'report_hotline', "
            "'report_law_enforcement')",
            name="kind",
        ),
        CheckConstraint("state IN ('due', 'sent', 'confirmed', 'failed')", name="state"),
        Index("ix_actions_open", "state", "due_at"),
        Index("ix_actions_report", "report_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    decision_uid: Mapped[str] = mapped_column(UID)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    outcome: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(100), default="")
    host: Mapped[str] = mapped_column(String(255), default="")
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20), default="due")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    follow_up_hours: Mapped[int] = mapped_column(Integer)
    follow_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first time sent
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))
    evidence: Mapped[str] = mapped_column(Text, default="")


class ReporterNotice(Base):
    __tablename__ = "reporter_notices"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)  # as it stood when sent
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_by: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)


class LegalHold(Base):
    __tablename__ = "legal_holds"
    __table_args__ = (Index("ix_legal_holds_report", "report_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(100))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    released_by: Mapped[str | None] = mapped_column(String(100))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    release_reason: Mapped[str] = mapped_column(Text, default="")


class ReportPurge(Base):
    __tablename__ = "report_purges"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    purge_uid: Mapped[str] = mapped_column(UID)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    purged_by: Mapped[str] = mapped_column(String(100))
