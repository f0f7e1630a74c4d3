"""quality: gold items, second review, adjudication (issue 7)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UTC = moderator.store.base.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "qa_settings",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("gold_rate", sa.Float(), nullable=False),
        sa.Column("second_review", sa.Float(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "gold_rate >= 0 AND gold_rate <= 1", name=op.f("ck_qa_settings_gold_rate")
        ),
        sa.CheckConstraint(
            "second_review >= 0 AND second_review <= 1", name=op.f("ck_qa_settings_second_review")
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_qa_settings_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("queue_id", name=op.f("pk_qa_settings")),
    )
    op.create_table(
        "gold_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("expected_outcome", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("retired_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_gold_items_queue_id_queues")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_gold_items_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gold_items")),
        sa.UniqueConstraint("report_id", name=op.f("uq_gold_items_report_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_gold_items_uid")),
    )
    op.create_index("ix_gold_items_queue", "gold_items", ["queue_id", "retired_at"])
    op.create_table(
        "gold_copies",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("gold_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("served_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gold_id"], ["gold_items.id"], name=op.f("fk_gold_copies_gold_id_gold_items")
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_gold_copies_queue_id_queues")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_gold_copies_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewers.id"], name=op.f("fk_gold_copies_reviewer_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_gold_copies")),
        sa.UniqueConstraint("gold_id", "reviewer_id", name=op.f("uq_gold_copies_gold_id")),
    )
    op.create_table(
        "gold_results",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("gold_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("decision_uid", sa.String(length=36), nullable=False),
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("expected", sa.String(length=100), nullable=False),
        sa.Column("actual", sa.String(length=100), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("decided_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gold_id"], ["gold_items.id"], name=op.f("fk_gold_results_gold_id_gold_items")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_gold_results_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewers.id"], name=op.f("fk_gold_results_reviewer_id_reviewers")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_gold_results")),
        sa.UniqueConstraint("decision_uid", name=op.f("uq_gold_results_decision_uid")),
    )
    op.create_index("ix_gold_results_time", "gold_results", ["decided_at"])
    op.create_table(
        "second_reviews",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("first_decision_uid", sa.String(length=36), nullable=False),
        sa.Column("first_reviewer_id", sa.Integer(), nullable=False),
        sa.Column("second_decision_uid", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("queued_at", UTC(), nullable=False),
        sa.Column("decided_at", UTC(), nullable=True),
        sa.CheckConstraint(
            "state IN ('waiting', 'agreed', 'disagreed', 'adjudicated')",
            name=op.f("ck_second_reviews_state"),
        ),
        sa.ForeignKeyConstraint(
            ["first_reviewer_id"],
            ["reviewers.id"],
            name=op.f("fk_second_reviews_first_reviewer_id_reviewers"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_second_reviews_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_second_reviews")),
        sa.UniqueConstraint(
            "first_decision_uid", name=op.f("uq_second_reviews_first_decision_uid")
        ),
        sa.UniqueConstraint(
            "second_decision_uid", name=op.f("uq_second_reviews_second_decision_uid")
        ),
    )
    op.create_index("ix_second_reviews_state", "second_reviews", ["state", "queued_at"])
    op.create_index("ix_second_reviews_decided", "second_reviews", ["decided_at"])
    op.create_table(
        "adjudications",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("adjudicated_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["second_reviews.report_id"],
            name=op.f("fk_adjudications_report_id_second_reviews"),
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["reviewers.id"],
            name=op.f("fk_adjudications_supervisor_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_adjudications")),
        sa.UniqueConstraint("uid", name=op.f("uq_adjudications_uid")),
    )


def downgrade() -> None:
    op.drop_table("adjudications")
    op.drop_index("ix_second_reviews_decided", table_name="second_reviews")
    op.drop_index("ix_second_reviews_state", table_name="second_reviews")
    op.drop_table("second_reviews")
    op.drop_index("ix_gold_results_time", table_name="gold_results")
    op.drop_table("gold_results")
    op.drop_table("gold_copies")
    op.drop_index("ix_gold_items_queue", table_name="gold_items")
    op.drop_table("gold_items")
    op.drop_table("qa_settings")
