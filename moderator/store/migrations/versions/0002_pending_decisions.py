"""pending decisions: submitted, still undoable, crash-safe

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_decisions",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("report_uid", sa.String(length=36), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("lease_token", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("submitted_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.Column("final_at", moderator.store.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_pending_decisions_queue_id_queues")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_pending_decisions_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_pending_decisions_reviewer_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_pending_decisions")),
        sa.UniqueConstraint("uid", name=op.f("uq_pending_decisions_uid")),
    )
    with op.batch_alter_table("pending_decisions", schema=None) as batch_op:
        batch_op.create_index("ix_pending_decisions_due", ["reviewer_id", "final_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_pending_decisions_due")
    op.drop_table("pending_decisions")
