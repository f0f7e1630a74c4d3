"""central store: events, decisions, workstation keys; sync cursors

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 10:50:00.643938
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "central_decisions",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("report_uid", sa.String(length=36), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=False),
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("policy_version", sa.String(length=50), nullable=False),
        sa.Column("policy_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=100), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("seconds_on_item", sa.Float(), nullable=False),
        sa.Column("seconds_exposed", sa.Float(), nullable=False),
        sa.Column("decided_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("received_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_central_decisions")),
    )
    with op.batch_alter_table("central_decisions", schema=None) as batch_op:
        batch_op.create_index("ix_central_decisions_report", ["report_uid"], unique=False)
        batch_op.create_index(
            "ix_central_decisions_reviewer_time", ["reviewer", "decided_at"], unique=False
        )

    op.create_table(
        "central_events",
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
        sa.Column("outcome", sa.String(length=100), nullable=True),
        sa.Column("policy_id", sa.String(length=100), nullable=True),
        sa.Column("received_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_events")),
        sa.UniqueConstraint("uid", name=op.f("uq_central_events_uid")),
        sa.UniqueConstraint("workstation", "seq", name=op.f("uq_central_events_workstation_seq")),
    )
    with op.batch_alter_table("central_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_central_events_actor_time", ["actor", "occurred_at"], unique=False
        )
        batch_op.create_index("ix_central_events_kind_time", ["kind", "occurred_at"], unique=False)
        batch_op.create_index("ix_central_events_outcome", ["outcome"], unique=False)
        batch_op.create_index("ix_central_events_policy", ["policy_id"], unique=False)
        batch_op.create_index("ix_central_events_report", ["report_uid"], unique=False)
        batch_op.create_index("ix_central_events_time", ["occurred_at", "id"], unique=False)

    op.create_table(
        "sync_cursors",
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("acked_seq", sa.BigInteger(), nullable=False),
        sa.Column("acked_decision_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("target", "workstation", name=op.f("pk_sync_cursors")),
    )
    op.create_table(
        "workstation_keys",
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("algorithm", sa.String(length=20), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("db_user", sa.String(length=100), nullable=False),
        sa.Column("registered_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workstation", name=op.f("pk_workstation_keys")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_reports_claim_order"), sqlite_where=sa.text("state = 'queued'")
        )
        batch_op.create_index(
            "ix_reports_claim_order",
            ["sla_due", sa.literal_column("priority DESC"), "received_at", "id"],
            unique=False,
            postgresql_where=sa.text("state = 'queued'"),
            sqlite_where=sa.text("state = 'queued'"),
        )
        batch_op.drop_index(
            batch_op.f("ix_reports_queue_order"), sqlite_where=sa.text("state = 'queued'")
        )
        batch_op.create_index(
            "ix_reports_queue_order",
            ["queue_id", "sla_due", sa.literal_column("priority DESC"), "received_at", "id"],
            unique=False,
            postgresql_where=sa.text("state = 'queued'"),
            sqlite_where=sa.text("state = 'queued'"),
        )


def downgrade() -> None:

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_reports_queue_order",
            postgresql_where=sa.text("state = 'queued'"),
            sqlite_where=sa.text("state = 'queued'"),
        )
        batch_op.create_index(
            batch_op.f("ix_reports_queue_order"),
            ["queue_id", "sla_due", "priority", "received_at", "id"],
            unique=False,
            sqlite_where=sa.text("state = 'queued'"),
        )
        batch_op.drop_index(
            "ix_reports_claim_order",
            postgresql_where=sa.text("state = 'queued'"),
            sqlite_where=sa.text("state = 'queued'"),
        )
        batch_op.create_index(
            batch_op.f("ix_reports_claim_order"),
            ["sla_due", "priority", "received_at", "id"],
            unique=False,
            sqlite_where=sa.text("state = 'queued'"),
        )

    op.drop_table("workstation_keys")
    op.drop_table("sync_cursors")
    with op.batch_alter_table("central_events", schema=None) as batch_op:
        batch_op.drop_index("ix_central_events_time")
        batch_op.drop_index("ix_central_events_report")
        batch_op.drop_index("ix_central_events_policy")
        batch_op.drop_index("ix_central_events_outcome")
        batch_op.drop_index("ix_central_events_kind_time")
        batch_op.drop_index("ix_central_events_actor_time")

    op.drop_table("central_events")
    with op.batch_alter_table("central_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_central_decisions_reviewer_time")
        batch_op.drop_index("ix_central_decisions_report")

    op.drop_table("central_decisions")
