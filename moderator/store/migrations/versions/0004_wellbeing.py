"""wellbeing: profiles per queue, personal settings, exposure, breaks, check-ins (issue 5)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import moderator.store.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_DT = moderator.store.base.UTCDateTime


def _reviewer_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["reviewer_id"], ["reviewers.id"], name=op.f(f"fk_{table}_reviewer_id_reviewers")
    )


def upgrade() -> None:
    op.create_table(
        "wellbeing_profiles",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", UTC_DT(), nullable=False),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_wellbeing_profiles_queue_id_queues")
        ),
        sa.PrimaryKeyConstraint("queue_id", name=op.f("pk_wellbeing_profiles")),
    )
    op.create_table(
        "wellbeing_personal",
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("set_at", UTC_DT(), nullable=False),
        _reviewer_fk("wellbeing_personal"),
        sa.PrimaryKeyConstraint("reviewer_id", name=op.f("pk_wellbeing_personal")),
    )
    op.create_table(
        "exposure_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("report_uid", sa.String(length=36), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("session_uid", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("occurred_at", UTC_DT(), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("seconds_revealed", sa.Float(), nullable=False),
        sa.Column("seconds_blurred", sa.Float(), nullable=False),
        sa.Column("ended_by", sa.String(length=30), nullable=False),
        sa.CheckConstraint(
            "seconds_revealed >= 0 AND seconds_blurred >= 0",
            name=op.f("ck_exposure_records_durations"),
        ),
        _reviewer_fk("exposure_records"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exposure_records")),
        sa.UniqueConstraint("uid", name=op.f("uq_exposure_records_uid")),
    )
    op.create_index("ix_exposure_records_reviewer_day", "exposure_records", ["reviewer_id", "day"])
    op.create_index("ix_exposure_records_time", "exposure_records", ["occurred_at"])
    op.create_table(
        "wellbeing_breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", UTC_DT(), nullable=False),
        sa.Column("ends_at", UTC_DT(), nullable=False),
        sa.Column("ended_at", UTC_DT(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("hard", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("skip_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('taken', 'skipped')",
            name=op.f("ck_wellbeing_breaks_outcome"),
        ),
        _reviewer_fk("wellbeing_breaks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_breaks")),
        sa.UniqueConstraint("uid", name=op.f("uq_wellbeing_breaks_uid")),
    )
    op.create_index(
        "ix_wellbeing_breaks_reviewer_open", "wellbeing_breaks", ["reviewer_id", "outcome"]
    )
    op.create_index("ix_wellbeing_breaks_time", "wellbeing_breaks", ["started_at"])
    op.create_table(
        "wellbeing_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("occurred_at", UTC_DT(), nullable=False),
        sa.Column("report_uid", sa.String(length=36), nullable=True),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("stopped", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "score IS NULL OR score BETWEEN 1 AND 5", name=op.f("ck_wellbeing_checkins_score")
        ),
        sa.CheckConstraint(
            "stopped OR score IS NOT NULL", name=op.f("ck_wellbeing_checkins_answered")
        ),
        _reviewer_fk("wellbeing_checkins"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_checkins")),
        sa.UniqueConstraint("uid", name=op.f("uq_wellbeing_checkins_uid")),
    )
    op.create_index("ix_wellbeing_checkins_time", "wellbeing_checkins", ["occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_wellbeing_checkins_time", table_name="wellbeing_checkins")
    op.drop_table("wellbeing_checkins")
    op.drop_index("ix_wellbeing_breaks_time", table_name="wellbeing_breaks")
    op.drop_index("ix_wellbeing_breaks_reviewer_open", table_name="wellbeing_breaks")
    op.drop_table("wellbeing_breaks")
    op.drop_index("ix_exposure_records_time", table_name="exposure_records")
    op.drop_index("ix_exposure_records_reviewer_day", table_name="exposure_records")
    op.drop_table("exposure_records")
    op.drop_table("wellbeing_personal")
    op.drop_table("wellbeing_profiles")
