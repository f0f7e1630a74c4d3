"""training: course catalogue and record details (issue 7)

A course names the report categories that need it; a record says where it came from (a CSV
file, the admin window) and cannot be stored twice for the same completion.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("categories", sa.Text(), server_default="[]", nullable=False))
    with op.batch_alter_table("training_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_training_records_reviewer_id_course_code_completed_at"),
            ["reviewer_id", "course_code", "completed_at"],
        )


def downgrade() -> None:
    with op.batch_alter_table("training_records", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_training_records_reviewer_id_course_code_completed_at"), type_="unique"
        )
        batch_op.drop_column("source")
    with op.batch_alter_table("training_courses", schema=None) as batch_op:
        batch_op.drop_column("categories")
