"""a group decision waits out its undo grace period like any other: pending rows name members

The review window decides equal and near copies as a group (issue 18). Submitting a group
stores one pending row for the claimed report, as a normal submit does, with the members the
reviewer left in the group (a JSON list of report uids); undo takes the whole group back,
finalize decides the lead and each member still waiting in one transaction. NULL: a decision
on the claimed report alone, as before.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pending_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("members", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pending_decisions", schema=None) as batch_op:
        batch_op.drop_column("members")
