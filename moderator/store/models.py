"""Tables. One schema for the embedded SQLite workspace and a team's PostgreSQL queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from moderator.store.base import Base, UTCDateTime

UID = String(36)


def _state_is(state: str) -> ColumnElement[bool]:
    # Rendered as a literal, never a bound parameter: a partial index on `state = 'queued'` is
    # only usable when the query says so literally (SQLite, and PostgreSQL's generic plans
    # for prepared statements).
    return literal_column("reports.state") == literal_column(f"'{state}'")


IS_QUEUED = _state_is("queued")
IS_CLAIMED = _state_is("claimed")
HASH = String(64)


class Reviewer(Base):
    __tablename__ = "reviewers"
    __table_args__ = (CheckConstraint("role IN ('reviewer', 'supervisor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Queue(Base):
    __tablename__ = "queues"
    __table_args__ = (
        CheckConstraint("min_role IN ('reviewer', 'supervisor', 'admin')", name="min_role"),
        CheckConstraint("sla_hours > 0", name="sla_hours"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    categories: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of category codes
    policy_id: Mapped[str] = mapped_column(String(100))
    # The stored policy version new decisions are made under ("": the latest stored one).
    policy_version: Mapped[str] = mapped_column(String(50), default="", server_default="")
    sla_hours: Mapped[int] = mapped_column(Integer, default=24)
    min_role: Mapped[str] = mapped_column(String(20), default="reviewer")
    escalation_queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # closed to new reports


class TrainingCourse(Base):
    __tablename__ = "training_courses"
    __table_args__ = (CheckConstraint("validity_days > 0", name="validity_days"),)

    code: Mapped[str] = mapped_column(String(50), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    validity_days: Mapped[int] = mapped_column(Integer, default=365)
    # JSON list of report categories that need the course; their queues get queue_trainings.
    categories: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class QueueTraining(Base):
    """A course every reviewer of the queue must hold, unexpired, to claim from it."""

    __tablename__ = "queue_trainings"

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), primary_key=True)
    course_code: Mapped[str] = mapped_column(ForeignKey("training_courses.code"), primary_key=True)


class TrainingRecord(Base):
    __tablename__ = "training_records"
    __table_args__ = (
        CheckConstraint("expires_at > completed_at", name="expiry_after_completion"),
        Index("ix_training_records_lookup", "reviewer_id", "course_code", "expires_at"),
        UniqueConstraint("reviewer_id", "course_code", "completed_at"),  # re-import is a no-op
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    course_code: Mapped[str] = mapped_column(ForeignKey("training_courses.code"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    evidence: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(200), default="", server_default="")  # csv:file


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("source", "external_ref"),
        CheckConstraint("state IN ('queued', 'claimed', 'decided')", name="state"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        # A lease exists exactly while the report is claimed: one holder, one token, one expiry.
        CheckConstraint(
            "(state = 'claimed' AND claimed_by IS NOT NULL AND lease_token IS NOT NULL"
            " AND lease_expires_at IS NOT NULL)"
            " OR (state <> 'claimed' AND claimed_by IS NULL AND lease_token IS NULL"
            " AND lease_expires_at IS NULL)",
            name="lease",
        ),
        # The claim walks this index in priority order and stops at the first eligible row.
        Index(
            "ix_reports_claim_order",
            "sla_due",
            text("priority DESC"),
            "received_at",
            "id",
            postgresql_where=text("state = 'queued'"),
            sqlite_where=text("state = 'queued'"),
        ),
        # Listing one queue in claim order, however small that queue is among the others.
        Index(
            "ix_reports_queue_order",
            "queue_id",
            "sla_due",
            text("priority DESC"),
            "received_at",
            "id",
            postgresql_where=text("state = 'queued'"),
            sqlite_where=text("state = 'queued'"),
        ),
        Index(
            "ix_reports_leases",
            "lease_expires_at",
            postgresql_where=text("state = 'claimed'"),
            sqlite_where=text("state = 'claimed'"),
        ),
        Index("ix_reports_queue_state", "queue_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    source: Mapped[str] = mapped_column(String(100))
    external_ref: Mapped[str] = mapped_column(String(200))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    channel: Mapped[str] = mapped_column(String(100), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sla_due: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_category: Mapped[str] = mapped_column(String(100), default="")
    reporter_text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    platform: Mapped[str] = mapped_column(String(100), default="")
    priority: Mapped[int] = mapped_column(Integer, default=3)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    review_round: Mapped[int] = mapped_column(Integer, default=1)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    lease_token: Mapped[str | None] = mapped_column(UID)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MediaItem(Base):
    __tablename__ = "media_items"
    __table_args__ = (
        UniqueConstraint("report_id", "position"),
        CheckConstraint("kind IN ('image', 'video', 'other')", name="kind"),
        Index("ix_media_items_sha256", "sha256"),
        Index("ix_media_items_pdq", "pdq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    uri: Mapped[str] = mapped_column(Text)  # path relative to the media root, or an https URL
    kind: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(HASH)
    md5: Mapped[str | None] = mapped_column(String(32))
    pdq: Mapped[str | None] = mapped_column(HASH)
    pdq_quality: Mapped[int | None] = mapped_column(Integer)
    pdq_frames: Mapped[str | None] = mapped_column(Text)  # JSON list of [seconds, hash, quality]
    media_format: Mapped[str | None] = mapped_column(String(20))
    probe_error: Mapped[str | None] = mapped_column(String(500))


class Skip(Base):
    """A reviewer passed on a report; the claim will not hand it back to them until `until`."""

    __tablename__ = "skips"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), primary_key=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        # At most one decision per report and review round: a double decision cannot be stored.
        UniqueConstraint("report_id", "review_round"),
        CheckConstraint("seconds_on_item >= 0 AND seconds_exposed >= 0", name="durations"),
        Index("ix_decisions_reviewer_time", "reviewer_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    review_round: Mapped[int] = mapped_column(Integer, default=1)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    policy_id: Mapped[str] = mapped_column(String(100))
    policy_version: Mapped[str] = mapped_column(String(50))
    policy_hash: Mapped[str] = mapped_column(HASH)
    outcome: Mapped[str] = mapped_column(String(100))
    answers: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    notes: Mapped[str] = mapped_column(Text, default="")
    seconds_on_item: Mapped[float] = mapped_column(Float, default=0.0)
    seconds_exposed: Mapped[float] = mapped_column(Float, default=0.0)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    workstation: Mapped[str] = mapped_column(UID)
    lease_token: Mapped[str] = mapped_column(UID)


class AuditEvent(Base):
    """One link of a workstation's hash chain. Rows are only ever inserted."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("workstation", "seq"),
        # Two events can never claim the same predecessor: the chain cannot fork.
        UniqueConstraint("workstation", "prev_hash"),
        CheckConstraint("seq >= 1", name="seq"),
        Index("ix_audit_events_report", "report_uid"),
        Index("ix_audit_events_time", "occurred_at"),
        # Decision verification reads each chain's DECIDE events (migration 0009).
        Index(
            "ix_audit_events_decide",
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


class PendingDecision(Base):
    """A submitted decision inside its undo grace period, kept here so a crash cannot lose it.

    The report keeps its lease until the row is finalized into `decisions` (by the same
    `queue.decide` as any decision) or undone; both happen in one transaction with their audit.
    """

    __tablename__ = "pending_decisions"
    __table_args__ = (Index("ix_pending_decisions_due", "reviewer_id", "final_at"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    uid: Mapped[str] = mapped_column(UID, unique=True)
    report_uid: Mapped[str] = mapped_column(UID)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    review_round: Mapped[int] = mapped_column(Integer)
    lease_token: Mapped[str] = mapped_column(UID)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    workstation: Mapped[str] = mapped_column(UID)
    decision: Mapped[str] = mapped_column(Text)  # canonical JSON of the DecisionInput
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    final_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A group decision: the JSON list of the member reports decided with it (services.grouping).
    members: Mapped[str | None] = mapped_column(Text, default=None)


# The other table groups live in their own modules; importing them here registers them with
# Base.metadata wherever the models are loaded (Alembic, tests, the app).
from moderator.store import (  # noqa: E402,F401
    models_banks,
    models_central,
    models_counts,
    models_lifecycle,
    models_org,
    models_platform,
    models_quality,
    models_server,
    models_wellbeing,
)
