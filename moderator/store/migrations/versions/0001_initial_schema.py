"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("report_uid", sa.String(length=36), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_audit_events_seq")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("uid", name=op.f("uq_audit_events_uid")),
        sa.UniqueConstraint(
            "workstation", "prev_hash", name=op.f("uq_audit_events_workstation_prev_hash")
        ),
        sa.UniqueConstraint("workstation", "seq", name=op.f("uq_audit_events_workstation_seq")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_report", ["report_uid"], unique=False)
        batch_op.create_index("ix_audit_events_time", ["occurred_at"], unique=False)

    op.create_table(
        "queues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("sla_hours", sa.Integer(), nullable=False),
        sa.Column("min_role", sa.String(length=20), nullable=False),
        sa.Column("escalation_queue_id", sa.Integer(), nullable=True),
        sa.Column("created_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "min_role IN ('reviewer', 'supervisor', 'admin')", name=op.f("ck_queues_min_role")
        ),
        sa.CheckConstraint("sla_hours > 0", name=op.f("ck_queues_sla_hours")),
        sa.ForeignKeyConstraint(
            ["escalation_queue_id"],
            ["queues.id"],
            name=op.f("fk_queues_escalation_queue_id_queues"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queues")),
        sa.UniqueConstraint("name", name=op.f("uq_queues_name")),
    )
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('reviewer', 'supervisor', 'admin')", name=op.f("ck_reviewers_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewers")),
        sa.UniqueConstraint("username", name=op.f("uq_reviewers_username")),
    )
    op.create_table(
        "training_courses",
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("validity_days > 0", name=op.f("ck_training_courses_validity_days")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_training_courses")),
    )
    op.create_table(
        "queue_trainings",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("course_code", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_code"],
            ["training_courses.code"],
            name=op.f("fk_queue_trainings_course_code_training_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_queue_trainings_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("queue_id", "course_code", name=op.f("pk_queue_trainings")),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("received_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("sla_due", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("reported_category", sa.String(length=100), nullable=False),
        sa.Column("reporter_text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("platform", sa.String(length=100), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("lease_token", sa.String(length=36), nullable=True),
        sa.Column("lease_expires_at", moderator.store.base.UTCDateTime(), nullable=True),
        sa.Column("claimed_at", moderator.store.base.UTCDateTime(), nullable=True),
        sa.Column("decided_at", moderator.store.base.UTCDateTime(), nullable=True),
        sa.Column("ingested_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(state = 'claimed' AND claimed_by IS NOT NULL AND lease_token IS NOT NULL AND lease_expires_at IS NOT NULL) OR (state <> 'claimed' AND claimed_by IS NULL AND lease_token IS NULL AND lease_expires_at IS NULL)",
            name=op.f("ck_reports_lease"),
        ),
        sa.CheckConstraint(
            "state IN ('queued', 'claimed', 'decided')", name=op.f("ck_reports_state")
        ),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name=op.f("ck_reports_priority")),
        sa.ForeignKeyConstraint(
            ["claimed_by"], ["reviewers.id"], name=op.f("fk_reports_claimed_by_reviewers")
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_reports_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("source", "external_ref", name=op.f("uq_reports_source_external_ref")),
        sa.UniqueConstraint("uid", name=op.f("uq_reports_uid")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reports_leases",
            ["lease_expires_at"],
            unique=False,
            postgresql_where=sa.text("state = 'claimed'"),
            sqlite_where=sa.text("state = 'claimed'"),
        )
        batch_op.create_index("ix_reports_queue_state", ["queue_id", "state"], unique=False)
        batch_op.create_index(
            "ix_reports_claim_order",
            ["sla_due", sa.text("priority DESC"), "received_at", "id"],
            unique=False,
            postgresql_where=sa.text("state = 'queued'"),
            sqlite_where=sa.text("state = 'queued'"),
        )
        batch_op.create_index(
            "ix_reports_queue_order",
            ["queue_id", "sla_due", sa.text("priority DESC"), "received_at", "id"],
            unique=False,
            postgresql_where=sa.text("state = 'queued'"),
            sqlite_where=sa.text("state = 'queued'"),
        )

    op.create_table(
        "training_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("course_code", sa.String(length=50), nullable=False),
        sa.Column("completed_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("expires_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("evidence", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "expires_at > completed_at", name=op.f("ck_training_records_expiry_after_completion")
        ),
        sa.ForeignKeyConstraint(
            ["course_code"],
            ["training_courses.code"],
            name=op.f("fk_training_records_course_code_training_courses"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_training_records_reviewer_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_records")),
    )
    with op.batch_alter_table("training_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_records_lookup", ["reviewer_id", "course_code", "expires_at"], unique=False
        )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("policy_version", sa.String(length=50), nullable=False),
        sa.Column("policy_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=100), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("seconds_on_item", sa.Float(), nullable=False),
        sa.Column("seconds_exposed", sa.Float(), nullable=False),
        sa.Column("decided_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("lease_token", sa.String(length=36), nullable=False),
        sa.CheckConstraint(
            "seconds_on_item >= 0 AND seconds_exposed >= 0", name=op.f("ck_decisions_durations")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_decisions_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewers.id"], name=op.f("fk_decisions_reviewer_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint(
            "report_id", "review_round", name=op.f("uq_decisions_report_id_review_round")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_decisions_uid")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_decisions_reviewer_time", ["reviewer_id", "decided_at"], unique=False
        )

    op.create_table(
        "media_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("md5", sa.String(length=32), nullable=True),
        sa.Column("pdq", sa.String(length=64), nullable=True),
        sa.Column("pdq_quality", sa.Integer(), nullable=True),
        sa.Column("pdq_frames", sa.Text(), nullable=True),
        sa.Column("media_format", sa.String(length=20), nullable=True),
        sa.Column("probe_error", sa.String(length=500), nullable=True),
        sa.CheckConstraint("kind IN ('image', 'video', 'other')", name=op.f("ck_media_items_kind")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_media_items_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_items")),
        sa.UniqueConstraint(
            "report_id", "position", name=op.f("uq_media_items_report_id_position")
        ),
    )
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.create_index("ix_media_items_pdq", ["pdq"], unique=False)
        batch_op.create_index("ix_media_items_sha256", ["sha256"], unique=False)

    op.create_table(
        "skips",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("until", moderator.store.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_skips_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewers.id"], name=op.f("fk_skips_reviewer_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("report_id", "reviewer_id", name=op.f("pk_skips")),
    )


def downgrade() -> None:
    op.drop_table("skips")
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.drop_index("ix_media_items_sha256")
        batch_op.drop_index("ix_media_items_pdq")

    op.drop_table("media_items")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_decisions_reviewer_time")

    op.drop_table("decisions")
    with op.batch_alter_table("training_records", schema=None) as batch_op:
        batch_op.drop_index("ix_training_records_lookup")

    op.drop_table("training_records")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_queue_state")
        batch_op.drop_index("ix_reports_claim_order")
        batch_op.drop_index("ix_reports_queue_order")
        batch_op.drop_index(
            "ix_reports_leases",
            postgresql_where=sa.text("state = 'claimed'"),
            sqlite_where=sa.text("state = 'claimed'"),
        )

    op.drop_table("reports")
    op.drop_table("queue_trainings")
    op.drop_table("training_courses")
    op.drop_table("reviewers")
    op.drop_table("queues")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_time")
        batch_op.drop_index("ix_audit_events_report")

    op.drop_table("audit_events")
